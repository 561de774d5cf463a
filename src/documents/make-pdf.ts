import { createHash } from "node:crypto";
import type pg from "pg";
import {
  findDocumentBytes,
  findDocumentPdf,
  recordPdfError,
  storeDocumentPdf,
} from "../db/queries/documents.js";
import { PdfConversionError, type PdfConverter } from "./pdf/pdf-converter.js";

export type PdfOutcome =
  | { kind: "stored" }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; reason: string };

/**
 * Makes the PDF rendition of a rendered document. A document LibreOffice cannot convert is recorded as such
 * (no retry); an unavailable, busy or slow converter throws, so the job retries.
 */
export async function makeDocumentPdf(
  deps: { db: pg.Pool; pdf: PdfConverter },
  documentId: string,
): Promise<PdfOutcome> {
  const existing = await findDocumentPdf(deps.db, documentId);
  if (!existing) return { kind: "skipped", reason: "no such document" };
  if (existing.pdf) return { kind: "skipped", reason: "already converted" };
  const docx = await findDocumentBytes(deps.db, documentId);
  if (!docx) return { kind: "skipped", reason: "not rendered yet" };
  try {
    const pdf = await deps.pdf.convert(docx);
    await storeDocumentPdf(deps.db, documentId, pdf, createHash("sha256").update(pdf).digest("hex"));
    return { kind: "stored" };
  } catch (err) {
    if (!(err instanceof PdfConversionError)) throw err;
    await recordPdfError(deps.db, documentId, err.message);
    return { kind: "failed", reason: err.message };
  }
}
