import type { RequestStatus } from "../../domain/request-state.js";
import { type Db, prepared } from "../db.js";
import { notifyForEvent } from "./notifications.js";

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

export async function insertRequestEvent(db: Db, e: NewRequestEvent): Promise<void> {
  await db.query(
    prepared(
      `insert into request_events
         (request_id, action, from_status, to_status, actor_token_id, actor_committee_id, detail, actor_user_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        e.requestId,
        e.action,
        e.fromStatus,
        e.toStatus,
        e.actorTokenId ?? null,
        e.actorCommitteeId ?? null,
        JSON.stringify(e.detail ?? {}),
        e.actorUserId ?? null,
      ],
    ),
  );
  // In the same transaction: a notification exists exactly when its event does.
  await notifyForEvent(db, e);
}

export async function listRequestEvents(db: Db, requestId: string): Promise<RequestEvent[]> {
  const { rows } = await db.query<RequestEvent>(
    prepared(
      `select e.id::text, e.at, e.action, e.from_status as "fromStatus", e.to_status as "toStatus",
            e.actor_token_id as "actorTokenId",
            case when u.id is null then null else json_build_object('id', u.id, 'name', u.name) end as "actorUser",
            c.code as "actorCommittee", e.detail
       from request_events e left join committees c on c.id = e.actor_committee_id
       left join users u on u.id = e.actor_user_id
      where e.request_id = $1 order by e.id`,
      [requestId],
    ),
  );
  return rows;
}
