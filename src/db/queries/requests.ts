import type { Classification } from "../../domain/kinds/kind.js";
import type { RequestStatus } from "../../domain/request-state.js";
import { type Db, prepared, firstRow } from "../db.js";
import { type NewRequestEvent, requestEventStatement } from "./request-events.js";

export interface RequestRow {
  id: string;
  reference: string;
  kind: string;
  fromCommitteeId: number;
  fromCommittee: string;
  toCommitteeId: number;
  toCommittee: string;
  /** The committees' names as the registry gives them today, so a page needs no registry look-up to show them. */
  fromCommitteeName: string | null;
  toCommitteeName: string | null;
  status: RequestStatus;
  classification: Classification;
  urgency: string;
  subject: string;
  payload: unknown;
  copyTo: string[];
  idempotencyKey: string | null;
  bodyHash: string;
  createdAt: Date;
  updatedAt: Date;
  /** It was issued once (its letters went to the counterpart), whatever it is now: cancelled after issue, too. */
  wasIssued: boolean;
}

// A committee's name on today's Hà Nội date (committee_versions' primary key is (committee_id, valid_from)).
function nameToday(committeeId: string): string {
  return `(select v.name from committee_versions v where v.committee_id = ${committeeId}
     and v.valid_from <= (now() at time zone 'Asia/Ho_Chi_Minh')::date order by v.valid_from desc limit 1)`;
}
/** "Was issued" is a fact of the audit trail (the `issued` event), so no second column can disagree with it. */
const WAS_ISSUED = `exists (select 1 from request_events ie where ie.request_id = r.id and ie.action = 'issued')`;

const COLUMNS = `r.id, r.reference, r.kind, r.from_committee_id as "fromCommitteeId", fc.code as "fromCommittee",
  r.to_committee_id as "toCommitteeId", tc.code as "toCommittee", r.status, r.classification, r.urgency, r.subject,
  r.payload, r.copy_to as "copyTo", r.idempotency_key as "idempotencyKey", r.body_hash as "bodyHash",
  r.created_at as "createdAt", r.updated_at as "updatedAt", ${WAS_ISSUED} as "wasIssued",
  ${nameToday("r.from_committee_id")} as "fromCommitteeName", ${nameToday("r.to_committee_id")} as "toCommitteeName"`;
const FROM = `requests r join committees fc on fc.id = r.from_committee_id join committees tc on tc.id = r.to_committee_id`;

/** For a statement that reads a request with more (the detail): the same columns, joined the same way. */
export { COLUMNS as REQUEST_COLUMNS, FROM as REQUEST_FROM };

export interface NewRequest {
  year: number;
  kind: string;
  fromCommitteeId: number;
  toCommitteeId: number;
  status: RequestStatus;
  classification: Classification;
  urgency: string;
  subject: string;
  payload: unknown;
  copyTo: string[];
  idempotencyKey: string | null;
  bodyHash: string;
  /** null: created by the service itself (a scheduled report). */
  createdBy: string | null;
}

/**
 * Inserts the request, its reference (PH-YYYY-NNNN, from the year's sequence) and its "created" audit event in
 * one statement: atomic without a transaction block, and one round trip on the intake path.
 */
export async function insertRequestWithEvent(db: Db, r: NewRequest): Promise<RequestRow> {
  const { rows } = await db.query<RequestRow>(
    prepared(
      `with seq as (select next_request_reference($1) as n),
     r as (
       insert into requests (reference, kind, from_committee_id, to_committee_id, status, classification, urgency,
         subject, payload, copy_to, idempotency_key, body_hash, created_by)
       select 'PH-' || $1 || '-' || lpad(seq.n::text, greatest(4, length(seq.n::text)), '0'),
              $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
         from seq
       returning *),
     e as (
       insert into request_events (request_id, action, to_status, actor_token_id, actor_committee_id, actor_user_id)
       select r.id, 'created', r.status, r.created_by, r.from_committee_id,
              (select t.user_id from api_tokens t where t.id = r.created_by)
         from r)
     select ${COLUMNS} from r join committees fc on fc.id = r.from_committee_id
       join committees tc on tc.id = r.to_committee_id`,
      [
        r.year,
        r.kind,
        r.fromCommitteeId,
        r.toCommitteeId,
        r.status,
        r.classification,
        r.urgency,
        r.subject,
        JSON.stringify(r.payload),
        r.copyTo,
        r.idempotencyKey,
        r.bodyHash,
        r.createdBy,
      ],
    ),
  );
  return firstRow(rows, "the inserted request");
}

export async function findRequest(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<RequestRow | undefined> {
  const lock = opts.forUpdate ? " for update of r" : "";
  const { rows } = await db.query<RequestRow>(
    prepared(`select ${COLUMNS} from ${FROM} where r.id = $1${lock}`, [id]),
  );
  return rows[0];
}

export async function findRequestByIdempotencyKey(
  db: Db,
  fromCommitteeId: number,
  key: string,
): Promise<RequestRow | undefined> {
  const { rows } = await db.query<RequestRow>(
    `select ${COLUMNS} from ${FROM} where r.from_committee_id = $1 and r.idempotency_key = $2`,
    [fromCommitteeId, key],
  );
  return rows[0];
}

/** The requests of `fromCommitteeId` holding any of the keys: key → request id (a report run's batch at once). */
export async function findRequestIdsByIdempotencyKeys(
  db: Db,
  fromCommitteeId: number,
  keys: string[],
): Promise<Map<string, string>> {
  const { rows } = await db.query<{ key: string; id: string }>(
    `select idempotency_key as key, id from requests where from_committee_id = $1 and idempotency_key = any($2::text[])`,
    [fromCommitteeId, keys],
  );
  return new Map(rows.map((r) => [r.key, r.id]));
}

export async function updateRequestClassification(
  db: Db,
  id: string,
  classification: Classification,
): Promise<void> {
  await db.query("update requests set classification = $2, updated_at = now() where id = $1", [
    id,
    classification,
  ]);
}

/**
 * Sets the request's status to the event's `toStatus` and records the event, the move's audit trail, in one
 * statement (moveRequest only).
 */
export async function updateRequestStatus(
  db: Db,
  event: NewRequestEvent & { toStatus: RequestStatus },
): Promise<void> {
  const { text, values } = requestEventStatement(event, true);
  await db.query(prepared(text, values));
}

/**
 * The counterpart sees a request only once it has been issued to it: drafts and requests awaiting approval are
 * the filing committee's internal business.
 */
export const COUNTERPART_VISIBLE_FROM: RequestStatus[] = [
  "issued",
  "sent",
  "delivery_failed",
  "responded",
  "in_progress",
  "overdue",
  "concluded",
];

/**
 * The filer sees its request; the counterpart from issue on — and still after the filer cancels an issued request
 * (as cancelled, with the letters it received: a letter once received is never taken back).
 */
export function isVisibleTo(
  r: Pick<RequestRow, "fromCommitteeId" | "toCommitteeId" | "status" | "wasIssued">,
  committeeId: number,
) {
  return r.fromCommitteeId === committeeId || isCounterpartOf(r, committeeId);
}

/** The committee is the request's counterpart and may see it (see isVisibleTo). */
export function isCounterpartOf(
  r: Pick<RequestRow, "fromCommitteeId" | "toCommitteeId" | "status" | "wasIssued">,
  committeeId: number,
) {
  return (
    r.toCommitteeId === committeeId &&
    r.fromCommitteeId !== committeeId &&
    (COUNTERPART_VISIBLE_FROM.includes(r.status) || (r.status === "cancelled" && r.wasIssued))
  );
}

export interface RequestFilter {
  committeeId: number;
  status?: RequestStatus | undefined;
  kind?: string | undefined;
  counterpartId?: number | undefined;
  /** Only the periodic reports a schedule's runs created. */
  scheduleCode?: string | undefined;
  /** Only requests with a dispatch past its deadline and not answered. */
  overdue?: boolean | undefined;
  /** Created on or after / on or before these dates (Hà Nội calendar days, YYYY-MM-DD). */
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  /** Full-text match over the folded reference, subject and payload (src/search/query.ts builds it). */
  tsquery?: string | undefined;
  after?: { createdAt: string; id: string } | undefined;
  limit: number;
}

/** A row of the list, with its deadline at a glance: the earliest unanswered deadline, and whether one has passed. */
export interface RequestListRow extends RequestRow {
  deadlineAt: Date | null;
  overdue: boolean;
}

/** Keyset pagination on (created_at, id), newest first. */
export async function listRequests(db: Db, f: RequestFilter): Promise<RequestListRow[]> {
  const where: string[] = [];
  const params: unknown[] = [f.committeeId, COUNTERPART_VISIBLE_FROM];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll("?", `$${params.length}`));
  };
  if (f.status) add("r.status = ?", f.status);
  if (f.kind) add("r.kind = ?", f.kind);
  if (f.scheduleCode) add("r.payload->>'scheduleCode' = ?", f.scheduleCode);
  if (f.counterpartId !== undefined) {
    add(
      "(case when r.from_committee_id = $1 then r.to_committee_id else r.from_committee_id end) = ?",
      f.counterpartId,
    );
  }
  const unansweredLate = "x.overdue_at is not null and x.answered_at is null";
  if (f.overdue === true) {
    where.push(`exists (select 1 from dispatches x where x.request_id = r.id and ${unansweredLate})`);
  } else if (f.overdue === false) {
    where.push(`not exists (select 1 from dispatches x where x.request_id = r.id and ${unansweredLate})`);
  }
  if (f.createdFrom)
    add("r.created_at >= (?::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'", f.createdFrom);
  if (f.createdTo)
    add("r.created_at < (?::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'", f.createdTo);
  if (f.tsquery) add("r.search_tsv @@ to_tsquery('simple', ?)", f.tsquery);
  if (f.after) {
    params.push(f.after.createdAt, f.after.id);
    where.push(`(r.created_at, r.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(f.limit);
  const { rows } = await db.query<RequestListRow>(
    // The page is chosen first — the committee's own requests and those sent to it, each an index walk on
    // created_at that stops at the page size — then only its rows are joined and given their deadlines.
    // Named: the text is one of a few (one per combination of filters), and planning it cost more than running it.
    prepared(
      `with page as (
       (select r.* from requests r where ${["r.from_committee_id = $1", ...where].join(" and ")}
         order by r.created_at desc, r.id desc limit $${params.length})
       union all
       (select r.* from requests r
         where ${[`r.to_committee_id = $1 and r.from_committee_id <> $1 and (r.status = any($2::text[]) or (r.status = 'cancelled' and ${WAS_ISSUED}))`, ...where].join(" and ")}
         order by r.created_at desc, r.id desc limit $${params.length})
       order by created_at desc, id desc limit $${params.length})
     select ${COLUMNS}, d."deadlineAt", coalesce(d.overdue, false) as overdue
       from page r join committees fc on fc.id = r.from_committee_id join committees tc on tc.id = r.to_committee_id
       left join lateral (
         select min(x.deadline_at) filter (where x.answered_at is null) as "deadlineAt",
                bool_or(${unansweredLate}) as overdue
           from dispatches x where x.request_id = r.id) d on true
      order by r.created_at desc, r.id desc`,
      params,
    ),
  );
  return rows;
}
