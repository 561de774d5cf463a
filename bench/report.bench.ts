// A báo cáo with a 2,000-row figures table (about 30 pages at 14 pt): time and peak memory of our render path
// (document data + renderDocx on the built-in bao-cao layout) beside bare docxtemplater on the same template.
// Each variant runs in a fresh process so that its peak RSS is its own.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Docxtemplater from "docxtemplater";
import PizZip from "pizzip";
import { documentData } from "../src/documents/document-data.js";
import { renderDocx } from "../src/documents/render-docx.js";
import { SAMPLE_BAO_CAO, SAMPLE_FIGURES, sampleContext } from "../src/documents/samples.js";
import { styleProfile } from "../src/documents/style-profiles.js";

const ROWS = 2_000;

function renderOnce(variant: "ours" | "bare"): { ms: number; bytes: number; peakRssMb: number } {
  const template = readFileSync(new URL("../templates/bao-cao.docx", import.meta.url));
  const start = process.hrtime.bigint();
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const f = SAMPLE_FIGURES[i % SAMPLE_FIGURES.length]!;
    return { ...f, content: `Đơn vị số ${i + 1}: ${f.content}` };
  });
  const data = documentData({ ...SAMPLE_BAO_CAO, rows }, sampleContext("BC"), styleProfile("HD36-2018"));
  let out: Buffer;
  if (variant === "ours") out = renderDocx(template, data);
  else {
    const doc = new Docxtemplater(new PizZip(template), { paragraphLoop: true, linebreaks: true });
    doc.render(data);
    out = doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, bytes: out.length, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

export function runReportBench(): void {
  console.log(
    `report: bao-cao.docx with a ${ROWS}-row table, each run in a fresh process (includes first-run JIT)`,
  );
  for (const variant of ["ours", "bare"] as const) {
    const out = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), variant], {
      encoding: "utf8",
    });
    const r = JSON.parse(out.trim().split("\n").at(-1)!);
    const label = variant === "ours" ? "renderDocx (ours)" : "docxtemplater + pizzip (bare)";
    const unzipped = (r.bytes / 1024).toFixed(0);
    console.log(
      `  ${label}: ${r.ms.toFixed(0)} ms, ${unzipped} KiB docx, peak RSS ${r.peakRssMb.toFixed(0)} MiB`,
    );
  }
}

const variant = process.argv[2];
if (import.meta.url === `file://${process.argv[1]}`) {
  if (variant === "ours" || variant === "bare") console.log(JSON.stringify(renderOnce(variant)));
  else runReportBench();
}
