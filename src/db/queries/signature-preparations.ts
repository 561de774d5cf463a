import type { Db } from "../db.js";

export interface SignaturePreparation {
  documentId: string;
  certificateId: string;
  unsignedPdf: Buffer;
  preparedPdf: Buffer | null;
  byteRange: number[] | null;
  digestSha256: string | null;
  preparedAt: Date | null;
}

/** The PDF step for a committee that signs outside: the unsigned PDF waits for its signer (a new signer restarts). */
export async function insertSignatureWait(
  db: Db,
  p: { documentId: string; certificateId: string; unsignedPdf: Buffer },
): Promise<void> {
  await db.query(
    `insert into signature_preparations (document_id, certificate_id, unsigned_pdf) values ($1, $2, $3)
     on conflict (document_id) do update set certificate_id = excluded.certificate_id,
       unsigned_pdf = excluded.unsigned_pdf, prepared_pdf = null, byte_range = null, digest_sha256 = null,
       prepared_at = null`,
    [p.documentId, p.certificateId, p.unsignedPdf],
  );
}

export async function findSignaturePreparation(
  db: Db,
  documentId: string,
): Promise<SignaturePreparation | undefined> {
  const { rows } = await db.query<SignaturePreparation>(
    `select document_id as "documentId", certificate_id as "certificateId", unsigned_pdf as "unsignedPdf",
            prepared_pdf as "preparedPdf", byte_range as "byteRange", digest_sha256 as "digestSha256",
            prepared_at as "preparedAt"
       from signature_preparations where document_id = $1`,
    [documentId],
  );
  return rows[0];
}

/** A new prepare replaces the previous one: only the latest digest is accepted. */
export async function storePreparedPdf(
  db: Db,
  p: {
    documentId: string;
    certificateId: string;
    preparedPdf: Buffer;
    byteRange: number[];
    digestSha256: string;
  },
): Promise<void> {
  await db.query(
    `update signature_preparations set prepared_pdf = $2, byte_range = $3, digest_sha256 = $4, prepared_at = now(),
       certificate_id = $5
      where document_id = $1`,
    [p.documentId, p.preparedPdf, p.byteRange, p.digestSha256, p.certificateId],
  );
}

export async function deleteSignaturePreparation(db: Db, documentId: string): Promise<void> {
  await db.query("delete from signature_preparations where document_id = $1", [documentId]);
}
