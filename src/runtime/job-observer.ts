import type { Job } from "bullmq";
import type { Logger } from "./logger.js";
import { jobDuration, jobsTotal } from "./metrics.js";
import { TRACE_PATTERN } from "./trace.js";

/** The trace a job carries in its data (set by Queues.enqueue), when it is well-formed. */
export function traceOf(job: Job): string | undefined {
  const trace = (job.data as { trace?: unknown } | undefined)?.trace;
  return typeof trace === "string" && TRACE_PATTERN.test(trace) ? trace : undefined;
}

/** Every job, whatever its processor: one log line when it ends (with its trace), its duration and outcome counted. */
export async function observeJob<T>(job: Job, log: Logger, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  const facts = { job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 };
  try {
    const result = await work();
    const took = seconds();
    jobDuration.observe({ name: job.name, outcome: "completed" }, took);
    jobsTotal.inc({ name: job.name, outcome: "completed" });
    // The schedulers' sweeps run every few seconds: only at debug, unless they did something worth reading.
    const routine = job.repeatJobKey !== undefined;
    log[routine ? "debug" : "info"](`job ${job.name} done`, { ...facts, ms: Math.round(took * 1000) });
    return result;
  } catch (err) {
    const took = seconds();
    jobDuration.observe({ name: job.name, outcome: "failed" }, took);
    jobsTotal.inc({ name: job.name, outcome: "failed" });
    log.warn(`job ${job.name} failed: ${(err as Error).message}`, { ...facts, ms: Math.round(took * 1000) });
    throw err;
  }
}
