// Signed letters per second (render + PDF + sign) beside unsigned (render + PDF), same pool, same run; then the
// signing step alone, ours (PAdES CAdES-detached with visible mark) beside the raw libraries (@signpdf placeholder +
// P12Signer, adbe.pkcs7.detached, no mark), and our verifier beside poppler's pdfsig. Run: npx tsx bench/signing.bench.ts [N] [M]
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { P12Signer } from "@signpdf/signer-p12";
import { SignPdf } from "@signpdf/signpdf";
import { PDFDocument } from "pdf-lib";
import {
  createPdfConverter,
  findLibreOffice,
  type PdfConverter,
} from "../src/documents/pdf/pdf-converter.js";
import { renderDocx } from "../src/documents/render-docx.js";
import { pickSignerCertificate, readPkcs12 } from "../src/signing/certificates.js";
import { createDetachedCms } from "../src/signing/cms.js";
import { preparePdf } from "../src/signing/pdf-signature.js";
import { verifyPdf } from "../src/signing/verify-pdf.js";
import { makeCa, makePkcs12, makeSignerCert } from "../test/support/test-pki.js";

const run = promisify(execFile);
const PROCESSES = 2;
const CONCURRENCY = 4;
const template = readFileSync(new URL("../templates/cong-van.docx", import.meta.url));
const FONT = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf";

const letterData = (i: number) => ({
  issuer: { superior: "TỈNH ỦY NGHỆ AN", name: "ỦY BAN KIỂM TRA", abbr: "UBKTTU" },
  doc: {
    number: String(i),
    typeCode: "CV",
    subject: "V/v đề nghị cử cán bộ",
    dateLine: "Nghệ An, ngày 05 tháng 3 năm 2026",
  },
  marks: { confidentiality: "", urgency: "", draft: "" },
  // One addressee stands on the "Kính gửi:" line itself, by its name alone.
  recipients: [{ line: "Ủy ban Kiểm tra Đảng ủy Công an Trung ương" }],
  addresseeInline: true,
  body: Array.from({ length: 20 }, (_, k) => ({
    heading: false,
    text: `${k + 1}. Thực hiện Chương trình kiểm tra, giám sát năm 2026, đề nghị các đồng chí phối hợp.`,
  })),
  afterTable: [],
  copies: [{ line: "- Như trên;" }, { line: "- Lưu VP." }],
  signer: { capacity: "T/M ỦY BAN KIỂM TRA", title: "PHÓ CHỦ NHIỆM", name: "Nguyễn Thị Hằng" },
});

const rate = (label: string, ms: number, n: number, unit = "letter") =>
  `  ${label}: ${(ms / n).toFixed(1)} ms/${unit}, ${((1000 * n) / ms).toFixed(1)} ${unit}s/s`;

async function timeLetters(pool: PdfConverter, n: number, sign?: (pdf: Buffer) => Promise<Buffer>) {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const pdf = await pool.convert(renderDocx(template, letterData(i)));
      if (sign) await sign(pdf);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - start;
}

export async function runSigningBench(n = 20, m = 30): Promise<void> {
  const ca = makeCa();
  const signer = makeSignerCert(ca);
  const p12 = makePkcs12(signer, [ca], "bench");
  const { certs, key } = readPkcs12(p12, "bench");
  const { cert, chain } = pickSignerCertificate(certs, key);
  const roots = [new X509Certificate(ca.pem)];
  const ours = (pdf: Buffer) =>
    preparePdf(
      pdf,
      {
        signer: "Nguyễn Thị Hằng",
        committee: "Ủy ban Kiểm tra Tỉnh ủy Nghệ An",
        signedAt: new Date(),
        fontPath: FONT,
      },
      (digest) => createDetachedCms({ digest, certDer: cert, chainDer: chain, key }),
    ).then((p) => {
      // As the PDF step does: the signature just made is checked before the letter is stored.
      if (verifyPdf(p.pdf, roots, new Date()).status !== "valid")
        throw new Error("bench: signature does not verify");
      return p.pdf;
    });
  const rawLibrary = async (pdf: Buffer) => {
    const doc = await PDFDocument.load(pdf);
    pdflibAddPlaceholder({ pdfDoc: doc, reason: "bench", contactInfo: "", name: "bench", location: "VN" });
    const withPlaceholder = Buffer.from(await doc.save({ useObjectStreams: false }));
    return new SignPdf().sign(withPlaceholder, new P12Signer(p12, { passphrase: "bench" }));
  };

  const found = await findLibreOffice();
  let sample: Buffer;
  if ("reason" in found) {
    console.log(`signing: letters skipped — ${found.reason}`);
    const d = await PDFDocument.create();
    d.addPage([595, 842]).drawText("bench");
    sample = Buffer.from(await d.save());
  } else {
    const pool = await createPdfConverter({ processes: PROCESSES });
    try {
      sample = await pool.convert(renderDocx(template, letterData(0)));
      await timeLetters(pool, 4, ours); // warm-up
      const unsignedMs = await timeLetters(pool, n);
      const signedMs = await timeLetters(pool, n, ours);
      console.log(
        `signing: cong-van.docx, pool of ${PROCESSES} LibreOffice, concurrency ${CONCURRENCY}, N=${n}`,
      );
      console.log(rate("unsigned (render + PDF)", unsignedMs, n));
      console.log(rate("signed (render + PDF + PAdES sign)", signedMs, n));
    } finally {
      await pool.close();
    }
  }
  await ours(sample);
  await rawLibrary(sample);
  let t = performance.now();
  let signed = sample;
  for (let i = 0; i < m; i++) signed = await ours(sample);
  const oursMs = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < m; i++) await rawLibrary(sample);
  const rawMs = performance.now() - t;
  console.log(`signing: the signing step alone on one ${sample.length}-byte letter PDF, M=${m}`);
  console.log(rate("ours (visible mark, CAdES + signing-certificate-v2, self-check)", oursMs, m, "PDF"));
  console.log(rate("raw @signpdf placeholder + P12Signer (no mark, adbe.pkcs7)", rawMs, m, "PDF"));

  t = performance.now();
  for (let i = 0; i < m; i++) verifyPdf(signed, roots, new Date());
  const verifyMs = performance.now() - t;
  const dir = await mkdtemp(path.join(os.tmpdir(), "phoihop-sign-bench-"));
  try {
    const file = path.join(dir, "signed.pdf");
    await writeFile(file, signed);
    t = performance.now();
    for (let i = 0; i < m; i++) await run("pdfsig", [file]).catch(() => undefined);
    const pdfsigMs = performance.now() - t;
    console.log(rate("verify: ours (in process)", verifyMs, m, "PDF"));
    console.log(rate("verify: pdfsig (one process per PDF)", pdfsigMs, m, "PDF"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runSigningBench(Number(process.argv[2] ?? 20), Number(process.argv[3] ?? 30));
}
