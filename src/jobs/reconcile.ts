import type pg from "pg";
import { listDocumentsWithoutPdf, listUnrenderedDocumentIds } from "../db/queries/documents.js";
import { listUnprocessedInboundIds } from "../db/queries/inbound-messages.js";
import { listDueOutboundIds } from "../db/queries/outbound-messages.js";
import type { Queues, Rederived } from "../runtime/queues.js";
import { documentPdf, documentRender, type JobDefinition, mailInbound, mailSend } from "./catalog.js";

// The default lease of a send (twice the default SMTP timeout); the workers pass the configured one.
const DEFAULT_LEASE_SECONDS = 120;

/** Per kind of work: how much the database said is due, and what the queue made of it. */
export interface ReconcileCount {
  due: number;
  /** No job existed (lost with Redis, or never enqueued after a crash): added now. */
  added: number;
  /** A failed or completed job of the same id stood in the way: replaced. */
  replaced: number;
}

export interface ReconcileResult {
  documents: ReconcileCount;
  pdfs: ReconcileCount;
  messages: ReconcileCount;
  inbound: ReconcileCount;
}

/**
 * Re-derives queue work from the database, the source of truth: a crash of a worker, or of Redis, between two
 * steps loses nothing, and a job that used up its attempts never blocks work the database still says is due.
 * Work already waiting or running is left alone.
 */
export async function reconcile(
  db: pg.Pool,
  queues: Queues,
  opts: { pdf?: boolean; sendLeaseSeconds?: number } = {},
): Promise<ReconcileResult> {
  return {
    documents: await rederiveAll(
      queues,
      documentRender,
      await listUnrenderedDocumentIds(db),
      (documentId) => ({
        documentId,
      }),
    ),
    // PDFs only where this worker can make them (LibreOffice installed).
    pdfs: opts.pdf
      ? await rederiveAll(queues, documentPdf, await listDocumentsWithoutPdf(db), (documentId) => ({
          documentId,
        }))
      : { due: 0, added: 0, replaced: 0 },
    messages: await rederiveAll(
      queues,
      mailSend,
      await listDueOutboundIds(db, opts.sendLeaseSeconds ?? DEFAULT_LEASE_SECONDS),
      (messageId) => ({
        messageId,
      }),
    ),
    inbound: await rederiveAll(queues, mailInbound, await listUnprocessedInboundIds(db), (inboundId) => ({
      inboundId,
    })),
  };
}

async function rederiveAll<P>(
  queues: Queues,
  job: JobDefinition<P>,
  ids: string[],
  payload: (id: string) => P,
): Promise<ReconcileCount> {
  const count: Record<Rederived, number> = { added: 0, queued: 0, replaced: 0 };
  for (const id of ids) count[await queues.rederive(job, payload(id))]++;
  return { due: ids.length, added: count.added, replaced: count.replaced };
}

/** Something was actually put (back) on a queue: worth a log line. */
export function reconcileChangedSomething(r: ReconcileResult): boolean {
  return Object.values(r).some((c) => c.added > 0 || c.replaced > 0);
}
