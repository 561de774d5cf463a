import { type Db, prepared, reviveDates } from "../db.js";
import { type CommitteeOnDate, committeeOnDateSql } from "./committees.js";
import { type Dispatch, DISPATCHES_OF_REQUEST } from "./dispatches.js";
import { type DocumentMeta, DOCUMENTS_OF_REQUEST } from "./documents.js";
import { type InboundMessage, INBOUND_OF_REQUEST } from "./inbound-messages.js";
import { type OutboundMessage, OUTBOUND_OF_REQUEST } from "./outbound-messages.js";
import { type RequestEvent, EVENTS_OF_REQUEST } from "./request-events.js";
import { REQUEST_COLUMNS, REQUEST_FROM, type RequestRow } from "./requests.js";

/** Everything the filing committee knows of its request (its own internal trail included). */
export interface RequestDetailParts {
  request: RequestRow;
  events: RequestEvent[];
  documents: DocumentMeta[];
  messages: OutboundMessage[];
  dispatches: Dispatch[];
  inbound: InboundMessage[];
  following: boolean;
}

export interface RequestDetail extends RequestDetailParts {
  /** For the filer's preview: both committees' entries in force on the issue date (undefined: none then). */
  issuerOnDate: CommitteeOnDate | undefined;
  recipientOnDate: CommitteeOnDate | undefined;
}

/** The statement's one row: the request's columns, its lists as JSON, the preview's entries (null: none). */
interface DetailRow extends RequestRow, Omit<RequestDetailParts, "request"> {
  issuerOnDate: CommitteeOnDate | null;
  recipientOnDate: CommitteeOnDate | null;
}

// Each list is its module's own "of request" select as a JSON array, with the request as $1, not `r.id`: a
// sub-select with an `r` of its own (the outbound one joins requests) would read its own row instead. json_agg
// takes the rows in the sorted sub-select's order (test/integration/request-detail.test.ts checks it).
const listOf = (select: string) => `(select coalesce(json_agg(x), '[]') from (${select}) x)`;
const entryOf = (select: string) => `(select to_json(x) from (${select}) x limit 1)`;

/**
 * The request and everything its detail shows, in one statement and one round trip (it was eight: the request,
 * then the lists, the follow and the registry entries on as many pooled connections). $2: the viewer's user
 * (null for a token without one), $3: the viewer's committee (the registry entries are only read for the filer),
 * $4: the issue date of the preview.
 */
const DETAIL = `select ${REQUEST_COLUMNS},
    ${listOf(EVENTS_OF_REQUEST)} as events,
    ${listOf(DOCUMENTS_OF_REQUEST)} as documents,
    ${listOf(OUTBOUND_OF_REQUEST)} as messages,
    ${listOf(DISPATCHES_OF_REQUEST)} as dispatches,
    ${listOf(INBOUND_OF_REQUEST)} as inbound,
    exists (select 1 from request_follows f where f.user_id = $2 and f.request_id = r.id) as following,
    case when r.from_committee_id = $3
      then ${entryOf(committeeOnDateSql("r.from_committee_id", "$4"))} end as "issuerOnDate",
    case when r.from_committee_id = $3
      then ${entryOf(committeeOnDateSql("r.to_committee_id", "$4"))} end as "recipientOnDate"
  from ${REQUEST_FROM} where r.id = $1`;

export async function findRequestDetail(
  db: Db,
  id: string,
  viewer: { userId: string | null; committeeId: number; issuedOn: string },
): Promise<RequestDetail | undefined> {
  const { rows } = await db.query<DetailRow>(
    prepared(DETAIL, [id, viewer.userId, viewer.committeeId, viewer.issuedOn]),
  );
  const row = rows[0];
  if (!row) return undefined;
  const {
    events,
    documents,
    messages,
    dispatches,
    inbound,
    following,
    issuerOnDate,
    recipientOnDate,
    ...request
  } = row;
  return {
    request,
    // JSON carries timestamps as text: they come back as the Date the other reads of these rows give.
    events: reviveDates(events, { at: true }),
    documents: reviveDates(documents, { renderedAt: true }),
    messages: reviveDates(messages, { sentAt: true, createdAt: true }),
    dispatches: reviveDates(dispatches, {
      sentAt: true,
      deadlineAt: true,
      nextReminderAt: true,
      escalatedAt: true,
      overdueAt: true,
      answeredAt: true,
      bouncedAt: true,
    }),
    inbound: reviveDates(inbound, { receivedAt: true, reviewedAt: true }),
    following,
    issuerOnDate: issuerOnDate ?? undefined,
    recipientOnDate: recipientOnDate ?? undefined,
  };
}
