// npm run bench: every benchmark, one after the other, printing figures (never part of npm test).
import os from "node:os";
import { runEdgeBench } from "./edge.bench.js";
import { runInboundBench } from "./inbound.bench.js";
import { runIntakeBench } from "./intake.bench.js";
import { runLoggerBench } from "./logger.bench.js";
import { runMailBench } from "./mail.bench.js";
import { runPdfBench } from "./pdf.bench.js";
import { runRegistersBench } from "./registers.bench.js";
import { runRenderBench } from "./render.bench.js";
import { runReportBench } from "./report.bench.js";
import { runReportRunBench } from "./report-run.bench.js";
import { runSummaryBench } from "./summary.bench.js";
import { runSigningBench } from "./signing.bench.js";
import { runWebBench } from "./web.bench.js";

console.log(
  `phoihop benchmarks — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}`,
);
runRenderBench(Number(process.env.BENCH_RENDER_N ?? 2000));
runReportBench();
runLoggerBench();
await runPdfBench();
await runSigningBench();
await runMailBench();
await runInboundBench();
await runReportRunBench();
await runSummaryBench();
await runIntakeBench();
await runWebBench();
await runEdgeBench();
await runRegistersBench();
