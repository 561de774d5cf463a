// Checking an uploaded template off the event loop. Prints, per upload of the built-in công văn: the whole
// check in this thread (inspectTemplate), the same through a template thread (what the API does: structured clone
// and a worker round trip), the strict XML scan alone (saxes), and docxtemplater's compile alone (the raw
// library). Then a hostile upload (200 nested loops) through the thread. Figures only; nothing is asserted.
import { readFileSync } from "node:fs";
import Docxtemplater from "docxtemplater";
import PizZip from "pizzip";
import { SAMPLE_ISSUER, SAMPLE_RECIPIENT } from "../src/documents/samples.js";
import { inspectTemplate } from "../src/documents/template-inspection.js";
import { sampleDataFor } from "../src/documents/template-samples.js";
import { scanTemplate } from "../src/documents/template-scan.js";
import { createTemplateThreads } from "../src/documents/template-thread.js";

const template = readFileSync(new URL("../templates/cong-van.docx", import.meta.url));
const sampleData = sampleDataFor("cong-van", {
  issuer: SAMPLE_ISSUER,
  recipient: SAMPLE_RECIPIENT,
  profile: "HD36-2018",
  issuedOn: "2026-03-05",
  draft: null,
})!;

async function timeEach(n: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}

function nested(depth: number): Buffer {
  const zip = new PizZip(template);
  const doc = zip.file("word/document.xml")!.asText();
  const open = "{#body}".repeat(depth);
  const close = "{/body}".repeat(depth);
  zip.file(
    "word/document.xml",
    doc.replace("<w:sectPr", `<w:p><w:r><w:t>${open}{text}${close}</w:t></w:r></w:p><w:sectPr`),
  );
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

export async function runTemplateCheckBench(n = 50): Promise<void> {
  const threads = createTemplateThreads(1);
  const options = { sampleData, layout: "cong-van" };
  const inProcess = await timeEach(n, () => inspectTemplate(template, options));
  const inThread = await timeEach(n, () => threads.run({ op: "inspect", bytes: template, options }));
  const scan = await timeEach(n, () => scanTemplate(new PizZip(template)));
  const compile = await timeEach(
    n,
    () => new Docxtemplater(new PizZip(template), { paragraphLoop: true, linebreaks: true }),
  );
  const hostile = nested(200);
  const start = process.hrtime.bigint();
  const verdict = await threads.run({ op: "inspect", bytes: hostile, options });
  const hostileMs = Number(process.hrtime.bigint() - start) / 1e6;
  await threads.close();
  console.log(`template check of cong-van.docx, N=${n} each after 5 warm-up`);
  console.log(`  inspectTemplate in this thread: ${inProcess.toFixed(2)} ms/upload`);
  console.log(`  through a template thread (the API's path): ${inThread.toFixed(2)} ms/upload`);
  console.log(`  strict XML scan alone (saxes): ${scan.toFixed(2)} ms/upload`);
  console.log(`  docxtemplater compile alone (bare library): ${compile.toFixed(2)} ms/upload`);
  const problems =
    verdict.ok && "inspected" in verdict ? verdict.inspected.problems.map((p) => p.code) : verdict;
  console.log(
    `  200 nested loops (${hostile.length} bytes): verdict in ${hostileMs.toFixed(1)} ms: ${JSON.stringify(problems)}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runTemplateCheckBench(Number(process.argv[2] ?? 50));
