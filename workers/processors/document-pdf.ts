import type { Job } from "bullmq";
import { makeDocumentPdf } from "../../src/documents/make-pdf.js";
import { documentPdf, mailSend } from "../../src/jobs/catalog.js";
import type { WorkerDeps } from "../deps.js";

export function documentPdfProcessor(deps: WorkerDeps & { pdf: NonNullable<WorkerDeps["pdf"]> }) {
  return async (job: Job) => {
    const { documentId } = documentPdf.schema.parse(job.data);
    const outcome = await makeDocumentPdf(deps, documentId);
    // The last PDF of a request composed its letter: send it.
    if (outcome.messageId) await deps.queues.enqueue(mailSend, { messageId: outcome.messageId });
    return outcome;
  };
}
