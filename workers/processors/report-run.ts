import type { Job } from "bullmq";
import { listUnrenderedDocumentIdsOfRequests } from "../../src/db/queries/documents.js";
import { documentRender, reportRun } from "../../src/jobs/catalog.js";
import { runReport } from "../../src/reports/run-report.js";
import type { WorkerDeps } from "../deps.js";

export function reportRunProcessor(deps: WorkerDeps) {
  return async (job: Job) => {
    const { scheduleId, periodKey } = reportRun.schema.parse(job.data);
    const outcome = await runReport(deps, scheduleId, periodKey);
    for (const documentId of await listUnrenderedDocumentIdsOfRequests(deps.db, outcome.requestIds)) {
      await deps.queues.enqueue(documentRender, { documentId });
    }
    deps.log.info("report run", { ...outcome, requestIds: undefined });
    return { ...outcome, requestIds: outcome.requestIds.length };
  };
}
