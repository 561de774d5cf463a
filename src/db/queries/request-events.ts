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
  const { text, values } = requestEventStatement(e);
  await db.query(prepared(text, values));
}

/**
 * The statement that records `e` with its notifications; with `moves`, it also sets the request's status to the
 * event's `toStatus` in the same statement (the one status writer, moveRequest, does so). The notifications read
 * the request's reference, subject, secrecy and committee, which a status change leaves as they are.
 */
export function requestEventStatement(
  e: NewRequestEvent,
  moves = false,
): { text: string; values: unknown[] } {
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
  // Every part takes the request's id as $1; the event's other fields follow the notifications' parameters, and
  // the new status comes last.
  const values = [...(notify ? notify.values : [e.requestId]), ...fields];
  const at = values.length - fields.length;
  const placeholders = fields.map((_, i) => `$${at + 1 + i}`).join(", ");
  const insert = `${INSERT_EVENT} values ($1, ${placeholders})`;
  const ctes: string[] = [];
  if (moves) {
    if (!e.toStatus) throw new Error("a move of status names the status it moves to");
    values.push(e.toStatus);
    ctes.push(`moved as (update requests set status = $${values.length}, updated_at = now() where id = $1)`);
  }
  if (!notify) return { text: ctes.length ? `with ${ctes.join(", ")} ${insert}` : insert, values };
  ctes.push(`event as (${insert})`);
  return { text: `with ${ctes.join(", ")} ${notify.text}`, values };
}

/** A request's trail, oldest first (the request is $1). */
export const EVENTS_OF_REQUEST = `select e.id::text, e.at, e.action, e.from_status as "fromStatus", e.to_status as "toStatus",
          e.actor_token_id as "actorTokenId",
          case when u.id is null then null else json_build_object('id', u.id, 'name', u.name) end as "actorUser",
          c.code as "actorCommittee", e.detail
     from request_events e left join committees c on c.id = e.actor_committee_id
     left join users u on u.id = e.actor_user_id
    where e.request_id = $1 order by e.id`;
