// PDF per second: our pool of long-lived LibreOffice processes against one fresh `soffice --convert-to pdf` per
// document, same letter, same run (PERFORMANCE.md "PDF with LibreOffice"). Run: npx tsx bench/pdf.bench.ts [N] [M]
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { createPdfConverter, findLibreOffice } from "../src/documents/pdf/pdf-converter.js";
import { renderDocx } from "../src/documents/render-docx.js";

const run = promisify(execFile);
const PROCESSES = 2;
const CONCURRENCY = 4;
const WARM_UP = 4;

const template = readFileSync(new URL("../templates/cong-van.docx", import.meta.url));

// About two pages, like the render bench: 20 body paragraphs.
const letter = renderDocx(template, {
  issuer: { superior: "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG", name: "ỦY BAN KIỂM TRA", abbr: "UBKTTU" },
  doc: {
    number: "07",
    typeCode: "CV",
    subject: "V/v đề nghị cử cán bộ tham gia Đoàn kiểm tra",
    dateLine: "Hà Nội, ngày 05 tháng 3 năm 2026",
  },
  marks: { confidentiality: "", urgency: "", draft: "" },
  addresseeInline: false,
  recipients: [
    { line: "- Ủy ban Kiểm tra Đảng ủy Công an tỉnh Nghệ An;" },
    { line: "- Ủy ban Kiểm tra Đảng ủy Công an tỉnh Hà Tĩnh." },
  ],
  body: Array.from({ length: 20 }, (_, i) => ({
    heading: false,
    text:
      `${i + 1}. Thực hiện Chương trình kiểm tra, giám sát năm 2026, Ủy ban Kiểm tra Đảng ủy Công an ` +
      "Trung ương đề nghị các đồng chí phối hợp, bảo đảm tiến độ và chất lượng công việc được giao.",
  })),
  afterTable: [],
  copies: [{ line: "- Như trên;" }, { line: "- Lưu VP." }],
  signer: { capacity: "T/M ỦY BAN KIỂM TRA", title: "PHÓ CHỦ NHIỆM", name: "Nguyễn Văn A" },
});

function line(label: string, totalMs: number, n: number): string {
  const perPdf = totalMs / n;
  return `  ${label}: ${perPdf.toFixed(1)} ms/PDF, ${(1000 / perPdf).toFixed(1)} PDF/s`;
}

async function timePool(n: number): Promise<number> {
  const pool = await createPdfConverter({ processes: PROCESSES });
  if (!pool.available) throw new Error(pool.reason);
  try {
    await Promise.all(Array.from({ length: WARM_UP }, () => pool.convert(letter)));
    let next = 0;
    const worker = async () => {
      while (next++ < n) await pool.convert(letter);
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return performance.now() - start;
  } finally {
    await pool.close();
  }
}

// One process per document, as `soffice --convert-to` is usually used; one profile for all of them, made
// before timing, so the figure does not include LibreOffice's first-start profile creation.
async function timeFreshSoffice(soffice: string, m: number): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "phoihop-pdf-bench-"));
  try {
    const input = path.join(dir, "letter.docx");
    await writeFile(input, letter);
    const args = [
      `-env:UserInstallation=${pathToFileURL(path.join(dir, "profile")).href}`,
      ...["--headless", "--norestore", "--convert-to", "pdf", "--outdir", path.join(dir, "out"), input],
    ];
    await run(soffice, args);
    const start = performance.now();
    for (let i = 0; i < m; i++) await run(soffice, args);
    return performance.now() - start;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runPdfBench(n = 200, m = 5): Promise<void> {
  const found = await findLibreOffice();
  if ("reason" in found) {
    console.log(`pdf: skipped — ${found.reason}`);
    return;
  }
  const soffice = path.join(path.dirname(found.officeBin), "soffice");
  const poolMs = await timePool(n);
  const freshMs = await timeFreshSoffice(soffice, m);
  console.log(
    `pdf: cong-van.docx (2 pages) → PDF, pool N=${n} at concurrency ${CONCURRENCY}, fresh soffice M=${m}`,
  );
  console.log(line(`pool of ${PROCESSES} long-lived LibreOffice`, poolMs, n));
  console.log(line("fresh soffice per document", freshMs, m));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runPdfBench(Number(process.argv[2] ?? 200), Number(process.argv[3] ?? 5));
}
