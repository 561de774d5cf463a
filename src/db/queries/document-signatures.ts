import type { Db } from "../db.js";

export interface DocumentSigning {
  id: string;
  requestId: string;
  issuerCommitteeId: number;
  issuedOn: string;
  symbol: string;
  pdf: Buffer | null;
  pdfSha256: string | null;
  pdfError: string | null;
  signedBy: string | null;
  signedAt: Date | null;
}

export async function findDocumentSigning(db: Db, id: string): Promise<DocumentSigning | undefined> {
  const { rows } = await db.query<DocumentSigning>(
    `select id, request_id as "requestId", issuer_committee_id as "issuerCommitteeId",
            to_char(issued_on, 'YYYY-MM-DD') as "issuedOn", symbol, pdf, pdf_sha256 as "pdfSha256",
            pdf_error as "pdfError", pdf_signed_by as "signedBy", pdf_signed_at as "signedAt"
       from documents where id = $1`,
    [id],
  );
  return rows[0];
}

/** A signed PDF and who signed it, written once (as storeDocumentPdf); false when a PDF was already there. */
export async function storeSignedPdf(
  db: Db,
  id: string,
  p: { pdf: Buffer; sha256: string; certificateId: string; signedAt: Date },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update documents set pdf = $2, pdf_sha256 = $3, pdf_error = null, pdf_signed_by = $4, pdf_signed_at = $5
      where id = $1 and pdf is null`,
    [id, p.pdf, p.sha256, p.certificateId, p.signedAt],
  );
  return (rowCount ?? 0) > 0;
}
