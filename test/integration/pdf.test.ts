// The LibreOffice pool against a real LibreOffice. CI installs libreoffice-writer-nogui, fonts-liberation,
// python3-uno and poppler-utils (pdftotext); without them the suite is skipped and says why.
import { spawnSync } from "node:child_process";
import { readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import PizZip from "pizzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPdfConverter,
  findLibreOffice,
  PdfConversionError,
  type PdfConverter,
  PdfQueueFullError,
  PdfTimeoutError,
  PdfUnavailableError,
} from "../../src/documents/pdf/pdf-converter.js";
import { renderDocx } from "../../src/documents/render-docx.js";
import { eventually } from "../support/harness.js";

const found = await findLibreOffice();
const skipReason = "reason" in found ? found.reason : undefined;
if (skipReason) console.warn(`test/integration/pdf.test.ts skipped: ${skipReason}`);
const describeWithOffice = skipReason ? describe.skip : describe;

const template = readFileSync(new URL("../../templates/cong-van.docx", import.meta.url));

const letterData = {
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
  body: [
    { heading: false, text: "Thực hiện Chương trình kiểm tra, giám sát năm 2026 của Ủy ban Kiểm tra," },
    { heading: false, text: "Đề nghị các đồng chí gửi danh sách cán bộ trước ngày 20 tháng 3 năm 2026." },
  ],
  afterTable: [],
  copies: [{ line: "- Như trên;" }, { line: "- Lưu VP." }],
  signer: { capacity: "T/M ỦY BAN KIỂM TRA", title: "PHÓ CHỦ NHIỆM", name: "Nguyễn Thị Hằng" },
};

function pdfText(pdf: Buffer): string {
  const result = spawnSync("pdftotext", ["-enc", "UTF-8", "-", "-"], { input: pdf, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr || result.error}`);
  return result.stdout.normalize("NFC").replace(/\s+/g, " ");
}

/** The letter with an image linked (not embedded) from `url`: LibreOffice fetches such images unless stopped. */
function withExternalImage(docx: Buffer, url: string): Buffer {
  const zip = new PizZip(docx);
  const relsPath = "word/_rels/document.xml.rels";
  const relationship =
    '<Relationship Id="rIdLinked" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" ' +
    `Target="${url}" TargetMode="External"/>`;
  zip.file(
    relsPath,
    zip.file(relsPath)!.asText().replace("</Relationships>", `${relationship}</Relationships>`),
  );
  const a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
  const pic = 'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"';
  const r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const drawing =
    '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">' +
    '<wp:extent cx="914400" cy="914400"/><wp:docPr id="990" name="linked"/>' +
    `<a:graphic ${a}><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
    `<pic:pic ${pic}><pic:nvPicPr><pic:cNvPr id="990" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip ${r} r:link="rIdLinked"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>' +
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>' +
    "</wp:inline></w:drawing></w:r></w:p>";
  const documentXml = zip
    .file("word/document.xml")!
    .asText()
    .replace(/<w:body>/, `<w:body>${drawing}`);
  zip.file("word/document.xml", documentXml);
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

async function conversionError(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: Error) => e,
  );
  if (!error) throw new Error("expected the conversion to fail");
  return error;
}

describe("createPdfConverter without LibreOffice", () => {
  it("still starts, says why, and refuses conversions with PdfUnavailableError", async () => {
    const converter = await createPdfConverter({ sofficePath: "/nonexistent/soffice" });
    expect(converter.available).toBe(false);
    expect(converter.reason).toMatch(/soffice/);
    const error = await conversionError(converter.convert(Buffer.from("x")));
    expect(error, String(error)).toBeInstanceOf(PdfUnavailableError);
    await converter.close();
  });
});

describeWithOffice(`PDF rendition with LibreOffice${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let letter: Buffer;
  let pool: PdfConverter;

  beforeAll(async () => {
    letter = renderDocx(template, letterData);
    pool = await createPdfConverter({ processes: 2 });
    expect(pool.available, pool.reason).toBe(true);
  });
  afterAll(async () => {
    await pool?.close();
  });

  it("renders the letter as a PDF with its Vietnamese text intact", async () => {
    const pdf = await pool.convert(letter);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = pdfText(pdf);
    for (const expected of [
      "ĐẢNG CỘNG SẢN VIỆT NAM",
      "Kính gửi",
      "Hà Nội, ngày 05 tháng 3 năm 2026",
      "Đề nghị các đồng chí gửi danh sách cán bộ trước ngày 20 tháng 3 năm 2026.",
      "Nguyễn Thị Hằng",
    ]) {
      expect(text, text).toContain(expected);
    }
  });

  it("converts 10 letters at once with 2 processes", async () => {
    const before = pool.stats();
    const pdfs = await Promise.all(Array.from({ length: 10 }, () => pool.convert(letter)));
    for (const pdf of pdfs) expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pool.stats()).toMatchObject({ processes: 2, busy: 0, queued: 0, restarts: before.restarts });
  });

  it("fails a corrupt document with PdfConversionError and keeps the pool", async () => {
    const before = pool.stats();
    const error = await conversionError(pool.convert(Buffer.from("PK\u0003\u0004 không phải một tệp docx")));
    expect(error, String(error)).toBeInstanceOf(PdfConversionError);
    expect((await pool.convert(letter)).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pool.stats().restarts).toBe(before.restarts);
  });

  it("restarts a LibreOffice killed mid-run; its job is retried and later conversions succeed", async () => {
    const before = pool.stats();
    const victim = before.sofficePids[0]!;
    const batch = Promise.all(Array.from({ length: 6 }, () => pool.convert(letter)));
    process.kill(victim, "SIGKILL");
    for (const pdf of await batch) expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await eventually(async () => {
      const now = pool.stats();
      return now.restarts > before.restarts && now.processes === 2 && !now.sofficePids.includes(victim);
    });
    const later = await Promise.all(Array.from({ length: 4 }, () => pool.convert(letter)));
    expect(later).toHaveLength(4);
  });

  it("keeps the converter off the network", async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? "");
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    // The profile alone must hold too, for hosts where `unshare -n` is not allowed.
    const profileOnly = await createPdfConverter({ processes: 1, networkNamespace: false });
    try {
      const linked = withExternalImage(letter, `http://127.0.0.1:${port}/logo.png`);
      expect((await pool.convert(linked)).subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect((await profileOnly.convert(linked)).subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(requests).toEqual([]);
      if (pool.isolation === "network-namespace") {
        const pid = pool.stats().sofficePids[0];
        expect(readlinkSync(`/proc/${pid}/ns/net`)).not.toBe(readlinkSync("/proc/self/ns/net"));
      }
    } finally {
      await profileOnly.close();
      server.close();
    }
  });

  it("fails a conversion that outlives the timeout with PdfTimeoutError and restarts the process", async () => {
    const hasty = await createPdfConverter({ processes: 1, timeoutMs: 1 });
    try {
      const error = await conversionError(hasty.convert(letter));
      expect(error, String(error)).toBeInstanceOf(PdfTimeoutError);
      await eventually(async () => hasty.stats().restarts >= 1 && hasty.stats().processes === 1);
    } finally {
      await hasty.close();
    }
  });

  it("refuses work beyond the queue bound with PdfQueueFullError", async () => {
    const small = await createPdfConverter({ processes: 1, maxQueue: 1 });
    try {
      const running = small.convert(letter); // taken by the only process
      const waiting = small.convert(letter); // fills the queue
      const error = await conversionError(small.convert(letter));
      expect(error, String(error)).toBeInstanceOf(PdfQueueFullError);
      await expect(Promise.all([running, waiting])).resolves.toHaveLength(2);
    } finally {
      await small.close();
    }
  });
});
