import type pg from "pg";
import { type Db, prepared, firstRow } from "../db.js";

export type InboundSource = "smtp" | "imap" | "webhook";

export interface InboundMessage {
  id: string;
  source: InboundSource;
  sha256: string;
  messageId: string | null;
  receivedAt: Date;
  fromAddress: string | null;
  subject: string | null;
  status: "received" | "processed" | "unmatched" | "ignored" | "failed";
  classification: string | null;
  classificationReason: string | null;
  matchMethod: string | null;
  dispatchId: string | null;
  requestId: string | null;
  senderMatches: boolean | null;
  needsReview: boolean;
  strippedText: string | null;
  suggestion: unknown;
  error: string | null;
  /** What the reading found wrong (MIME, encodings, size): shown beside the message. */
  problems: string[];
  /** Why it waits for a person before it counts (Vietnamese); empty when it counted by itself. */
  reviewReasons: string[];
  reviewOutcome: "confirmed" | "dismissed" | null;
  /** The gateway token that posted it (webhook), for the audit trail. */
  receivedBy: string | null;
  reviewedAt: Date | null;
  dsn: {
    status?: string;
    diagnostic?: string;
    recipient?: string;
    action?: string;
    delayed?: boolean;
  } | null;
}

const COLUMNS = `i.id, i.source, i.sha256, i.message_id as "messageId", i.received_at as "receivedAt",
  i.from_address as "fromAddress", i.subject, i.status, i.classification, i.classification_reason as "classificationReason",
  i.match_method as "matchMethod", i.dispatch_id as "dispatchId", i.request_id as "requestId",
  i.sender_matches as "senderMatches", i.needs_review as "needsReview", i.stripped_text as "strippedText",
  i.suggestion, i.error, i.problems, i.review_reasons as "reviewReasons", i.review_outcome as "reviewOutcome",
  i.reviewed_at as "reviewedAt", i.dsn, i.received_by as "receivedBy"`;

/**
 * Stores the raw message before anything else. A message seen before (same Message-ID, else same bytes) is not
 * stored twice: the first row's id comes back with `duplicate: true`.
 */
export async function storeInboundRaw(
  db: Db,
  m: {
    source: InboundSource;
    raw: Buffer;
    sha256: string;
    /** SHA-256 of the body (after the header block): with the Message-ID, what makes a second delivery the same. */
    bodySha256: string;
    messageId: string | null;
    receivedBy?: string | null;
  },
): Promise<{ id: string; duplicate: boolean }> {
  const { rows } = await db.query<{ id: string }>(
    prepared(
      `insert into inbound_messages (source, raw, sha256, body_sha256, message_id, received_by)
       values ($1, $2, $3, $4, $5, $6)
       on conflict do nothing returning id`,
      [m.source, m.raw, m.sha256, m.bodySha256, m.messageId, m.receivedBy ?? null],
    ),
  );
  if (rows[0]) return { id: rows[0].id, duplicate: false };
  const existing = await db.query<{ id: string }>(
    `select id from inbound_messages
      where sha256 = $1 or ($2::text is not null and message_id = $2 and body_sha256 = $3) limit 1`,
    [m.sha256, m.messageId, m.bodySha256],
  );
  return { id: firstRow(existing.rows, "the stored duplicate inbound message").id, duplicate: true };
}

export async function findInboundRaw(db: Db, id: string): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ raw: Buffer }>("select raw from inbound_messages where id = $1", [id]);
  return rows[0]?.raw;
}

export async function findInbound(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<InboundMessage | undefined> {
  const { rows } = await db.query<InboundMessage>(
    `select ${COLUMNS} from inbound_messages i where i.id = $1${opts.forUpdate ? " for update" : ""}`,
    [id],
  );
  return rows[0];
}

export interface InboundOutcome {
  status: InboundMessage["status"];
  fromAddress: string | null;
  subject: string | null;
  classification: string;
  classificationReason: string;
  matchMethod: string | null;
  dispatchId: string | null;
  requestId: string | null;
  senderMatches: boolean | null;
  needsReview: boolean;
  strippedText: string | null;
  suggestion: unknown;
  problems: string[];
  reviewReasons: string[];
  dsn: unknown;
}

/**
 * Every text is already storable (src/mail/inbound/storable.ts): no U+0000, no lone surrogate. Only a message still
 * `received` is recorded (the row lock the update takes is what keeps a job and the reconciler from recording it
 * twice); `false` when another run got there first.
 */
export async function recordInboundOutcome(db: Db, id: string, o: InboundOutcome): Promise<boolean> {
  const { rowCount } = await db.query(
    prepared(
      `update inbound_messages set status = $2, from_address = $3, subject = $4, classification = $5,
         classification_reason = $6, match_method = $7, dispatch_id = $8, request_id = $9, sender_matches = $10,
         needs_review = $11, stripped_text = $12, suggestion = $13, problems = $14, review_reasons = $15,
         dsn = $16, processed_at = now(), error = null
        where id = $1 and status = 'received'`,
      [
        id,
        o.status,
        o.fromAddress,
        o.subject,
        o.classification,
        o.classificationReason,
        o.matchMethod,
        o.dispatchId,
        o.requestId,
        o.senderMatches,
        o.needsReview,
        o.strippedText,
        JSON.stringify(o.suggestion ?? null),
        o.problems,
        o.reviewReasons,
        JSON.stringify(o.dsn ?? null),
      ],
    ),
  );
  return (rowCount ?? 0) > 0;
}

export type InboundAttempt =
  | { status: "received"; attempts: number; raw: Buffer; dispatchId: string | null; error: string | null }
  | { status: Exclude<InboundMessage["status"], "received"> | "missing" };

/**
 * One more try at processing a message still `received`, counted in the same statement that reads it (the job and
 * the reconciler both count): the tries so far, the bytes, the dispatch a person attached it to, the last error.
 * A message already processed is not counted; its status comes back.
 *
 * Its commit does not wait for the WAL flush (`synchronous_commit` off for this one transaction): the count guards
 * against a message that crashes our process, and a crash of ours does not lose a commit PostgreSQL has answered;
 * only a crash of PostgreSQL itself within a fraction of a second could lose the last count, which the next try
 * makes again. The flush is what a commit waits for: 2.4 ms against 0.3 ms off on one machine of this kind (pgbench),
 * 0.13 ms an fsync on another (pg_test_fsync) — the wait depends on the disk, the saving never hurts.
 * A pool, never a transaction's client: inside a transaction the setting would hold for all of it.
 */
export async function beginInboundAttempt(db: pg.Pool, id: string): Promise<InboundAttempt> {
  const { rows } = await db.query<{
    attempts: number;
    raw: Buffer;
    dispatchId: string | null;
    error: string | null;
  }>(
    prepared(
      `update inbound_messages set attempts = attempts + 1
        where id = $1 and status = 'received' and set_config('synchronous_commit', 'off', true) is not null
        returning attempts, raw, dispatch_id as "dispatchId", error`,
      [id],
    ),
  );
  if (rows[0]) return { status: "received", ...rows[0] };
  const current = await db.query<{ status: Exclude<InboundMessage["status"], "received"> }>(
    "select status from inbound_messages where id = $1",
    [id],
  );
  return { status: current.rows[0]?.status ?? "missing" };
}

/** Why the last try failed, kept for the person who will read it if the tries run out. */
export async function noteInboundError(db: Db, id: string, error: string): Promise<void> {
  await db.query("update inbound_messages set error = $2 where id = $1 and status = 'received'", [id, error]);
}

/** It could not be processed: it waits in triage with the reason, and is not retried by itself. */
export async function markInboundFailed(db: Db, id: string, error: string): Promise<void> {
  await db.query(
    "update inbound_messages set status = 'failed', error = $2, processed_at = now() where id = $1 and status = 'received'",
    [id, error],
  );
}

/** A person's decision on a message that waited for review. */
export async function recordInboundReview(
  db: Db,
  id: string,
  r: { outcome: "confirmed" | "dismissed"; by: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update inbound_messages set review_outcome = $2, reviewed_by = $3, reviewed_at = now()
      where id = $1 and needs_review and review_outcome is null`,
    [id, r.outcome, r.by],
  );
  return (rowCount ?? 0) > 0;
}

export interface NewInboundAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
  bytes: Buffer;
}

/** A message's attachments in one statement, in their order in the message. */
export async function insertInboundAttachments(
  db: Db,
  inboundId: string,
  attachments: readonly NewInboundAttachment[],
): Promise<void> {
  if (!attachments.length) return;
  await db.query(
    `insert into inbound_attachments (inbound_id, filename, content_type, size, sha256, bytes)
     select $1, a.filename, a.content_type, a.size, a.sha256, a.bytes
       from unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::bytea[]) with ordinality
            as a (filename, content_type, size, sha256, bytes, n)
      order by a.n`,
    [
      inboundId,
      attachments.map((a) => a.filename),
      attachments.map((a) => a.contentType),
      attachments.map((a) => a.size),
      attachments.map((a) => a.sha256),
      attachments.map((a) => a.bytes),
    ],
  );
}

/** What a person must look at: unmatched, failed, or matched but not trusted enough to count by itself. */
const TRIAGE = "(i.status in ('unmatched', 'failed') or (i.needs_review and i.review_outcome is null))";

export async function listInbound(
  db: Db,
  p: {
    status?: string | undefined;
    requestIds?: string[];
    limit: number;
    after?: { createdAt: string; id: string } | undefined;
  },
): Promise<InboundMessage[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (p.status === "triage") {
    where.push(TRIAGE);
  } else if (p.status === "review") {
    where.push("i.needs_review and i.review_outcome is null");
  } else if (p.status) {
    params.push(p.status);
    where.push(`i.status = $${params.length}`);
  }
  if (p.requestIds) {
    params.push(p.requestIds);
    where.push(`i.request_id = any($${params.length}::uuid[])`);
  }
  if (p.after) {
    params.push(p.after.createdAt, p.after.id);
    where.push(`(i.received_at, i.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(p.limit);
  const { rows } = await db.query<InboundMessage>(
    `select ${COLUMNS} from inbound_messages i ${where.length ? `where ${where.join(" and ")}` : ""}
      order by i.received_at desc, i.id desc limit $${params.length}`,
    params,
  );
  return rows;
}

/** A request's inbound mail, oldest first (the request is $1). */
export const INBOUND_OF_REQUEST = `select ${COLUMNS} from inbound_messages i where i.request_id = $1 order by i.received_at`;

/** Stored but never processed (a crash between storing and processing): the reconciler re-enqueues them. */
export async function listUnprocessedInboundIds(db: Db, limit = 200): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "select id from inbound_messages where status = 'received' order by received_at limit $1",
    [limit],
  );
  return rows.map((r) => r.id);
}

/** A person says which dispatch an unmatched message belongs to; the job then processes it as matched by hand. */
export async function attachInboundByHand(db: Db, id: string, dispatchId: string, by: string): Promise<void> {
  await db.query(
    `update inbound_messages set status = 'received', dispatch_id = $2, match_method = 'manual', attached_by = $3
      where id = $1 and status = 'unmatched'`,
    [id, dispatchId, by],
  );
}
