import type { RequestStatus } from "../../domain/request-state.js";
import { type Db, prepared } from "../db.js";
import { eventNotificationsStatement } from "./notifications.js";

export interface NewRequestEvent {
  requestId: string;
  action: string;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus | null;
  actorTokenId?: string | null;
  actorUserId?: string | null;
  actorCommitteeId?: number | null;
  detail?: Record<string, unknown>;
}

export interface RequestEvent {
  id: string;
  at: Date;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorTokenId: string | null;
  actorUser: { id: string; name: string } | null;
  actorCommittee: string | null;
  detail: Record<string, unknown>;
}

const INSERT_EVENT = `insert into request_events
  (request_id, action, from_status, to_status, actor_token_id, actor_committee_id, detail, actor_user_id)`;

/**
 * The event, and in the same statement the notifications it raises (eventNotificationsStatement): a notification
 * exists exactly when its event does, and the pair costs one round trip.
 */
export async function insertRequestEvent(db: Db, e: NewRequestEvent): Promise<void> {
  const fields = [
    e.action,
    e.fromStatus,
    e.toStatus,
    e.actorTokenId ?? null,
    e.actorCommitteeId ?? null,
    JSON.stringify(e.detail ?? {}),
    e.actorUserId ?? null,
  ];
  const notify = eventNotificationsStatement(e);
  if (!notify) {
    await db.query(
      prepared(`${INSERT_EVENT} values ($1, $2, $3, $4, $5, $6, $7, $8)`, [e.requestId, ...fields]),
    );
    return;
  }
  // Both take the request's id as $1; the event's other fields follow the notifications' parameters.
  const at = notify.values.length;
  const placeholders = fields.map((_, i) => `$${at + 1 + i}`).join(", ");
  await db.query(
    prepared(`with event as (${INSERT_EVENT} values ($1, ${placeholders})) ${notify.text}`, [
      ...notify.values,
      ...fields,
    ]),
  );
}

/** A request's trail, oldest first (the request is $1). */
export const EVENTS_OF_REQUEST = `select e.id::text, e.at, e.action, e.from_status as "fromStatus", e.to_status as "toStatus",
          e.actor_token_id as "actorTokenId",
          case when u.id is null then null else json_build_object('id', u.id, 'name', u.name) end as "actorUser",
          c.code as "actorCommittee", e.detail
     from request_events e left join committees c on c.id = e.actor_committee_id
     left join users u on u.id = e.actor_user_id
    where e.request_id = $1 order by e.id`;
