import { notificationFor } from "../../domain/notification-events.js";
import { type Db, firstRow, mustFind, prepared } from "../db.js";

const NO_USER = "00000000-0000-0000-0000-000000000000";

/**
 * The default e-mail channel by role when a user chose nothing: people who act on requests hear at once; an
 * auditor, who only reads, gets the daily digest.
 */
const DEFAULT_EMAIL_SQL = `case when u.roles <@ array['auditor'] then 'digest' else 'immediate' end`;

export function defaultEmailFor(roles: readonly string[]): "immediate" | "digest" {
  return roles.every((r) => r === "auditor") ? "digest" : "immediate";
}

/**
 * Feed entries for a committee's own people by role, for what is not about one of its requests (a report it must
 * send, figures it has not submitted, a template changed). Same rules: never the actor, in-app switch-off honoured.
 */
export async function notifyCommittee(
  db: Db,
  p: {
    committeeId: number;
    type: string;
    roles: readonly string[];
    title: string;
    body: string;
    link: string | null;
    urgent?: boolean;
    requestId?: string | null;
    actorUserId?: string | null;
  },
): Promise<number> {
  const { rowCount } = await db.query(
    prepared(
      `insert into notifications (user_id, event_type, request_id, title, body, link, urgent, email_status)
     select u.id, $2, $3, $4, $5, $6, $7,
            case coalesce((select p.email from notification_preferences p where p.user_id = u.id and p.event_type = $2), ${DEFAULT_EMAIL_SQL})
              when 'off' then 'none' when 'digest' then case when $7 then 'pending' else 'digest' end else 'pending' end
       from users u
      where u.committee_id = $1 and u.disabled_at is null and u.roles && $8::text[] and u.id <> $9::uuid
        and coalesce((select p.in_app from notification_preferences p where p.user_id = u.id and p.event_type = $2), true)`,
      [
        p.committeeId,
        p.type,
        p.requestId ?? null,
        p.title,
        p.body,
        p.link,
        p.urgent ?? false,
        p.roles,
        p.actorUserId ?? NO_USER,
      ],
    ),
  );
  return rowCount ?? 0;
}

/** Where the request's reference goes in a title written in SQL: a private-use character no title contains. */
const REFERENCE_MARK = "\u{E000}";

/** A classified request's notification says only that something happened and where to look. */
const CLASSIFIED_BODY = "Yêu cầu có độ mật: nội dung chỉ xem trong hệ thống, không gửi qua thông báo.";

/**
 * The statement that writes the feed entries an audit event raises, if its action is one people are told of; `$1`
 * is the request's id and its other parameters are `$2`–`$11`, so insertRequestEvent can run it together with the
 * event's own insert. Recipients: the filing committee's active users who filed it, follow it, or hold one of the
 * roles — minus the one who acted, minus whoever switched this event type off in the app. The title names the
 * request's reference; the body its subject, unless the request is classified: then nothing of its content leaves
 * the record.
 */
export function eventNotificationsStatement(e: {
  requestId: string;
  action: string;
  actorUserId?: string | null | undefined;
}): { text: string; values: unknown[] } | null {
  const event = notificationFor(e.action);
  if (!event) return null;
  return {
    text: `insert into notifications (user_id, event_type, request_id, title, body, link, urgent, email_status)
       select u.id, $2, r.id, replace($3, $11, r.reference),
              case when r.classification = 'thuong' then 'V/v ' || r.subject else $4 end, $5, $6,
              -- Urgent events are never only in a digest: they go at once unless e-mail is off.
              case coalesce((select p.email from notification_preferences p where p.user_id = u.id and p.event_type = $2), ${DEFAULT_EMAIL_SQL})
                when 'off' then 'none' when 'digest' then case when $6 then 'pending' else 'digest' end else 'pending' end
         from requests r join users u on u.committee_id = r.from_committee_id and u.disabled_at is null
        where r.id = $1 and u.id <> $7::uuid
          and (($8 and u.id = (select t.user_id from api_tokens t where t.id = r.created_by))
            or ($9 and exists (select 1 from request_follows f where f.user_id = u.id and f.request_id = r.id))
            or u.roles && $10::text[])
          and coalesce((select p.in_app from notification_preferences p where p.user_id = u.id and p.event_type = $2), true)`,
    values: [
      e.requestId,
      event.type,
      event.title(REFERENCE_MARK),
      CLASSIFIED_BODY,
      `/yeu-cau/${e.requestId}`,
      event.urgent,
      e.actorUserId ?? NO_USER,
      event.creator,
      event.followers,
      event.roles,
      REFERENCE_MARK,
    ],
  };
}

export interface NotificationRow {
  id: string;
  eventType: string;
  requestId: string | null;
  title: string;
  body: string;
  link: string | null;
  urgent: boolean;
  createdAt: Date;
  readAt: Date | null;
}

export async function listNotifications(
  db: Db,
  p: {
    userId: string;
    unreadOnly: boolean;
    limit: number;
    after?: { createdAt: string; id: string } | undefined;
  },
): Promise<NotificationRow[]> {
  const params: unknown[] = [p.userId, p.unreadOnly, p.limit];
  let keyset = "";
  if (p.after) {
    params.push(p.after.createdAt, p.after.id);
    keyset = "and (n.created_at, n.id) < ($4::timestamptz, $5::uuid)";
  }
  const { rows } = await db.query<NotificationRow>(
    `select n.id, n.event_type as "eventType", n.request_id as "requestId", n.title, n.body, n.link, n.urgent,
            n.created_at as "createdAt", n.read_at as "readAt"
       from notifications n where n.user_id = $1 and (not $2 or n.read_at is null) ${keyset}
      order by n.created_at desc, n.id desc limit $3`,
    params,
  );
  return rows;
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "select count(*)::int as n from notifications where user_id = $1 and read_at is null",
    [userId],
  );
  return firstRow(rows, "the unread count").n;
}

/** Marks read; only the user's own notifications (another's id changes nothing and says so). */
export async function markNotificationsRead(db: Db, userId: string, ids: string[] | "all"): Promise<number> {
  const { rowCount } = await db.query(
    `update notifications set read_at = now() where user_id = $1 and read_at is null and ($2::uuid[] is null or id = any($2::uuid[]))`,
    [userId, ids === "all" ? null : ids],
  );
  return rowCount ?? 0;
}

export interface Preference {
  eventType: string;
  inApp: boolean;
  email: "off" | "immediate" | "digest";
}

export async function listPreferences(db: Db, userId: string): Promise<Preference[]> {
  const { rows } = await db.query<Preference>(
    `select event_type as "eventType", in_app as "inApp", email from notification_preferences where user_id = $1`,
    [userId],
  );
  return rows;
}

export async function upsertPreference(db: Db, userId: string, p: Preference): Promise<void> {
  await db.query(
    `insert into notification_preferences (user_id, event_type, in_app, email) values ($1, $2, $3, $4)
     on conflict (user_id, event_type) do update set in_app = excluded.in_app, email = excluded.email`,
    [userId, p.eventType, p.inApp, p.email],
  );
}

export async function findDigestTime(db: Db, userId: string): Promise<string> {
  const { rows } = await db.query<{ digest_time: string }>("select digest_time from users where id = $1", [
    userId,
  ]);
  return mustFind(rows[0], `user ${userId}`).digest_time;
}

export async function setDigestTime(db: Db, userId: string, time: string): Promise<void> {
  await db.query("update users set digest_time = $2 where id = $1", [userId, time]);
}

export interface PendingNotification {
  id: string;
  userId: string;
  email: string;
  name: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
}

const PENDING_COLUMNS = `n.id, n.user_id as "userId", u.email, u.name, n.title, n.body, n.link, n.created_at as "createdAt"`;

/** Notifications to e-mail one by one, locked so two sweeps never compose the same one. */
export async function lockPendingNotifications(db: Db, limit = 200): Promise<PendingNotification[]> {
  const { rows } = await db.query<PendingNotification>(
    `select ${PENDING_COLUMNS} from notifications n join users u on u.id = n.user_id
      where n.email_status = 'pending' order by n.created_at limit $1 for update of n skip locked`,
    [limit],
  );
  return rows;
}

export async function markNotificationsEmailed(db: Db, ids: string[]): Promise<void> {
  await db.query("update notifications set email_status = 'done' where id = any($1::uuid[])", [ids]);
}

/** Users whose digest time has passed today (Hà Nội) with something waiting and no digest yet today. */
export async function listUsersDueForDigest(db: Db, p: { day: string; time: string }): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    `select distinct n.user_id from notifications n join users u on u.id = n.user_id
      where n.email_status = 'digest' and u.digest_time <= $2 and u.disabled_at is null
        and not exists (select 1 from notification_digests d where d.user_id = n.user_id and d.day = $1::date)`,
    [p.day, p.time],
  );
  return rows.map((r) => r.user_id);
}

export async function lockDigestNotifications(db: Db, userId: string): Promise<PendingNotification[]> {
  const { rows } = await db.query<PendingNotification>(
    `select ${PENDING_COLUMNS} from notifications n join users u on u.id = n.user_id
      where n.user_id = $1 and n.email_status = 'digest' order by n.created_at for update of n`,
    [userId],
  );
  return rows;
}

/** False when today's digest exists already (another sweep, or before a restart): then nothing is sent. */
export async function insertDigest(
  db: Db,
  p: { userId: string; day: string; outboundMessageId: string; count: number },
) {
  const { rowCount } = await db.query(
    `insert into notification_digests (user_id, day, outbound_message_id, notifications) values ($1, $2, $3, $4)
     on conflict do nothing`,
    [p.userId, p.day, p.outboundMessageId, p.count],
  );
  return (rowCount ?? 0) > 0;
}
