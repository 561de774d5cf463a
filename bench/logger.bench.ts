// The service's logger (pino behind src/runtime/logger.ts: redaction, secret scrubbing, the trace mixin) against
// bare pino writing the same lines, same run, alternating in batches. Lines go to a sink that only counts bytes.
// Run: npx tsx bench/logger.bench.ts [N]
import { pino } from "pino";
import { createLogger } from "../src/runtime/logger.js";
import { withTrace } from "../src/runtime/trace.js";

const BATCH = 1000;

export function runLoggerBench(n = 100_000): void {
  let bytes = 0;
  const sink = {
    write(line: string) {
      bytes += line.length;
    },
  };
  const ours = createLogger("info", "phoihop", sink);
  const bare = pino(
    { level: "info", base: { name: "phoihop" }, timestamp: pino.stdTimeFunctions.isoTime },
    sink,
  );
  const extra = {
    method: "POST",
    route: "/v1/requests/:id/approve",
    status: 200,
    ms: 12.3,
    committee: "NGHE-AN",
  };
  const times = { ours: 0, bare: 0 };
  const run = (which: "ours" | "bare") => {
    const start = process.hrtime.bigint();
    if (which === "ours")
      withTrace("trace-1", () => {
        for (let i = 0; i < BATCH; i++) ours.info("http", extra);
      });
    else for (let i = 0; i < BATCH; i++) bare.info({ ...extra, trace: "trace-1" }, "http");
    times[which] += Number(process.hrtime.bigint() - start) / 1e6;
  };
  const both = () => {
    run("ours");
    run("bare");
  };
  for (let i = 0; i < 5; i++) both();
  times.ours = 0;
  times.bare = 0;
  for (let done = 0; done < n; done += BATCH) both();
  const per = (ms: number) =>
    `${((ms * 1000) / n).toFixed(2)} µs/line, ${Math.round(n / (ms / 1000))} lines/s`;
  console.log(`\nlogger — ${n} access lines each (${bytes} bytes written in all)`);
  console.log(`  phoihop logger (pino + redaction + scrubbing + trace): ${per(times.ours)}`);
  console.log(`  bare pino, same fields:                                ${per(times.bare)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) runLoggerBench(Number(process.argv[2] ?? 100_000));
