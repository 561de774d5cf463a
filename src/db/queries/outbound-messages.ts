import { type Db, firstRow, prepared } from "../db.js";

export type OutboundStatus =
  | "pending"
  | "sending"
  | "sent"
  | "outbox"
  | "uncertain"
  | "delivery_failed"
  | "refused"
  | "cancelled";

export interface NewOutboundMessage {
  /** null for a notification e-mail, which belongs to a user. */
  requestId: string | null;
  userId?: string | null;
  documentId: string | null;
  dispatchId: string | null;
  purpose: "letter" | "reminder" | "escalation" | "notification";
  sequence: number;
  toCommitteeId: number | null;
  toAddress: string;
  fromAddress: string;
  messageId: string;
  subject: string;
  raw: Buffer;
}

export interface OutboundMessage {
  id: string;
  requestId: string | null;
  reference: string | null;
  documentId: string | null;
  toCommittee: string | null;
  toAddress: string;
  fromAddress: string;
  messageId: string;
  subject: string;
  status: OutboundStatus;
  dispatchId: string | null;
  purpose: string;
  sequence: number;
  attempts: number;
  smtpResponse: string | null;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
  size: number;
}

const COLUMNS = `m.id, m.request_id as "requestId", r.reference, m.document_id as "documentId", c.code as "toCommittee",
  m.to_address as "toAddress", m.from_address as "fromAddress", m.message_id as "messageId", m.subject, m.status,
  m.dispatch_id as "dispatchId", m.purpose, m.sequence, m.attempts, m.smtp_response as "smtpResponse", m.last_error as "lastError", m.sent_at as "sentAt",
  m.created_at as "createdAt", octet_length(m.raw) as size`;
// Left joins: a notification e-mail has no request and no committee.
const FROM = `outbound_messages m left join requests r on r.id = m.request_id left join committees c on c.id = m.to_committee_id`;

export async function insertOutboundMessage(db: Db, m: NewOutboundMessage): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    prepared(
      `insert into outbound_messages (request_id, document_id, dispatch_id, purpose, sequence, to_committee_id,
       to_address, from_address, message_id, subject, raw, status, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12)
     on conflict (dispatch_id, purpose, sequence) where dispatch_id is not null do nothing
     returning id`,
      [
        m.requestId,
        m.documentId,
        m.dispatchId,
        m.purpose,
        m.sequence,
        m.toCommitteeId,
        m.toAddress,
        m.fromAddress,
        m.messageId,
        m.subject,
        m.raw,
        m.userId ?? null,
      ],
    ),
  );
  if (rows[0]) return rows[0].id;
  // Composed before (a sweep that ran twice): the first one stands, never a second copy.
  const existing = await db.query<{ id: string }>(
    "select id from outbound_messages where dispatch_id = $1 and purpose = $2 and sequence = $3",
    [m.dispatchId, m.purpose, m.sequence],
  );
  return firstRow(existing.rows, "the outbound message composed before").id;
}

export async function findOutboundMessage(db: Db, id: string): Promise<OutboundMessage | undefined> {
  const { rows } = await db.query<OutboundMessage>(`select ${COLUMNS} from ${FROM} where m.id = $1`, [id]);
  return rows[0];
}

export async function findOutboundRaw(db: Db, id: string): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ raw: Buffer }>("select raw from outbound_messages where id = $1", [id]);
  return rows[0]?.raw;
}

/** A request's outbound mail, oldest first (the request is $1). */
export const OUTBOUND_OF_REQUEST = `select ${COLUMNS} from ${FROM} where m.request_id = $1 order by m.created_at`;

/** The outbox of a committee: what it sent (or, in the embedded mode, would have sent). */
export async function listOutbox(
  db: Db,
  p: {
    committeeId: number;
    limit: number;
    after?: { createdAt: string; id: string } | undefined;
    /** Words of the subject or of the request it belongs to (src/search/query.ts builds it). */
    tsquery?: string | undefined;
  },
): Promise<OutboundMessage[]> {
  const params: unknown[] = [p.committeeId, p.limit];
  let keyset = "";
  if (p.after) {
    params.push(p.after.createdAt, p.after.id);
    keyset = "and (m.created_at, m.id) < ($3::timestamptz, $4::uuid)";
  }
  if (p.tsquery) {
    params.push(p.tsquery);
    const q = `to_tsquery('simple', $${params.length})`;
    keyset += ` and (to_tsvector('simple', phoihop_fold(m.subject)) @@ ${q} or r.search_tsv @@ ${q})`;
  }
  const { rows } = await db.query<OutboundMessage>(
    `select ${COLUMNS} from ${FROM} where r.from_committee_id = $1 ${keyset}
      order by m.created_at desc, m.id desc limit $2`,
    params,
  );
  return rows;
}

export type SendClaim =
  | { kind: "claimed"; attempts: number; ageMs: number }
  | { kind: "held" }
  | { kind: "settled"; status: OutboundStatus };

/**
 * Claims a message for one sending attempt. A message another attempt holds (status "sending" for less than
 * `leaseSeconds`) is not taken again; one held longer was interrupted (a worker died mid-way) and is. `ageMs`:
 * how long since the first attempt, by the database's clock.
 */
export async function claimForSending(db: Db, id: string, leaseSeconds: number): Promise<SendClaim> {
  const { rows } = await db.query<{ attempts: number; ageMs: number }>(
    `update outbound_messages set status = 'sending', attempts = attempts + 1,
       first_attempt_at = coalesce(first_attempt_at, now()), updated_at = now()
      where id = $1 and (status in ('pending', 'uncertain')
         or (status = 'sending' and updated_at < now() - make_interval(secs => $2)))
      returning attempts, (extract(epoch from now() - first_attempt_at) * 1000)::float8 as "ageMs"`,
    [id, leaseSeconds],
  );
  if (rows[0]) return { kind: "claimed", ...rows[0] };
  const current = await db.query<{ status: OutboundStatus }>(
    "select status from outbound_messages where id = $1",
    [id],
  );
  const status = current.rows[0]?.status;
  return status === "sending" || !status ? { kind: "held" } : { kind: "settled", status };
}

/** An attempt that stopped before it reached the SMTP server gives its message back at once. */
export async function releaseClaim(db: Db, id: string): Promise<void> {
  await db.query("update outbound_messages set status = 'pending' where id = $1 and status = 'sending'", [
    id,
  ]);
}

/** A temporary failure: the message waits for its next attempt, backing off (capped at an hour); when that is. */
export async function deferOutboundMessage(
  db: Db,
  id: string,
  s: { status: "pending" | "uncertain"; lastError: string; backoffSeconds: number },
): Promise<Date | undefined> {
  const { rows } = await db.query<{ next: Date }>(
    `update outbound_messages set status = $2, last_error = $3, updated_at = now(),
       next_attempt_at = now() + make_interval(secs => least($4 * power(2, greatest(attempts - 1, 0)), 3600))
      where id = $1 and status = 'sending' returning next_attempt_at as next`,
    [id, s.status, s.lastError, s.backoffSeconds],
  );
  return rows[0]?.next;
}

/** Inside the transaction that records an outcome: the message's status, locked; recorded once, never twice. */
export async function lockOutboundStatus(db: Db, id: string): Promise<OutboundStatus | undefined> {
  const { rows } = await db.query<{ status: OutboundStatus }>(
    "select status from outbound_messages where id = $1 for update",
    [id],
  );
  return rows[0]?.status;
}

export async function settleOutboundMessage(
  db: Db,
  id: string,
  s: { status: OutboundStatus; smtpResponse?: string | null; lastError?: string | null },
): Promise<void> {
  await db.query(
    `update outbound_messages set status = $2, smtp_response = coalesce($3, smtp_response), last_error = $4,
       sent_at = case when $2 in ('sent', 'outbox') then now() else sent_at end, updated_at = now()
      where id = $1`,
    [id, s.status, s.smtpResponse ?? null, s.lastError ?? null],
  );
}

/** Pending or uncertain and due for an attempt, or "sending" for longer than its lease (a worker died mid-way). */
export async function listDueOutboundIds(db: Db, leaseSeconds: number, limit = 500): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from outbound_messages
      where (status in ('pending', 'uncertain') and (next_attempt_at is null or next_attempt_at <= now()))
         or (status = 'sending' and updated_at < now() - make_interval(secs => $1))
      order by updated_at limit $2`,
    [leaseSeconds, limit],
  );
  return rows.map((r) => r.id);
}

/** The Message-ID of a dispatch's letter: reminders thread under it. */
export async function findLetterMessageId(db: Db, dispatchId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ message_id: string }>(
    "select message_id from outbound_messages where dispatch_id = $1 and purpose = 'letter'",
    [dispatchId],
  );
  return rows[0]?.message_id;
}

/** A DSN said this message was not delivered: whatever SMTP accepted at first, it failed. */
export async function markOutboundBounced(db: Db, messageId: string): Promise<void> {
  await db.query(
    `update outbound_messages set status = 'delivery_failed', last_error = coalesce(last_error, 'bounce (DSN)'),
       updated_at = now() where message_id = $1`,
    [messageId],
  );
}

/** Whether one of these Message-IDs is a notification e-mail we sent (a reply to it answers no request). */
export async function isAnyNotificationMessage(db: Db, messageIds: string[]): Promise<boolean> {
  const { rows } = await db.query(
    "select 1 from outbound_messages where message_id = any($1::text[]) and purpose = 'notification' limit 1",
    [messageIds],
  );
  return rows.length > 0;
}
