// The working process of the report-run bench, run as production runs a worker: `node` on the build in dist/ (no
// tsx, no test harness), with the worker's own processors — the report-run job, then the document.render jobs it
// enqueued, taken from the queue by a documents worker of the production concurrency. Prints one JSON line: the
// times, the documents rendered and this process's peak RSS (its template threads included).
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

const t0 = performance.now();
const run = await reportRunProcessor(deps)({
  data: { scheduleId: BENCH_SCHEDULE_ID, periodKey: BENCH_PERIOD },
});
const t1 = performance.now();
const render = documentRenderProcessor(deps);
let rendered = 0;
let failed = 0;
const allDone = new Promise((resolve) => {
  const settle = () => rendered + failed === run.requestIds && resolve();
  const worker = queues.createWorker(
    "documents",
    async (job) => {
      const outcome = await render(job);
      if (outcome.kind === "rendered") rendered++;
      return outcome;
    },
    { concurrency: DOCUMENT_CONCURRENCY },
  );
  worker.on("completed", settle);
  worker.on("failed", () => {
    failed++;
    settle();
  });
  settle();
});
await allDone;
const t2 = performance.now();
const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    created: run.created,
    documents: run.requestIds,
    rendered,
    failed,
    runSeconds: (t1 - t0) / 1000,
    renderSeconds: (t2 - t1) / 1000,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakRssMiB: usage.maxRSS / 1024,
  }),
);
await queues.close();
transport.close();
await db.close();
process.exit(0);
