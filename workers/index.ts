import type { Job, Worker } from "bullmq";
import { UnrecoverableError } from "bullmq";
import {
  documentPdf,
  documentRender,
  mailInbound,
  mailSend,
  reconcile,
  remindersSweep,
  notificationsDeliver,
  reportRun,
} from "../src/jobs/catalog.js";
import { listReportSchedules } from "../src/db/queries/report-schedules.js";
import { cronFor, REPORT_SCHEDULE_TZ } from "../src/reports/periods.js";
import { observeJob, traceOf } from "../src/runtime/job-observer.js";
import { withTrace } from "../src/runtime/trace.js";
import type { WorkerDeps } from "./deps.js";
import { documentPdfProcessor } from "./processors/document-pdf.js";
import { documentRenderProcessor } from "./processors/document-render.js";
import { mailInboundProcessor } from "./processors/mail-inbound.js";
import { mailSendProcessor } from "./processors/mail-send.js";
import { reconcileProcessor } from "./processors/reconcile.js";
import { remindersSweepProcessor } from "./processors/reminders-sweep.js";
import { notificationsDeliverProcessor } from "./processors/notifications-deliver.js";
import { reportRunProcessor } from "./processors/report-run.js";

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs and waits for the running ones (BullMQ releases what it cannot finish). */
  close(): Promise<void>;
}

type Processor = (job: Job) => Promise<unknown>;

/**
 * One worker per queue; within a queue the job's name picks its processor. Each job runs under the trace it
 * carries (see src/runtime/trace.ts): its log lines and the jobs it enqueues name it too.
 */
function byName(processors: Record<string, Processor>, log: WorkerDeps["log"]): Processor {
  return async (job) => {
    const processor = processors[job.name];
    if (!processor) throw new UnrecoverableError(`no processor for job ${job.name}`);
    return withTrace(traceOf(job), () => observeJob(job, log, () => processor(job)));
  };
}

// Seconds, not minutes: a reminder is due at a given instant and a reply must cancel the next one promptly.
const REMINDER_SWEEP_MS = 60_000;
// Notification e-mails: "immediately" means within this; digests go at the first sweep after the user's time.
const NOTIFICATION_SWEEP_MS = 30_000;

export async function startWorkers(deps: WorkerDeps): Promise<RunningWorkers> {
  const pdf = deps.pdf;
  const workers = [
    deps.queues.createWorker(
      "documents",
      byName({ [documentRender.name]: documentRenderProcessor(deps) }, deps.log),
      {
        concurrency: 4,
      },
    ),
    // Only a worker that has LibreOffice takes PDF jobs; elsewhere they wait for one that does.
    ...(pdf
      ? [
          deps.queues.createWorker(
            "pdf",
            byName({ [documentPdf.name]: documentPdfProcessor({ ...deps, pdf }) }, deps.log),
            { concurrency: 4 },
          ),
        ]
      : []),
    deps.queues.createWorker(
      "mail",
      byName(
        { [mailSend.name]: mailSendProcessor(deps), [mailInbound.name]: mailInboundProcessor(deps) },
        deps.log,
      ),
      { concurrency: 10 },
    ),
    deps.queues.createWorker(
      "maintenance",
      byName(
        {
          [reconcile.name]: reconcileProcessor(deps),
          [remindersSweep.name]: remindersSweepProcessor(deps),
          [reportRun.name]: reportRunProcessor(deps),
          [notificationsDeliver.name]: notificationsDeliverProcessor(deps),
        },
        deps.log,
      ),
      { concurrency: 1 },
    ),
  ];
  for (const w of workers) {
    w.on("failed", (job, err) => deps.log.warn(`job ${job?.name} ${job?.id} failed: ${err.message}`));
  }
  await deps.queues.schedule(reconcile, { everyMs: deps.reconcileIntervalMs });
  await deps.queues.schedule(remindersSweep, { everyMs: REMINDER_SWEEP_MS });
  await deps.queues.schedule(notificationsDeliver, { everyMs: NOTIFICATION_SWEEP_MS });
  await scheduleReports(deps);
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/**
 * One BullMQ job scheduler per active report schedule, upserted (never removed and re-added) from here at start,
 * always in Asia/Ho_Chi_Minh. Terms have no cron: they are run by hand.
 */
export async function scheduleReports(deps: Pick<WorkerDeps, "db" | "queues">): Promise<number> {
  let n = 0;
  for (const s of await listReportSchedules(deps.db, { activeOnly: true })) {
    const pattern = cronFor(s.periodType, s.cutoff);
    if (!pattern) continue;
    await deps.queues.schedule(
      reportRun,
      { pattern, tz: REPORT_SCHEDULE_TZ },
      { scheduleId: s.id },
      `report-${s.code}`,
    );
    n++;
  }
  return n;
}
