import type { Worker } from "bullmq";
import { reconcile } from "../src/jobs/catalog.js";
import type { WorkerDeps } from "./deps.js";
import { documentPdfProcessor } from "./processors/document-pdf.js";
import { documentRenderProcessor } from "./processors/document-render.js";
import { mailSendProcessor } from "./processors/mail-send.js";
import { reconcileProcessor } from "./processors/reconcile.js";

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs and waits for the running ones (BullMQ releases what it cannot finish). */
  close(): Promise<void>;
}

export async function startWorkers(deps: WorkerDeps): Promise<RunningWorkers> {
  const pdf = deps.pdf;
  const workers = [
    deps.queues.createWorker("documents", documentRenderProcessor(deps), { concurrency: 4 }),
    // Only a worker that has LibreOffice takes PDF jobs; elsewhere they wait for one that does.
    ...(pdf
      ? [deps.queues.createWorker("pdf", documentPdfProcessor({ ...deps, pdf }), { concurrency: 4 })]
      : []),
    deps.queues.createWorker("mail", mailSendProcessor(deps), { concurrency: 10 }),
    deps.queues.createWorker("maintenance", reconcileProcessor(deps), { concurrency: 1 }),
  ];
  for (const w of workers) {
    w.on("failed", (job, err) => deps.log.warn(`job ${job?.name} ${job?.id} failed: ${err.message}`));
  }
  await deps.queues.schedule(reconcile, { everyMs: deps.reconcileIntervalMs });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
