// npm run bench [-- name …]: every benchmark (or the named ones), one after the other, printing figures beside
// their same-run anchors (never part of npm test). Names: render render-peers render-cores report template-check pdf signing
// mail inbound report-run summary intake web edge registers cold-start faults letters.
import { machineLine } from "./support/machine.js";
import { runColdStartBench } from "./cold-start.bench.js";
import { runEdgeBench } from "./edge.bench.js";
import { runFaultsBench } from "./faults.bench.js";
import { runInboundBench } from "./inbound.bench.js";
import { runIntakeBench } from "./intake.bench.js";
import { runLettersBench } from "./letters.bench.js";
import { runLoggerBench } from "./logger.bench.js";
import { runMailBench } from "./mail.bench.js";
import { runPdfBench } from "./pdf.bench.js";
import { runRegistersBench } from "./registers.bench.js";
import { runRenderBench, runRenderParallelBench } from "./render.bench.js";
import { runRenderPeersBench } from "./render-peers.bench.js";
import { runReportBench } from "./report.bench.js";
import { runReportRunBench } from "./report-run.bench.js";
import { runSummaryBench } from "./summary.bench.js";
import { runSigningBench } from "./signing.bench.js";
import { runTemplateCheckBench } from "./template-check.bench.js";
import { runWebBench } from "./web.bench.js";

const benches: Record<string, () => unknown> = {
  render: () => runRenderBench(Number(process.env.BENCH_RENDER_N ?? 2000)),
  "render-peers": () => runRenderPeersBench(Number(process.env.BENCH_RENDER_PEERS_N ?? 1000)),
  "render-cores": () => runRenderParallelBench(Number(process.env.BENCH_RENDER_N ?? 2000)),
  report: () => runReportBench(),
  logger: () => runLoggerBench(),
  "template-check": () => runTemplateCheckBench(),
  pdf: () => runPdfBench(Number(process.env.BENCH_PDF_N ?? 200)),
  signing: () => runSigningBench(),
  mail: () => runMailBench(),
  inbound: () => runInboundBench(),
  "report-run": () => runReportRunBench(),
  summary: () => runSummaryBench(),
  intake: () => runIntakeBench(),
  web: () => runWebBench(),
  edge: () => runEdgeBench(),
  registers: () => runRegistersBench(),
  // 7 faults × 150 letters: over 1,000 letters through real processes (BENCH_FAULTS_N per fault).
  faults: () => runFaultsBench(Number(process.env.BENCH_FAULTS_N ?? 150)),
  "cold-start": () => runColdStartBench(),
  letters: () => runLettersBench(),
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in benches));
if (unknown.length)
  throw new Error(`unknown bench ${unknown.join(", ")}; known: ${Object.keys(benches).join(" ")}`);

console.log(`phoihop benchmarks — ${machineLine()}, Node ${process.version}`);
for (const [name, run] of Object.entries(benches)) {
  if (chosen.length && !chosen.includes(name)) continue;
  await run();
  console.log(`  (after ${name}: ${machineLine()})`);
}
