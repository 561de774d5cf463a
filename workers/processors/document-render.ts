import { UnrecoverableError, type Job } from "bullmq";
import { documentPdf, documentRender, mailSend } from "../../src/jobs/catalog.js";
import { issueDocument } from "../../src/documents/issue-document.js";
import type { WorkerDeps } from "../deps.js";

export function documentRenderProcessor(deps: WorkerDeps) {
  return async (job: Job) => {
    const { documentId } = documentRender.schema.parse(job.data);
    const outcome = await issueDocument(deps, documentId);
    if (outcome.kind === "failed") throw new UnrecoverableError(outcome.reason);
    if (outcome.kind === "rendered" && deps.pdf) await deps.queues.enqueue(documentPdf, { documentId });
    if (outcome.kind === "rendered" && outcome.messageId) {
      await deps.queues.enqueue(mailSend, { messageId: outcome.messageId });
    }
    return outcome;
  };
}
