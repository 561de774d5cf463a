import type { Job } from "bullmq";
import { listUnrenderedDocumentIdsOfRequests } from "../../src/db/queries/documents.js";
import { documentRender, reportRun } from "../../src/jobs/catalog.js";
import { runReport } from "../../src/reports/run-report.js";
import type { WorkerDeps } from "../deps.js";

export function reportRunProcessor(deps: WorkerDeps) {
  return async (job: Job) => {
    const { scheduleId, periodKey } = reportRun.schema.parse(job.data);
    let renders = 0;
    // Each batch's documents go to the renderers as soon as the batch is committed, not after the whole run.
    const outcome = await runReport(deps, scheduleId, periodKey, async (requestIds) => {
      const documentIds = await listUnrenderedDocumentIdsOfRequests(deps.db, requestIds);
      await deps.queues.enqueueAll(
        documentRender,
        documentIds.map((documentId) => ({ documentId })),
      );
      renders += documentIds.length;
    });
    deps.log.info("report run", { ...outcome, requestIds: undefined, renders });
    return { ...outcome, requestIds: outcome.requestIds.length, renders };
  };
}
