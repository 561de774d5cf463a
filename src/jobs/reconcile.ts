import type pg from "pg";
import { listDocumentsWithoutPdf, listUnrenderedDocumentIds } from "../db/queries/documents.js";
import { listUnprocessedInboundIds } from "../db/queries/inbound-messages.js";
import { listDueOutboundIds } from "../db/queries/outbound-messages.js";
import type { Queues } from "../runtime/queues.js";
import { documentPdf, documentRender, mailInbound, mailSend } from "./catalog.js";

// A send that has been "sending" this long was interrupted (worker crash); SMTP timeouts are well below it.
const STUCK_SENDING_SECONDS = 300;

/**
 * Re-derives queue work from the database, the source of truth: a crash of a worker, or of Redis, between two
 * steps loses nothing. Deterministic job ids make re-enqueueing what is already queued a no-op.
 */
export async function reconcile(
  db: pg.Pool,
  queues: Queues,
  opts: { pdf?: boolean } = {},
): Promise<{ documents: number; pdfs: number; messages: number; inbound: number }> {
  const documentIds = await listUnrenderedDocumentIds(db);
  for (const documentId of documentIds) await queues.enqueue(documentRender, { documentId });
  // PDFs only where this worker can make them (LibreOffice installed).
  const pdfIds = opts.pdf ? await listDocumentsWithoutPdf(db) : [];
  for (const documentId of pdfIds) await queues.enqueue(documentPdf, { documentId });
  const messageIds = await listDueOutboundIds(db, STUCK_SENDING_SECONDS);
  for (const messageId of messageIds) await queues.enqueue(mailSend, { messageId });
  const inboundIds = await listUnprocessedInboundIds(db);
  for (const inboundId of inboundIds) await queues.enqueue(mailInbound, { inboundId });
  return {
    documents: documentIds.length,
    pdfs: pdfIds.length,
    messages: messageIds.length,
    inbound: inboundIds.length,
  };
}
