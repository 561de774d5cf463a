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
import { recordPdfAttemptError } from "../src/db/queries/documents.js";
import { listReportSchedules } from "../src/db/queries/report-schedules.js";
import { cronFor, REPORT_SCHEDULE_TZ } from "../src/reports/periods.js";
import { OutageLog, unreachablePart } from "../src/runtime/outage.js";
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
  /**
   * Stops taking jobs at once and waits for the running ones until `deadline` (ms since the epoch); those still
   * running then are handed back to the queue (another worker, or this one after a restart, takes them), and their
   * work is written so that a job taken again never repeats what was done (see send-message.ts).
   */
  close(deadline?: number): Promise<{ handedBack: number }>;
}

type Processor = (job: Job, token?: string) => Promise<unknown>;

/** The jobs this process is running, so that a shutdown that runs out of time can hand them back. */
type ActiveJobs = Map<Job, string | undefined>;

/**
 * One worker per queue; within a queue the job's name picks its processor. Each job runs under the trace it
 * carries (see src/runtime/trace.ts): its log lines and the jobs it enqueues name it too. Running jobs are kept in
 * `active`, so that a shutdown that runs out of time can hand them back.
 */
function byName(
  processors: Record<string, Processor>,
  active: ActiveJobs,
  log: WorkerDeps["log"],
): Processor {
  return async (job, token) => {
    const processor = processors[job.name];
    if (!processor) throw new UnrecoverableError(`no processor for job ${job.name}`);
    active.set(job, token);
    try {
      return await withTrace(traceOf(job), () => observeJob(job, log, () => processor(job, token)));
    } finally {
      active.delete(job);
    }
  };
}

// Seconds, not minutes: a reminder is due at a given instant and a reply must cancel the next one promptly.
const REMINDER_SWEEP_MS = 60_000;
// Notification e-mails: "immediately" means within this; digests go at the first sweep after the user's time.
const NOTIFICATION_SWEEP_MS = 30_000;
/** document.render jobs one process runs at once (their templates render on the process's template threads). */
export const DOCUMENT_CONCURRENCY = 4;

export async function startWorkers(deps: WorkerDeps): Promise<RunningWorkers> {
  const pdf = deps.pdf;
  const active: ActiveJobs = new Map();
  const workers = [
    deps.queues.createWorker(
      "documents",
      byName({ [documentRender.name]: documentRenderProcessor(deps) }, active, deps.log),
      { concurrency: DOCUMENT_CONCURRENCY },
    ),
    // Only a worker that has LibreOffice takes PDF jobs; elsewhere they wait for one that does.
    ...(pdf
      ? [
          deps.queues.createWorker(
            "pdf",
            byName({ [documentPdf.name]: documentPdfProcessor({ ...deps, pdf }) }, active, deps.log),
            { concurrency: 4 },
          ),
        ]
      : []),
    deps.queues.createWorker(
      "mail",
      byName(
        { [mailSend.name]: mailSendProcessor(deps), [mailInbound.name]: mailInboundProcessor(deps) },
        active,
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
        active,
        deps.log,
      ),
      { concurrency: 1 },
    ),
  ];
  // PostgreSQL or Redis away: one line when it goes and one when it is back, not one per failed job.
  const outage = new OutageLog(deps.log);
  for (const w of workers) {
    w.on("completed", () => {
      if (outage.anyDown) outage.reachable();
    });
    w.on("failed", (job, err) => {
      const part = unreachablePart(err);
      if (part) outage.unreachable(part, err);
      else deps.log.warn(`job ${job?.name} ${job?.id} failed: ${err.message}`);
      if (job && job.name === documentPdf.name && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        void recordPdfGaveUp(deps, job, err);
      }
    });
  }
  // Every worker re-asserts the schedulers on a timer: Redis losing its data (FLUSHALL, a failover to an empty
  // replica) must not stop the sweeps until some worker happens to restart.
  const assertSchedules = scheduleSweeps(deps);
  await assertSchedules();
  const timer = setInterval(() => void assertSchedules(), deps.reconcileIntervalMs);
  timer.unref();
  return {
    workers,
    async close(deadline) {
      clearInterval(timer);
      // close() first stops fetching, then waits for the running jobs.
      const drained = Promise.all(workers.map((w) => w.close())).then(() => true);
      const inTime = deadline
        ? await Promise.race([drained, sleepUntil(deadline).then(() => false)])
        : await drained;
      if (inTime) return { handedBack: 0 };
      // The close above still waits for those jobs (a second close() is the same one): leave it, the process ends.
      return { handedBack: await handBack(active, deps) };
    },
  };
}

function sleepUntil(deadline: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref());
}

/** Running jobs go back to waiting now, rather than after their lock expires (and count as stalled). */
async function handBack(active: ActiveJobs, deps: WorkerDeps): Promise<number> {
  let n = 0;
  for (const [job, token] of active) {
    await job.moveToWait(token).then(
      () => n++,
      (err: Error) => deps.log.warn(`job ${job.name} ${job.id} not handed back: ${err.message}`),
    );
  }
  if (n) deps.log.warn(`shutdown: handed ${n} running job(s) back to the queue`);
  return n;
}

/** A PDF whose attempts ran out says so on the document (the reconciler still tries again later). */
async function recordPdfGaveUp(deps: WorkerDeps, job: Job, err: Error): Promise<void> {
  const { documentId } = documentPdf.schema.parse(job.data);
  await recordPdfAttemptError(deps.db, documentId, err.message).catch(() => {});
}

function scheduleSweeps(deps: WorkerDeps): () => Promise<void> {
  let failing = false;
  return async () => {
    try {
      await deps.queues.schedule(reconcile, { everyMs: deps.reconcileIntervalMs });
      await deps.queues.schedule(remindersSweep, { everyMs: REMINDER_SWEEP_MS });
      await deps.queues.schedule(notificationsDeliver, { everyMs: NOTIFICATION_SWEEP_MS });
      await scheduleReports(deps);
      if (failing) deps.log.info("schedulers re-asserted");
      failing = false;
    } catch (err) {
      // One line per outage, not one per timer tick.
      if (!failing) deps.log.warn(`schedulers not re-asserted (retrying): ${(err as Error).message}`);
      failing = true;
    }
  };
}

/**
 * One BullMQ job scheduler per active report schedule, upserted (never removed and re-added) at start and on every
 * re-assertion, always in Asia/Ho_Chi_Minh; a schedule switched off loses its scheduler here too, so a
 * re-assertion racing the switch cannot bring it back for good. Terms have no cron: they are run by hand.
 */
export async function scheduleReports(deps: Pick<WorkerDeps, "db" | "queues">): Promise<number> {
  let n = 0;
  for (const s of await listReportSchedules(deps.db)) {
    const pattern = s.active ? cronFor(s.periodType, s.cutoff) : null;
    if (!pattern) {
      await deps.queues.unschedule(reportRun.queue, `report-${s.code}`);
      continue;
    }
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
