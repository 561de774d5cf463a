// The working process of the report-run bench, run as production runs a worker: `node` on the build in dist/ (no
// tsx, no test harness), with the worker's own processors — the report-run job and the document.render jobs it
// enqueues batch by batch, taken from the queue by a documents worker of the production concurrency running beside
// it. Prints one JSON line: the times, the documents rendered and this process's peak RSS (template threads
// included).
import { loadConfig } from "../../dist/src/config.js";
import { openDatabase } from "../../dist/src/runtime/database.js";
import { fixedClock } from "../../dist/src/runtime/clock.js";
import { createLogger } from "../../dist/src/runtime/logger.js";
import { openMailTransport } from "../../dist/src/runtime/mail-transport.js";
import { openQueues } from "../../dist/src/runtime/queues.js";
import { DOCUMENT_CONCURRENCY } from "../../dist/workers/index.js";
import { workerDeps } from "../../dist/workers/deps.js";
import { documentRenderProcessor } from "../../dist/workers/processors/document-render.js";
import { reportRunProcessor } from "../../dist/workers/processors/report-run.js";

const { DATABASE_URL, REDIS_URL, QUEUE_PREFIX, BENCH_SCHEDULE_ID, BENCH_PERIOD, BENCH_NOW } = process.env;
const cfg = loadConfig({ DATABASE_URL, REDIS_URL, QUEUE_PREFIX });
const log = createLogger("warn");
const db = await openDatabase(cfg, log);
const queues = openQueues(cfg, db.url, log);
const transport = openMailTransport(cfg);
const deps = workerDeps({ cfg, db: db.pool, queues, transport, log, clock: fixedClock(BENCH_NOW) });

// The documents worker runs from the start, as in a worker process: the run enqueues each batch's renders as the
// batch is committed, so rendering overlaps the rest of the run. Every finished job counts (rendered, skipped or
// failed for good), so the wait ends whatever the outcomes.
const render = documentRenderProcessor(deps);
let rendered = 0;
let finished = 0;
let failed = 0;
let firstRendered = null;
let expected = null;
let allDone;
const done = new Promise((resolve) => {
  allDone = resolve;
});
const settle = () => expected !== null && finished >= expected && allDone();
const worker = queues.createWorker(
  "documents",
  async (job) => {
    const outcome = await render(job);
    if (outcome.kind === "rendered") {
      rendered++;
      firstRendered ??= performance.now();
    }
    return outcome;
  },
  { concurrency: DOCUMENT_CONCURRENCY },
);
worker.on("completed", () => {
  finished++;
  settle();
});
// BullMQ says "failed" for every failed attempt: only a job with no attempt left (or refused for good) is finished.
worker.on("failed", (job, err) => {
  const retried = job && job.attemptsMade < (job.opts.attempts ?? 1) && err?.name !== "UnrecoverableError";
  if (retried) return;
  finished++;
  failed++;
  settle();
});
const t0 = performance.now();
const run = await reportRunProcessor(deps)({
  data: { scheduleId: BENCH_SCHEDULE_ID, periodKey: BENCH_PERIOD },
});
const t1 = performance.now();
expected = run.renders;
settle();
await done;
const t2 = performance.now();
const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    created: run.created,
    documents: run.renders,
    rendered,
    failed,
    firstRenderedSeconds: firstRendered === null ? null : (firstRendered - t0) / 1000,
    runSeconds: (t1 - t0) / 1000,
    totalSeconds: (t2 - t0) / 1000,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakRssMiB: usage.maxRSS / 1024,
  }),
);
await worker.close();
await queues.close();
transport.close();
await db.close();
process.exit(0);
