import type { Job } from "bullmq";
import { listUnrenderedDocumentIdsOfRequests } from "../../src/db/queries/documents.js";
import { documentRender, reportRun } from "../../src/jobs/catalog.js";
import { runReport } from "../../src/reports/run-report.js";
import type { WorkerDeps } from "../deps.js";

export function reportRunProcessor(deps: WorkerDeps) {
  return async (job: Job) => {
    const { scheduleId, periodKey } = reportRun.schema.parse(job.data);
    let renders = 0;
    // Each batch's documents go to the renderers as soon as the batch is committed, not after the whole run. A
    // queue that is away stops none of the run: the reports are written whatever it says, and the reconciler
    // enqueues the documents left unrendered once it answers again.
    const outcome = await runReport(deps, scheduleId, periodKey, async (requestIds) => {
      const documentIds = await listUnrenderedDocumentIdsOfRequests(deps.db, requestIds);
      const payloads = documentIds.map((documentId) => ({ documentId }));
      await deps.queues.enqueueAll(documentRender, payloads).then(
        () => {
          renders += documentIds.length;
        },
        (err: Error) =>
          deps.log.warn(`report run: ${documentIds.length} renders left to the reconciler: ${err.message}`),
      );
    });
    deps.log.info("report run", { ...outcome, requestIds: undefined, renders });
    return { ...outcome, requestIds: outcome.requestIds.length, renders };
  };
}
