import ExcelJS from "exceljs";
import PizZip from "pizzip";
import { describe, expect, it } from "vitest";
import { detectAttachment } from "../../src/attachments/detect.js";
import { mailFilename } from "../../src/attachments/mail-attachments.js";

async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Số liệu").addRow(["Đơn vị", 12]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function odt(extra: Record<string, string> = {}): Buffer {
  const zip = new PizZip();
  // OpenDocument: an uncompressed "mimetype" entry first, then the parts.
  zip.file("mimetype", "application/vnd.oasis.opendocument.text", { compression: "STORE" });
  zip.file(
    "META-INF/manifest.xml",
    '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
  );
  zip.file("content.xml", '<?xml version="1.0"?><office:document-content/>');
  for (const [name, content] of Object.entries(extra)) zip.file(name, content);
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

const jpeg = () =>
  Buffer.concat([
    Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
      0x01, 0x00, 0x00,
    ]),
    Buffer.alloc(64),
    Buffer.from([0xff, 0xd9]),
  ]);

describe("attachment types come from the bytes", () => {
  it("recognises XLSX, ODT and JPEG", async () => {
    expect(await detectAttachment(await xlsx())).toMatchObject({ ok: true, extension: "xlsx" });
    expect(await detectAttachment(odt())).toMatchObject({ ok: true, extension: "odt" });
    expect(await detectAttachment(jpeg())).toMatchObject({ ok: true, contentType: "image/jpeg" });
  });

  it("refuses an OpenDocument with Basic macros, a GIF, an empty zip and random bytes", async () => {
    expect(await detectAttachment(odt({ "Basic/Standard/Module1.xml": "<x/>" }))).toMatchObject({
      ok: false,
    });
    expect((await detectAttachment(Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1"))).ok).toBe(
      false,
    );
    expect((await detectAttachment(new PizZip().generate({ type: "nodebuffer" }))).ok).toBe(false);
    expect((await detectAttachment(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]))).ok).toBe(false);
  });

  it("names e-mailed files in ASCII with the detected extension", () => {
    expect(mailFilename("Sơ đồ tổ chức.jpg", "png")).toBe("so-do-to-chuc.png");
    expect(mailFilename("...", "pdf")).toBe("tep-dinh-kem.pdf");
  });
});
