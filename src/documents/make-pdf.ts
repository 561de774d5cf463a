import type pg from "pg";
import { withTransaction } from "../db/db.js";
import {
  findDocumentBytes,
  findDocumentMeta,
  findDocumentPdf,
  recordPdfError,
} from "../db/queries/documents.js";
import { findRequest } from "../db/queries/requests.js";
import { composeLetterIfReady } from "../mail/letter-mail.js";
import type { MailSettings } from "../mail/request-mail.js";
import type { AttachmentStore } from "../attachments/store.js";
import type { Clock } from "../runtime/clock.js";
import type { SigningSettings } from "../signing/settings.js";
import { signIssuedPdf, storeIssuedPdf } from "../signing/sign-document.js";
import { PdfConversionError, type PdfConverter } from "./pdf/pdf-converter.js";

export type PdfOutcome =
  | { kind: "stored"; messageId: string | null }
  | { kind: "skipped"; reason: string; messageId?: string | null }
  | { kind: "failed"; reason: string; messageId: string | null };

interface PdfDeps {
  db: pg.Pool;
  pdf: PdfConverter;
  mail: MailSettings;
  clock: Clock;
  signing?: SigningSettings | undefined;
  attachmentStore?: AttachmentStore | undefined;
}

/**
 * Makes the PDF rendition of a rendered document. A document LibreOffice cannot convert is recorded as such
 * (no retry); an unavailable, busy or slow converter throws, so the job retries. The step that settles the
 * request's last PDF composes its letter e-mail (with the PDFs) in the same transaction.
 */
export async function makeDocumentPdf(deps: PdfDeps, documentId: string): Promise<PdfOutcome> {
  const existing = await findDocumentPdf(deps.db, documentId);
  if (!existing) return { kind: "skipped", reason: "no such document" };
  if (existing.pdf || existing.pdfError) {
    const messageId = await settle(deps, documentId, () => Promise.resolve());
    return { kind: "skipped", reason: "already converted", messageId };
  }
  const docx = await findDocumentBytes(deps.db, documentId);
  if (!docx) return { kind: "skipped", reason: "not rendered yet" };
  try {
    const pdf = await deps.pdf.convert(docx);
    // The committee's signature goes on before the PDF is stored: the stored, mailed, downloaded PDF is the signed one.
    const issued = await signIssuedPdf({ ...deps, now: deps.clock.now() }, documentId, pdf);
    if (issued.kind === "awaiting_signer")
      return { kind: "skipped", reason: "chờ người ký bằng thiết bị ký số", messageId: null };
    const messageId = await settle(deps, documentId, async (tx) => {
      await storeIssuedPdf(tx, documentId, issued);
    });
    return { kind: "stored", messageId };
  } catch (err) {
    if (!(err instanceof PdfConversionError)) throw err;
    const messageId = await settle(deps, documentId, (tx) => recordPdfError(tx, documentId, err.message));
    return { kind: "failed", reason: err.message, messageId };
  }
}

/** Records the PDF's fate and, if that was the last one the letter waited for, composes the letter. */
async function settle(
  deps: PdfDeps,
  documentId: string,
  record: (tx: pg.PoolClient) => Promise<void>,
): Promise<string | null> {
  return withTransaction(deps.db, async (tx) => {
    const meta = await findDocumentMeta(tx, documentId);
    // The request row lock orders the PDF steps of one request: exactly one sees the last PDF settled.
    const request = meta && (await findRequest(tx, meta.requestId, { forUpdate: true }));
    await record(tx);
    if (request?.classification !== "thuong") return null;
    return composeLetterIfReady(tx, deps, request, { waitForPdf: true });
  });
}
