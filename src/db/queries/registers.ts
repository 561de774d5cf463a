import { type Db, firstRow, prepared } from "../db.js";

/** Filters both registers share: issue/arrival dates (YYYY-MM-DD), type, counterpart, secrecy, text. */
export interface RegisterFilter {
  committeeId: number;
  from?: string | undefined;
  to?: string | undefined;
  typeCode?: string | undefined;
  counterpartId?: number | undefined;
  classification?: string | undefined;
  /** A to_tsquery('simple', …) text built by src/search/query.ts. */
  tsquery?: string | undefined;
  /** Keyset: the last row's sort key. */
  after?: { term: string; typeCode: string; number: number } | undefined;
  limit: number;
}

export interface OutgoingRow {
  documentId: string;
  requestId: string;
  reference: string;
  term: string;
  typeCode: string;
  number: number;
  symbol: string;
  issuedOn: string;
  subject: string;
  signerName: string | null;
  signerTitle: string | null;
  recipientCode: string;
  recipientName: string | null;
  copyTo: string[];
  classification: string;
  urgency: string;
  requestStatus: string;
  rendered: boolean;
  dispatchStatus: string | null;
  sentAt: Date | null;
  deadlineAt: Date | null;
  answeredAt: Date | null;
  mailStatus: string | null;
  handoverMethod: string | null;
  handoverAt: Date | null;
  handoverCarriedBy: string | null;
  handoverReceivedBy: string | null;
  handoverReceipt: string | null;
  attachments: number;
}

/**
 * Sổ văn bản đi: every numbered document of the committee, in number order per term and type. The signer and
 * the recipient's name are the registry versions valid on the issue date.
 */
export async function listOutgoing(db: Db, f: RegisterFilter): Promise<OutgoingRow[]> {
  const params: unknown[] = [f.committeeId];
  const where = ["d.issuer_committee_id = $1"];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll("?", `$${params.length}`));
  };
  if (f.from) add("d.issued_on >= ?::date", f.from);
  if (f.to) add("d.issued_on <= ?::date", f.to);
  if (f.typeCode) add("d.type_code = ?", f.typeCode);
  if (f.counterpartId !== undefined) add("r.to_committee_id = ?", f.counterpartId);
  if (f.classification) add("r.classification = ?", f.classification);
  if (f.tsquery)
    add("(d.search_tsv @@ to_tsquery('simple', ?) or r.search_tsv @@ to_tsquery('simple', ?))", f.tsquery);
  if (f.after) {
    params.push(f.after.term, f.after.typeCode, f.after.number);
    const n = params.length;
    where.push(`(d.term, d.type_code, d.number) > ($${n - 2}, $${n - 1}, $${n})`);
  }
  params.push(f.limit);
  const { rows } = await db.query<OutgoingRow>(
    `select d.id as "documentId", r.id as "requestId", r.reference, d.term, d.type_code as "typeCode", d.number,
            d.symbol, to_char(d.issued_on, 'YYYY-MM-DD') as "issuedOn", r.subject,
            iv.signer_name as "signerName", iv.signer_title as "signerTitle",
            tc.code as "recipientCode", tv.name as "recipientName", r.copy_to as "copyTo",
            r.classification, r.urgency, r.status as "requestStatus", d.sha256 is not null as rendered,
            x.status as "dispatchStatus", x.sent_at as "sentAt", x.deadline_at as "deadlineAt",
            x.answered_at as "answeredAt",
            (select m.status from outbound_messages m where m.dispatch_id = x.id and m.purpose = 'letter'
              order by m.created_at limit 1) as "mailStatus",
            h.method as "handoverMethod", h.handed_over_at as "handoverAt", h.carried_by as "handoverCarriedBy",
            h.received_by as "handoverReceivedBy", h.receipt_number as "handoverReceipt",
            (select count(*)::int from request_attachments a where a.request_id = r.id) as attachments
       from documents d
       join requests r on r.id = d.request_id
       join committees tc on tc.id = r.to_committee_id
       left join committee_versions iv on iv.committee_id = d.issuer_committee_id and iv.valid_from <= d.issued_on
            and (iv.valid_to is null or iv.valid_to >= d.issued_on)
       left join committee_versions tv on tv.committee_id = r.to_committee_id and tv.valid_from <= d.issued_on
            and (tv.valid_to is null or tv.valid_to >= d.issued_on)
       left join dispatches x on x.request_id = r.id and x.to_committee_id = r.to_committee_id
       left join dispatch_handovers h on h.dispatch_id = x.id
      where ${where.join(" and ")}
      order by d.term, d.type_code, d.number
      limit $${params.length}`,
    params,
  );
  return rows;
}

export interface NewReceived {
  committeeId: number;
  receivedOn: string;
  source: "phoihop" | "reply_attachment" | "new_mail" | "manual";
  documentId?: string | null;
  inboundAttachmentId?: string | null;
  requestId?: string | null;
  symbol: string;
  issuedOn: string | null;
  issuerName: string;
  issuerCommitteeId?: number | null;
  summary: string;
  classification?: string;
  urgency?: string;
  delivery: "phoihop" | "email" | "courier" | "by_hand" | "post";
  recordedByToken?: string | null;
  recordedByUser?: string | null;
}

/**
 * Registers one letter received and gives it its số đến: the counter row for (committee, year) is bumped in the
 * caller's transaction, so concurrent registrations queue on it and no number is shared or skipped.
 */
export async function insertReceived(db: Db, e: NewReceived): Promise<{ id: string; number: number }> {
  const year = Number(e.receivedOn.slice(0, 4));
  const { rows } = await db.query<{ id: string; number: number }>(
    prepared(
      `with n as (
       insert into received_counters (committee_id, year, last_number) values ($1, $2, 1)
       on conflict (committee_id, year) do update set last_number = received_counters.last_number + 1
       returning last_number)
     insert into received_documents (committee_id, year, number, received_on, source, document_id,
       inbound_attachment_id, request_id, symbol, issued_on, issuer_name, issuer_committee_id, summary,
       classification, urgency, delivery, recorded_by_token, recorded_by_user)
     select $1, $2, n.last_number, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17 from n
     returning id, number`,
      [
        e.committeeId,
        year,
        e.receivedOn,
        e.source,
        e.documentId ?? null,
        e.inboundAttachmentId ?? null,
        e.requestId ?? null,
        e.symbol,
        e.issuedOn,
        e.issuerName,
        e.issuerCommitteeId ?? null,
        e.summary,
        e.classification ?? "thuong",
        e.urgency ?? "thuong",
        e.delivery,
        e.recordedByToken ?? null,
        e.recordedByUser ?? null,
      ],
    ),
  );
  return firstRow(rows, "the inserted register entry");
}

export interface IncomingRow {
  id: string;
  year: number;
  number: number;
  receivedOn: string;
  source: string;
  documentId: string | null;
  inboundAttachmentId: string | null;
  requestId: string | null;
  reference: string | null;
  symbol: string;
  issuedOn: string | null;
  issuerName: string;
  issuerCode: string | null;
  summary: string;
  classification: string;
  urgency: string;
  delivery: string;
  createdAt: Date;
}

const INCOMING = `e.id, e.year, e.number, to_char(e.received_on, 'YYYY-MM-DD') as "receivedOn", e.source,
  e.document_id as "documentId", e.inbound_attachment_id as "inboundAttachmentId", e.request_id as "requestId",
  r.reference, e.symbol, to_char(e.issued_on, 'YYYY-MM-DD') as "issuedOn", e.issuer_name as "issuerName",
  ic.code as "issuerCode", e.summary, e.classification, e.urgency, e.delivery, e.created_at as "createdAt"`;
const INCOMING_FROM = `received_documents e left join requests r on r.id = e.request_id
  left join committees ic on ic.id = e.issuer_committee_id`;

/** Sổ văn bản đến of one committee, in số đến order per year. `after` reuses the keyset: term = year. */
export async function listIncoming(db: Db, f: RegisterFilter): Promise<IncomingRow[]> {
  const params: unknown[] = [f.committeeId];
  const where = ["e.committee_id = $1"];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll("?", `$${params.length}`));
  };
  if (f.from) add("e.received_on >= ?::date", f.from);
  if (f.to) add("e.received_on <= ?::date", f.to);
  if (f.typeCode) add("e.symbol ~ ('-' || ? || '/')", f.typeCode);
  if (f.counterpartId !== undefined) add("e.issuer_committee_id = ?", f.counterpartId);
  if (f.classification) add("e.classification = ?", f.classification);
  if (f.tsquery) add("e.search_tsv @@ to_tsquery('simple', ?)", f.tsquery);
  if (f.after) {
    params.push(Number(f.after.term), f.after.number);
    where.push(`(e.year, e.number) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(f.limit);
  const { rows } = await db.query<IncomingRow>(
    `select ${INCOMING} from ${INCOMING_FROM} where ${where.join(" and ")}
      order by e.year, e.number limit $${params.length}`,
    params,
  );
  return rows;
}

export async function findReceived(
  db: Db,
  id: string,
): Promise<(IncomingRow & { committeeId: number }) | undefined> {
  const { rows } = await db.query<IncomingRow & { committeeId: number }>(
    `select ${INCOMING}, e.committee_id as "committeeId" from ${INCOMING_FROM} where e.id = $1`,
    [id],
  );
  return rows[0];
}

/** Attachments of mail that came to this committee and are not in its register yet (DOCX and PDF only). */
export interface PendingAttachment {
  attachmentId: string;
  inboundId: string;
  filename: string | null;
  contentType: string;
  size: number;
  receivedAt: Date;
  fromAddress: string | null;
  subject: string | null;
  requestId: string | null;
  reference: string | null;
  /** The request's counterpart (the sender of a reply), when the mail answers a request. */
  senderCommitteeId: number | null;
}

const LETTER_FILES = `(a.content_type in ('application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  or a.filename ~* '\\.(pdf|docx)$')`;

/**
 * Replies: attachments of mail matched to a request this committee filed. New mail (matched to nothing) is the
 * central operators' to triage, so `unmatched` adds it only for them.
 */
export async function listPendingAttachments(
  db: Db,
  p: { committeeId: number; unmatched: boolean; limit: number },
): Promise<PendingAttachment[]> {
  const { rows } = await db.query<PendingAttachment>(
    `select a.id as "attachmentId", m.id as "inboundId", a.filename, a.content_type as "contentType", a.size,
            m.received_at as "receivedAt", m.from_address as "fromAddress", m.subject, r.id as "requestId",
            r.reference, r.to_committee_id as "senderCommitteeId"
       from inbound_attachments a join inbound_messages m on m.id = a.inbound_id
       left join requests r on r.id = m.request_id
      where ${LETTER_FILES}
        and ((m.status = 'processed' and m.classification = 'human' and r.from_committee_id = $1)
             or ($2 and m.status = 'unmatched'))
        and not exists (select 1 from received_documents e where e.committee_id = $1 and e.inbound_attachment_id = a.id)
      order by m.received_at desc limit $3`,
    [p.committeeId, p.unmatched, p.limit],
  );
  return rows;
}

export async function findPendingAttachment(
  db: Db,
  p: { committeeId: number; unmatched: boolean; attachmentId: string },
): Promise<(PendingAttachment & { bytes: Buffer }) | undefined> {
  const { rows } = await db.query<PendingAttachment & { bytes: Buffer }>(
    `select a.id as "attachmentId", m.id as "inboundId", a.filename, a.content_type as "contentType", a.size,
            a.bytes, m.received_at as "receivedAt", m.from_address as "fromAddress", m.subject,
            r.id as "requestId", r.reference, r.to_committee_id as "senderCommitteeId"
       from inbound_attachments a join inbound_messages m on m.id = a.inbound_id
       left join requests r on r.id = m.request_id
      where a.id = $3 and ${LETTER_FILES}
        and ((m.status = 'processed' and m.classification = 'human' and r.from_committee_id = $1)
             or ($2 and m.status = 'unmatched'))`,
    [p.committeeId, p.unmatched, p.attachmentId],
  );
  return rows[0];
}

/** A letter registered without a request gets one: the request it answers, or the one it started. */
export async function linkReceivedToRequest(db: Db, id: string, requestId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "update received_documents set request_id = $2 where id = $1 and request_id is null",
    [id, requestId],
  );
  return (rowCount ?? 0) > 0;
}

export async function findRequestIdByReference(db: Db, reference: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>("select id from requests where reference = $1", [
    reference,
  ]);
  return rows[0]?.id;
}

/** The entry already registered for the same letter (issuer, number, date): it gets the document and request. */
export async function linkSameLetter(db: Db, e: NewReceived): Promise<{ id: string } | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `update received_documents set document_id = coalesce(document_id, $5), request_id = coalesce(request_id, $6),
            issuer_committee_id = coalesce(issuer_committee_id, $7)
      where committee_id = $1 and phoihop_fold(issuer_name) = phoihop_fold($2) and phoihop_fold(symbol) = phoihop_fold($3)
        and coalesce(issued_on, '0001-01-01'::date) = coalesce($4::date, '0001-01-01'::date)
      returning id`,
    [
      e.committeeId,
      e.issuerName,
      e.symbol,
      e.issuedOn,
      e.documentId ?? null,
      e.requestId ?? null,
      e.issuerCommitteeId ?? null,
    ],
  );
  return rows[0];
}

/** Whether the committee's sổ văn bản đến already holds the document. */
export async function isDocumentReceived(db: Db, committeeId: number, documentId: string): Promise<boolean> {
  const { rows } = await db.query(
    "select 1 from received_documents where committee_id = $1 and document_id = $2",
    [committeeId, documentId],
  );
  return rows.length > 0;
}
