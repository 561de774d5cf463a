import type pg from "pg";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { countInboundByClassification, countOutboundByPurposeAndStatus } from "../db/queries/metrics.js";
import type { PdfStats } from "../documents/pdf/pdf-converter.js";
import type { Queues } from "./queues.js";

/**
 * The process's Prometheus registry (prom-client). Counters and histograms are of this process (a worker's jobs
 * are counted where they run); queue depths and message counts are read at each scrape from BullMQ and the
 * database, so every process reports the same deployment-wide figures for those.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "phoihop_" });

const SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];

export const jobsTotal = new Counter({
  name: "phoihop_jobs_total",
  help: "Jobs finished by this process, by job name and outcome (completed, failed)",
  labelNames: ["name", "outcome"] as const,
  registers: [registry],
});

/** Render (document.render), PDF (document.pdf) and send (mail.send) durations, and every other job's. */
export const jobDuration = new Histogram({
  name: "phoihop_job_duration_seconds",
  help: "Time a job took in its processor, by job name and outcome",
  labelNames: ["name", "outcome"] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const reconcileRederived = new Counter({
  name: "phoihop_reconcile_rederived_total",
  help: "Work the reconciler found due in the database and enqueued again, by kind",
  labelNames: ["kind"] as const,
  registers: [registry],
});

const queueJobs = new Gauge({
  name: "phoihop_queue_jobs",
  help: "Jobs in each queue by state (read at scrape time)",
  labelNames: ["queue", "state"] as const,
  registers: [registry],
});
const queueUp = new Gauge({
  name: "phoihop_queue_up",
  help: "1 when the queue backend answered the scrape's count, 0 otherwise",
  registers: [registry],
});
const outboundMessages = new Gauge({
  name: "phoihop_outbound_messages",
  help: "Outgoing e-mails (letters, reminders, escalations, notifications) by status, from the database",
  labelNames: ["purpose", "status"] as const,
  registers: [registry],
});
const inboundMessages = new Gauge({
  name: "phoihop_inbound_messages",
  help: "Incoming e-mails by classification and status, from the database",
  labelNames: ["classification", "status"] as const,
  registers: [registry],
});
const dbPool = new Gauge({
  name: "phoihop_db_pool_connections",
  help: "This process's PostgreSQL pool: total, idle and waiting clients",
  labelNames: ["state"] as const,
  registers: [registry],
});
const pdfPool = new Gauge({
  name: "phoihop_pdf_pool",
  help: "This process's LibreOffice pool: processes, busy, queued conversions, restarts",
  labelNames: ["state"] as const,
  registers: [registry],
});

export interface MetricsSources {
  db: pg.Pool;
  queues: Queues;
  pdfStats?: (() => PdfStats) | undefined;
}

const JOB_STATES = ["waiting", "active", "delayed", "failed", "completed", "prioritized"] as const;
const SCRAPE_TIMEOUT_MS = 2_000;

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref()),
  ]);
}

/** Reads the figures that live elsewhere (queues, database, pools), then prints the whole registry. */
export async function renderMetrics(sources: MetricsSources): Promise<string> {
  await Promise.all([readQueues(sources.queues), readMessages(sources.db)]);
  dbPool.set({ state: "total" }, sources.db.totalCount);
  dbPool.set({ state: "idle" }, sources.db.idleCount);
  dbPool.set({ state: "waiting" }, sources.db.waitingCount);
  const pdf = sources.pdfStats?.();
  if (pdf) {
    pdfPool.set({ state: "processes" }, pdf.processes);
    pdfPool.set({ state: "busy" }, pdf.busy);
    pdfPool.set({ state: "queued" }, pdf.queued);
    pdfPool.set({ state: "restarts" }, pdf.restarts);
  }
  return registry.metrics();
}

async function readQueues(queues: Queues): Promise<void> {
  try {
    const counts = await within(
      SCRAPE_TIMEOUT_MS,
      Promise.all(queues.all().map(async (q) => [q.name, await q.getJobCounts(...JOB_STATES)] as const)),
    );
    for (const [queue, byState] of counts)
      for (const state of JOB_STATES) queueJobs.set({ queue, state }, byState[state] ?? 0);
    queueUp.set(1);
  } catch {
    // The backend is down: say so, and keep the last figures rather than claim the queues are empty.
    queueUp.set(0);
  }
}

async function readMessages(db: pg.Pool): Promise<void> {
  const [outbound, inbound] = await Promise.all([
    countOutboundByPurposeAndStatus(db),
    countInboundByClassification(db),
  ]);
  outboundMessages.reset();
  for (const r of outbound) outboundMessages.set({ purpose: r.purpose, status: r.status }, r.n);
  inboundMessages.reset();
  for (const r of inbound) inboundMessages.set({ classification: r.classification, status: r.status }, r.n);
}
