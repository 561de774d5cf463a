// Our renderDocx against bare docxtemplater + pizzip, same template bytes, same run, alternating in
// batches so machine noise hits both alike (PERFORMANCE.md). Run: npx tsx bench/render.bench.ts [N]
import { readFileSync } from "node:fs";
import Docxtemplater from "docxtemplater";
import PizZip from "pizzip";
import type { DocumentData } from "../src/documents/document-data-types.js";
import { Worker } from "node:worker_threads";
import { renderDocx } from "../src/documents/render-docx.js";
import { createTemplateThreads } from "../src/documents/template-thread.js";

const BATCH = 100;
const WARM_UP = 300;

const template = readFileSync(new URL("../templates/cong-van.docx", import.meta.url));

// A letter of about two pages: 20 body paragraphs, like the PERFORMANCE.md yardstick.
export const data: DocumentData = {
  issuer: {
    superior: "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG",
    name: "ỦY BAN KIỂM TRA",
    abbr: "UBKTTU",
    place: "Hà Nội",
  },
  doc: {
    number: "07",
    typeCode: "CV",
    issuerAbbr: "UBKTTU",
    symbol: "07-CV/UBKTTU",
    title: "",
    subject: "V/v đề nghị cử cán bộ tham gia Đoàn kiểm tra",
    subjectText: "đề nghị cử cán bộ tham gia Đoàn kiểm tra",
    issuedOn: "2026-03-05",
    place: "Hà Nội",
    dateLine: "Hà Nội, ngày 05 tháng 3 năm 2026",
  },
  marks: { confidentiality: "", urgency: "", draft: "" },
  addresseeInline: false,
  recipients: [
    { line: "- Ủy ban Kiểm tra Đảng ủy Công an tỉnh Nghệ An;" },
    { line: "- Ủy ban Kiểm tra Đảng ủy Công an tỉnh Hà Tĩnh." },
  ],
  body: Array.from({ length: 20 }, (_, i) => ({
    text:
      `${i + 1}. Thực hiện Chương trình kiểm tra, giám sát năm 2026, Ủy ban Kiểm tra Đảng ủy Công an ` +
      "Trung ương đề nghị các đồng chí phối hợp, bảo đảm tiến độ và chất lượng công việc được giao.",
    heading: false,
  })),
  rows: [],
  afterTable: [],
  copies: [{ line: "- Như trên;" }, { line: "- Lưu VP." }],
  signer: { capacity: "T/M ỦY BAN KIỂM TRA", title: "PHÓ CHỦ NHIỆM", name: "Nguyễn Văn A" },
};

function ours(): Buffer {
  return renderDocx(template, data);
}

// The least a parser must do for the template's dotted tags ({doc.dateLine}, {issuer.name}, …) to resolve:
// split once, walk the path; docxtemplater itself falls back to the parent scopes inside loops.
function dottedPath(tag: string) {
  const path = tag.trim() === "." ? [] : tag.trim().split(".");
  return {
    get(scope: unknown): unknown {
      let value = scope as Record<string, unknown> | undefined;
      for (const key of path) value = value == null ? undefined : (value[key] as Record<string, unknown>);
      return value;
    },
  };
}

// docxtemplater's defaults (its nullGetter, pizzip's JS DEFLATE) with the minimal dotted-path parser above, and
// paragraphLoop and linebreaks, which the template needs to mean the same thing: the same letter as ours.
function bare(): Buffer {
  const doc = new Docxtemplater(new PizZip(template), {
    paragraphLoop: true,
    linebreaks: true,
    parser: dottedPath,
  });
  doc.render(data);
  return doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
}

/** The letter's visible text (word/document.xml without its markup), to check both variants wrote the same. */
export function letterText(docx: Buffer): string {
  const xml = new PizZip(docx).file("word/document.xml")!.asText();
  return xml.replace(/<w:p[ >]/g, "\n$&").replace(/<[^>]+>/g, "");
}

function checkSameLetter(): string {
  const a = letterText(ours());
  const b = letterText(bare());
  const problems = [
    a !== b && "the two letters' text differs",
    /undefined/.test(b) && 'the bare letter says "undefined"',
    !b.includes(data.doc.dateLine) && "the bare letter has no date line",
  ].filter(Boolean);
  return problems.length ? `NOT THE SAME LETTER: ${problems.join("; ")}` : "same text (checked)";
}

function timeBatch(fn: () => Buffer, count: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function line(label: string, totalMs: number, n: number, bytes: number): string {
  const perLetter = totalMs / n;
  return `  ${label}: ${perLetter.toFixed(3)} ms/letter, ${(1000 / perLetter).toFixed(0)} letters/s, ${bytes} bytes`;
}

export function runRenderBench(N = 2000): void {
  for (let i = 0; i < WARM_UP; i++) {
    ours();
    bare();
  }

  let oursMs = 0;
  let bareMs = 0;
  for (let done = 0; done < N; done += BATCH) {
    const count = Math.min(BATCH, N - done);
    if ((done / BATCH) % 2 === 0) {
      oursMs += timeBatch(ours, count);
      bareMs += timeBatch(bare, count);
    } else {
      bareMs += timeBatch(bare, count);
      oursMs += timeBatch(ours, count);
    }
  }

  console.log(
    `render cong-van.docx, one core, N=${N} each after ${WARM_UP} warm-up, alternating batches of ${BATCH}`,
  );
  console.log(line("renderDocx (ours)", oursMs, N, ours().length));
  console.log(line("docxtemplater + pizzip + dotted-path parser (bare)", bareMs, N, bare().length));
  console.log(`  ours / bare: ${(bareMs / oursMs).toFixed(2)}× (goal ≥ 1.2×); ${checkSameLetter()}`);
}

// The bare anchor on both cores: the same bare render as above, in two threads of plain JavaScript, each rendering
// its half of the letters (no pool, no messages per letter).
const BARE_THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Docxtemplater = require("docxtemplater");
const PizZip = require("pizzip");
const parser = (tag) => {
  const path = tag.trim() === "." ? [] : tag.trim().split(".");
  return { get(scope) { let v = scope; for (const k of path) v = v == null ? undefined : v[k]; return v; } };
};
const render = () => {
  const doc = new Docxtemplater(new PizZip(workerData.template), { paragraphLoop: true, linebreaks: true, parser });
  doc.render(workerData.data);
  return doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
};
for (let i = 0; i < workerData.warmUp; i++) render();
parentPort.postMessage("warm");
parentPort.once("message", () => {
  for (let i = 0; i < workerData.count; i++) render();
  parentPort.postMessage("done");
});`;

async function timeBareThreads(threads: number, n: number): Promise<number> {
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(BARE_THREAD, {
        eval: true,
        workerData: { template, data, warmUp: 100, count: Math.ceil(n / threads) },
      }),
  );
  const next = (w: Worker) =>
    new Promise((resolve, reject) => w.once("message", resolve).once("error", reject));
  await Promise.all(workers.map(next));
  const start = performance.now();
  const done = workers.map(next);
  for (const w of workers) w.postMessage("go");
  await Promise.all(done);
  const ms = performance.now() - start;
  await Promise.all(workers.map((w) => w.terminate()));
  return ms;
}

async function timePool(threads: number, n: number, inFlight: number): Promise<number> {
  const pool = createTemplateThreads(threads);
  try {
    const drive = async (count: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next++ < count) {
            const outcome = await pool.run({ op: "render", bytes: template, data });
            if (!outcome.ok) throw new Error(`render failed in the bench: ${JSON.stringify(outcome)}`);
          }
        }),
      );
    };
    await drive(100 * threads); // starts the threads and warms them
    const start = performance.now();
    await drive(n);
    return performance.now() - start;
  } finally {
    await pool.close();
  }
}

/** Letters per second on every core: our render pool (as the render jobs use it) beside bare threads. */
export async function runRenderParallelBench(N = 2000, threads = 2): Promise<void> {
  const bareMs = await timeBareThreads(threads, N);
  const oursMs = await timePool(threads, N, 8);
  console.log(`render cong-van.docx, ${threads} threads, N=${N} each`);
  console.log(
    line(`render pool, ${threads} threads, 8 in flight (ours)`, oursMs, N, 0).replace(", 0 bytes", ""),
  );
  console.log(line(`bare docxtemplater, ${threads} threads (bare)`, bareMs, N, 0).replace(", 0 bytes", ""));
  console.log(`  ours / bare: ${(bareMs / oursMs).toFixed(2)}× (goal: ≥ 700 letters/s on 2 cores)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runRenderBench(Number(process.argv[2] ?? 2000));
  await runRenderParallelBench(Number(process.argv[2] ?? 2000));
}
