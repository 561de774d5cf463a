import type { RequestStatus } from "../../domain/request-state.js";
import { type Db, prepared, firstRow } from "../db.js";

export type DispatchStatus = "pending" | "sent" | "delivery_failed" | "withheld" | "answered" | "cancelled";

export interface Dispatch {
  id: string;
  requestId: string;
  toCommitteeId: number;
  toCommittee: string;
  toEmail: string;
  token: string;
  status: DispatchStatus;
  withheldReason: string | null;
  sentAt: Date | null;
  deadlineAt: Date | null;
  nextReminderAt: Date | null;
  remindersSent: number;
  escalatedAt: Date | null;
  overdueAt: Date | null;
  answeredAt: Date | null;
  answer: string | null;
  answerNote: string | null;
  answerStaff: string[];
  /** The last permanent bounce (RFC 3464): enhanced status, diagnostic and the recipient that failed. */
  bounceStatus: string | null;
  bounceDiagnostic: string | null;
  bounceRecipient: string | null;
  bouncedAt: Date | null;
}

const COLUMNS = `d.id, d.request_id as "requestId", d.to_committee_id as "toCommitteeId", c.code as "toCommittee",
  c.email as "toEmail", d.token, d.status, d.withheld_reason as "withheldReason", d.sent_at as "sentAt",
  d.deadline_at as "deadlineAt", d.next_reminder_at as "nextReminderAt", d.reminders_sent as "remindersSent",
  d.escalated_at as "escalatedAt", d.overdue_at as "overdueAt", d.answered_at as "answeredAt", d.answer,
  d.answer_note as "answerNote", d.answer_staff as "answerStaff", d.bounce_status as "bounceStatus",
  d.bounce_diagnostic as "bounceDiagnostic", d.bounce_recipient as "bounceRecipient", d.bounced_at as "bouncedAt"`;
const FROM = "dispatches d join committees c on c.id = d.to_committee_id";

export async function insertDispatch(
  db: Db,
  d: {
    requestId: string;
    toCommitteeId: number;
    token: string;
    status: DispatchStatus;
    withheldReason?: string;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    prepared(
      `insert into dispatches (request_id, to_committee_id, token, status, withheld_reason) values ($1, $2, $3, $4, $5)
     returning id`,
      [d.requestId, d.toCommitteeId, d.token, d.status, d.withheldReason ?? null],
    ),
  );
  return firstRow(rows, "the inserted dispatch").id;
}

export async function findDispatch(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Dispatch | undefined> {
  const { rows } = await db.query<Dispatch>(
    `select ${COLUMNS} from ${FROM} where d.id = $1${opts.forUpdate ? " for update of d" : ""}`,
    [id],
  );
  return rows[0];
}

export async function findDispatchByToken(db: Db, token: string): Promise<Dispatch | undefined> {
  const { rows } = await db.query<Dispatch>(
    prepared(`select ${COLUMNS} from ${FROM} where d.token = $1`, [token.toLowerCase()]),
  );
  return rows[0];
}

/** A request's dispatches, oldest first (the request is $1). */
export const DISPATCHES_OF_REQUEST = `select ${COLUMNS} from ${FROM} where d.request_id = $1 order by d.created_at`;

export async function listDispatchesOfRequest(db: Db, requestId: string): Promise<Dispatch[]> {
  const { rows } = await db.query<Dispatch>(prepared(DISPATCHES_OF_REQUEST, [requestId]));
  return rows;
}

/** The only dispatch of a request that went to one committee (the subject-tag match needs exactly one). */
export async function findDispatchesByReference(db: Db, reference: string): Promise<Dispatch[]> {
  const { rows } = await db.query<Dispatch>(
    `select ${COLUMNS} from ${FROM} join requests r on r.id = d.request_id where r.reference = $1`,
    [reference],
  );
  return rows;
}

export async function findDispatchByOutboundMessageId(
  db: Db,
  messageId: string,
): Promise<Dispatch | undefined> {
  const { rows } = await db.query<Dispatch>(
    `select ${COLUMNS} from ${FROM} join outbound_messages m on m.dispatch_id = d.id where m.message_id = $1`,
    [messageId],
  );
  return rows[0];
}

/** A withheld (classified) dispatch becomes sent when its hand-over is recorded (src/registers/handover.ts). */
export async function markDispatchSent(
  db: Db,
  id: string,
  p: { sentAt: Date; deadlineAt: Date; nextReminderAt: Date | null },
): Promise<void> {
  await db.query(
    `update dispatches set status = 'sent', sent_at = coalesce(sent_at, $2), deadline_at = coalesce(deadline_at, $3),
       next_reminder_at = case when sent_at is null then $4 else next_reminder_at end
      where id = $1 and status in ('pending', 'delivery_failed', 'withheld')`,
    [id, p.sentAt, p.deadlineAt, p.nextReminderAt],
  );
}

export async function setDispatchStatus(db: Db, id: string, status: DispatchStatus): Promise<void> {
  await db.query(
    "update dispatches set status = $2, next_reminder_at = case when $2 = 'sent' then next_reminder_at else null end where id = $1",
    [id, status],
  );
}

/** A permanent bounce: the dispatch failed, and keeps the evidence the clerk reads on the request page. */
export async function markDispatchBounced(
  db: Db,
  id: string,
  b: { status: string | null; diagnostic: string | null; recipient: string | null; at: Date },
): Promise<void> {
  await db.query(
    prepared(
      `update dispatches set status = 'delivery_failed', next_reminder_at = null, bounce_status = $2,
         bounce_diagnostic = $3, bounce_recipient = $4, bounced_at = $5
        where id = $1`,
      [id, b.status, b.diagnostic, b.recipient, b.at],
    ),
  );
}

export async function markDispatchAnswered(db: Db, id: string, at: Date): Promise<void> {
  await db.query(
    prepared(
      `update dispatches set status = 'answered', answered_at = coalesce(answered_at, $2), next_reminder_at = null
        where id = $1`,
      [id, at],
    ),
  );
}

export async function recordDispatchAnswer(
  db: Db,
  id: string,
  a: { answer: string; note: string | null; staff: string[]; confirmedBy: string },
): Promise<void> {
  await db.query(
    `update dispatches set answer = $2, answer_note = $3, answer_staff = $4, answer_confirmed_by = $5 where id = $1`,
    [id, a.answer, a.note, a.staff, a.confirmedBy],
  );
}

export async function advanceReminder(
  db: Db,
  id: string,
  remindersSent: number,
  next: Date | null,
  escalated: boolean,
) {
  await db.query(
    `update dispatches set reminders_sent = $2, next_reminder_at = $3,
       escalated_at = case when $4 then now() else escalated_at end where id = $1`,
    [id, remindersSent, next, escalated],
  );
}

export async function listDueDispatchIds(db: Db, now: Date, limit = 200): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "select id from dispatches where status = 'sent' and next_reminder_at <= $1 order by next_reminder_at limit $2",
    [now, limit],
  );
  return rows.map((r) => r.id);
}

export async function listNewlyOverdueDispatchIds(db: Db, now: Date, limit = 200): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "select id from dispatches where status = 'sent' and overdue_at is null and deadline_at <= $1 limit $2",
    [now, limit],
  );
  return rows.map((r) => r.id);
}

export async function markDispatchOverdue(db: Db, id: string, at: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    "update dispatches set overdue_at = $2 where id = $1 and overdue_at is null",
    [id, at],
  );
  return (rowCount ?? 0) > 0;
}

/** A dispatch whose letter is not composed yet: it waits for the PDFs (the letter carries the PDF). */
export async function findDispatchAwaitingLetter(db: Db, requestId: string): Promise<Dispatch | undefined> {
  const { rows } = await db.query<Dispatch>(
    `select ${COLUMNS} from ${FROM}
      where d.request_id = $1 and d.status = 'pending'
        and not exists (select 1 from outbound_messages m where m.dispatch_id = d.id and m.purpose = 'letter')
      order by d.created_at limit 1`,
    [requestId],
  );
  return rows[0];
}

/** Requests whose letter still waits to be composed (the PDFs it waited for will not come on this worker). */
export async function listRequestsAwaitingLetter(db: Db, limit = 200): Promise<string[]> {
  const { rows } = await db.query<{ request_id: string }>(
    `select distinct d.request_id from dispatches d
      where d.status = 'pending'
        and not exists (select 1 from outbound_messages m where m.dispatch_id = d.id and m.purpose = 'letter')
      limit $1`,
    [limit],
  );
  return rows.map((r) => r.request_id);
}

/**
 * The sent dispatches of the periodic reports asking `committeeId` for `periodKey`, with their requests' status;
 * the requests are locked until the transaction ends.
 */
export async function lockSentReportDispatches(
  tx: Db,
  committeeId: number,
  periodKey: string,
): Promise<{ dispatchId: string; requestId: string; status: RequestStatus }[]> {
  const { rows } = await tx.query<{ dispatchId: string; requestId: string; status: RequestStatus }>(
    `select d.id as "dispatchId", r.id as "requestId", r.status from dispatches d join requests r on r.id = d.request_id
      where d.to_committee_id = $1 and r.kind = 'periodic_report' and r.payload->>'periodKey' = $2 and d.status = 'sent'
      for update of r`,
    [committeeId, periodKey],
  );
  return rows;
}
