import { type Db, firstRow } from "../db.js";

export interface NewSummaryDocument {
  periodKey: string;
  scopeCommitteeId: number | null;
  issuerCommitteeId: number;
  typeCode: string;
  number: number;
  symbol: string;
  term: string;
  issuedOn: string;
  templateName: string;
  templateVersion: number;
  styleProfile: string;
  filename: string;
  bytes: Buffer;
  sha256: string;
  figures: object;
  createdBy: string;
}

export async function insertSummaryDocument(db: Db, d: NewSummaryDocument): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into summary_documents (period_key, scope_committee_id, issuer_committee_id, type_code, number, symbol, term,
       issued_on, template_name, template_version, style_profile, filename, bytes, sha256, figures, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) returning id`,
    [
      d.periodKey,
      d.scopeCommitteeId,
      d.issuerCommitteeId,
      d.typeCode,
      d.number,
      d.symbol,
      d.term,
      d.issuedOn,
      d.templateName,
      d.templateVersion,
      d.styleProfile,
      d.filename,
      d.bytes,
      d.sha256,
      JSON.stringify(d.figures),
      d.createdBy,
    ],
  );
  return firstRow(rows, "the inserted report summary").id;
}

export interface SummaryDocumentMeta {
  id: string;
  periodKey: string;
  scope: string | null;
  scopeCommitteeId: number | null;
  issuer: string;
  issuerCommitteeId: number;
  symbol: string;
  number: number;
  issuedOn: string;
  filename: string;
  sha256: string;
  figures: Record<string, unknown>;
  createdAt: Date;
}

export async function findSummaryDocument(db: Db, id: string): Promise<SummaryDocumentMeta | undefined> {
  const { rows } = await db.query<SummaryDocumentMeta>(
    `select d.id, d.period_key as "periodKey", sc.code as scope, d.scope_committee_id as "scopeCommitteeId",
            ic.code as issuer, d.issuer_committee_id as "issuerCommitteeId", d.symbol, d.number,
            to_char(d.issued_on, 'YYYY-MM-DD') as "issuedOn", d.filename, d.sha256, d.figures, d.created_at as "createdAt"
       from summary_documents d join committees ic on ic.id = d.issuer_committee_id
       left join committees sc on sc.id = d.scope_committee_id
      where d.id::text = $1`,
    [id],
  );
  return rows[0];
}

export async function findSummaryDocumentBytes(db: Db, id: string): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ bytes: Buffer }>(
    "select bytes from summary_documents where id::text = $1",
    [id],
  );
  return rows[0]?.bytes;
}

/** The summaries a committee may read: every one for the central committee; else those it issued or is about. */
export async function listSummaryDocuments(
  db: Db,
  viewer: { committeeId: number; central: boolean },
): Promise<Omit<SummaryDocumentMeta, "figures">[]> {
  const { rows } = await db.query<Omit<SummaryDocumentMeta, "figures">>(
    `select d.id, d.period_key as "periodKey", sc.code as scope, d.scope_committee_id as "scopeCommitteeId",
            ic.code as issuer, d.issuer_committee_id as "issuerCommitteeId", d.symbol, d.number,
            to_char(d.issued_on, 'YYYY-MM-DD') as "issuedOn", d.filename, d.sha256, d.created_at as "createdAt"
       from summary_documents d join committees ic on ic.id = d.issuer_committee_id
       left join committees sc on sc.id = d.scope_committee_id
      where $2 or d.issuer_committee_id = $1 or d.scope_committee_id = $1
      order by d.created_at desc limit 100`,
    [viewer.committeeId, viewer.central],
  );
  return rows;
}
