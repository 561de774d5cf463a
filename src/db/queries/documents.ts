import { type Db, prepared, firstRow } from "../db.js";

/** Bumps (issuer, type, term) in the caller's transaction: the row lock serialises concurrent approvals. */
export async function nextDocumentNumber(db: Db, issuerCommitteeId: number, typeCode: string, term: string) {
  const { rows } = await db.query<{ last_number: number }>(
    `insert into doc_counters (issuer_committee_id, type_code, term, last_number) values ($1, $2, $3, 1)
     on conflict (issuer_committee_id, type_code, term) do update set last_number = doc_counters.last_number + 1
     returning last_number`,
    [issuerCommitteeId, typeCode, term],
  );
  return firstRow(rows, "the document counter").last_number;
}

export interface NewDocument {
  requestId: string;
  position: number;
  typeCode: string;
  number: number;
  symbol: string;
  issuerCommitteeId: number;
  term: string;
  issuedOn: string;
  templateName: string;
  styleProfile: string;
}

export interface DocumentMeta {
  id: string;
  requestId: string;
  typeCode: string;
  number: number;
  symbol: string;
  issuerCommitteeId: number;
  term: string;
  issuedOn: string;
  templateName: string;
  templateVersion: number | null;
  styleProfile: string;
  filename: string | null;
  sha256: string | null;
  size: number | null;
  renderedAt: Date | null;
  renderError: string | null;
  pdfSha256: string | null;
  pdfError: string | null;
}

const META = `d.id, d.request_id as "requestId", d.type_code as "typeCode", d.number, d.symbol,
  d.issuer_committee_id as "issuerCommitteeId", d.term, to_char(d.issued_on, 'YYYY-MM-DD') as "issuedOn",
  d.template_name as "templateName", d.template_version as "templateVersion", d.style_profile as "styleProfile",
  d.filename, d.sha256, octet_length(d.bytes) as size, d.rendered_at as "renderedAt", d.render_error as "renderError",
  d.pdf_sha256 as "pdfSha256", d.pdf_error as "pdfError"`;

export async function insertDocument(db: Db, d: NewDocument): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    prepared(
      `insert into documents (request_id, type_code, number, symbol, issuer_committee_id, term, issued_on,
       template_name, style_profile, position)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
      [
        d.requestId,
        d.typeCode,
        d.number,
        d.symbol,
        d.issuerCommitteeId,
        d.term,
        d.issuedOn,
        d.templateName,
        d.styleProfile,
        d.position,
      ],
    ),
  );
  return firstRow(rows, "the inserted document").id;
}

export async function findDocumentMeta(db: Db, id: string): Promise<DocumentMeta | undefined> {
  const { rows } = await db.query<DocumentMeta>(`select ${META} from documents d where d.id = $1`, [id]);
  return rows[0];
}

/** A request's documents in numbering order (the request is $1). */
export const DOCUMENTS_OF_REQUEST = `select ${META} from documents d where d.request_id = $1 order by d.created_at, d.position`;

export async function listDocumentsOfRequest(db: Db, requestId: string): Promise<DocumentMeta[]> {
  const { rows } = await db.query<DocumentMeta>(prepared(DOCUMENTS_OF_REQUEST, [requestId]));
  return rows;
}

/** All documents of a request with their bytes (null where not rendered yet), in numbering order. */
export async function listRenderedDocumentsOfRequest(db: Db, requestId: string) {
  const { rows } = await db.query<{
    id: string;
    typeCode: string;
    symbol: string;
    issuedOn: string;
    filename: string | null;
    sha256: string | null;
    bytes: Buffer | null;
  }>(
    `select id, type_code as "typeCode", symbol, to_char(issued_on, 'YYYY-MM-DD') as "issuedOn", filename, sha256, bytes
       from documents where request_id = $1 order by created_at, position`,
    [requestId],
  );
  return rows;
}

export async function findDocumentBytes(db: Db, id: string): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ bytes: Buffer | null }>("select bytes from documents where id = $1", [
    id,
  ]);
  return rows[0]?.bytes ?? undefined;
}

/** A rendered document is immutable: bytes are written once, only where none are. */
export async function storeRenderedDocument(
  db: Db,
  id: string,
  r: {
    bytes: Buffer;
    sha256: string;
    filename: string;
    templateId: string;
    templateVersion: number;
    /** Its paragraphs as plain text, for search (null when the text could not be read). */
    text?: string | null;
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update documents set bytes = $2, sha256 = $3, filename = $4, template_id = $5, template_version = $6,
       rendered_at = now(), render_error = null, text_content = $7 where id = $1 and bytes is null`,
    [id, r.bytes, r.sha256, r.filename, r.templateId, r.templateVersion, r.text ?? null],
  );
  return (rowCount ?? 0) > 0;
}

export async function recordRenderError(db: Db, id: string, message: string): Promise<void> {
  await db.query("update documents set render_error = $2 where id = $1 and bytes is null", [id, message]);
}

/** Work the reconciler re-derives: numbered documents whose request still wants them and that have no bytes. */
export async function listUnrenderedDocumentIds(db: Db, limit = 500): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select d.id from documents d join requests r on r.id = d.request_id
      where d.bytes is null and d.render_error is null and r.status = 'approved'
      order by d.created_at limit $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}

export async function findDocumentPdf(
  db: Db,
  id: string,
): Promise<{ pdf: Buffer | null; pdfError: string | null; pdfAttemptError: string | null } | undefined> {
  const { rows } = await db.query<{
    pdf: Buffer | null;
    pdfError: string | null;
    pdfAttemptError: string | null;
  }>(
    `select pdf, pdf_error as "pdfError", pdf_attempt_error as "pdfAttemptError" from documents where id = $1`,
    [id],
  );
  return rows[0];
}

/** The PDF rendition is written once, beside the immutable DOCX it was made from. */
export async function storeDocumentPdf(db: Db, id: string, pdf: Buffer, sha256: string): Promise<void> {
  await db.query(
    "update documents set pdf = $2, pdf_sha256 = $3, pdf_error = null, pdf_attempt_error = null where id = $1 and pdf is null",
    [id, pdf, sha256],
  );
}

export async function recordPdfError(db: Db, id: string, message: string): Promise<void> {
  await db.query("update documents set pdf_error = $2 where id = $1 and pdf is null", [id, message]);
}

/** The PDF job used up its attempts (the converter down, the database away): why, until a later try succeeds. */
export async function recordPdfAttemptError(db: Db, id: string, message: string): Promise<void> {
  await db.query("update documents set pdf_attempt_error = $2 where id = $1 and pdf is null", [id, message]);
}

/** Rendered documents still without a PDF (and not given up on): the reconciler converts them. */
export async function listDocumentsWithoutPdf(db: Db, limit = 500): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from documents d where bytes is not null and pdf is null and pdf_error is null
       and not exists (select 1 from signature_preparations s join signing_certificates c on c.id = s.certificate_id
                        where s.document_id = d.id and c.retired_at is null)
     order by rendered_at limit $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}

export async function listUnrenderedDocumentIdsOfRequests(db: Db, requestIds: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "select id from documents where request_id = any($1::uuid[]) and bytes is null and render_error is null",
    [requestIds],
  );
  return rows.map((r) => r.id);
}

/** A request's documents with their DOCX and PDF, in numbering order: what its letter e-mail attaches. */
export async function listDocumentsForMail(db: Db, requestId: string) {
  const { rows } = await db.query<{
    id: string;
    typeCode: string;
    symbol: string;
    issuedOn: string;
    filename: string | null;
    bytes: Buffer | null;
    pdf: Buffer | null;
    pdfError: string | null;
  }>(
    `select id, type_code as "typeCode", symbol, to_char(issued_on, 'YYYY-MM-DD') as "issuedOn", filename, bytes,
            pdf, pdf_error as "pdfError"
       from documents where request_id = $1 order by created_at, position`,
    [requestId],
  );
  return rows;
}
