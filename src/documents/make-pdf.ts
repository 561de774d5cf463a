import type pg from "pg";
import { findDocumentBytes, findDocumentPdf, recordPdfError } from "../db/queries/documents.js";
import type { Clock } from "../runtime/clock.js";
import type { SigningSettings } from "../signing/settings.js";
import { signIssuedPdf, storeIssuedPdf } from "../signing/sign-document.js";
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
  deps: { db: pg.Pool; pdf: PdfConverter; signing?: SigningSettings | undefined; clock?: Clock },
  documentId: string,
): Promise<PdfOutcome> {
  const existing = await findDocumentPdf(deps.db, documentId);
  if (!existing) return { kind: "skipped", reason: "no such document" };
  if (existing.pdf) return { kind: "skipped", reason: "already converted" };
  const docx = await findDocumentBytes(deps.db, documentId);
  if (!docx) return { kind: "skipped", reason: "not rendered yet" };
  try {
    const pdf = await deps.pdf.convert(docx);
    // The committee's signature goes on before the PDF is stored: the stored, mailed, downloaded PDF is the signed one.
    const issued = await signIssuedPdf({ ...deps, now: deps.clock?.now() ?? new Date() }, documentId, pdf);
    if (issued.kind === "awaiting_signer")
      return { kind: "skipped", reason: "chờ người ký bằng thiết bị ký số" };
    await storeIssuedPdf(deps.db, documentId, issued);
    return { kind: "stored" };
  } catch (err) {
    if (!(err instanceof PdfConversionError)) throw err;
    await recordPdfError(deps.db, documentId, err.message);
    return { kind: "failed", reason: err.message };
  }
}
