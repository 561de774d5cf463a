import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { deflateSync } from "node:zlib";
import PizZip from "pizzip";

const run = promisify(execFile);
const escapeXml = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** A letter as a .docx: our own cong-van package with its body replaced by these paragraphs. */
export async function letterDocx(paragraphs: string[]): Promise<Buffer> {
  const zip = new PizZip(await readFile(new URL("../../templates/cong-van.docx", import.meta.url)));
  const body = paragraphs
    .map((p) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`)
    .join("");
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`,
  );
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

/** The same package with extra parts (a macro project, a bomb) or a macro-enabled content type. */
export async function alteredDocx(p: { extra?: Record<string, Buffer | string>; macroEnabled?: boolean }) {
  const zip = new PizZip(await letterDocx(["Tài liệu"]));
  for (const [name, content] of Object.entries(p.extra ?? {})) zip.file(name, content);
  if (p.macroEnabled) {
    const types = zip.file("[Content_Types].xml")!.asText();
    zip.file(
      "[Content_Types].xml",
      types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
      ),
    );
  }
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

/** A real 2×2 PNG (signature, IHDR, IDAT, IEND with their CRCs). */
export function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(body));
    return Buffer.concat([head, body, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** An OLE compound file header: what an encrypted (password-protected) .docx really is. */
export function compoundFileHeader(): Buffer {
  const b = Buffer.alloc(1536);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b);
  b.writeUInt16LE(0x003e, 24);
  b.writeUInt16LE(0x0003, 26);
  b.writeUInt16LE(0xfffe, 28);
  b.writeUInt16LE(9, 30);
  return b;
}

/** A .docx converted to PDF by LibreOffice (installed on the test machines), so pdftotext has real text to read. */
export async function pdfOf(docx: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "phoihop-pdf-"));
  try {
    await writeFile(join(dir, "letter.docx"), docx);
    await run(
      "soffice",
      [
        `-env:UserInstallation=file://${dir}/profile`,
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        dir,
        join(dir, "letter.docx"),
      ],
      { timeout: 120_000 },
    );
    return await readFile(join(dir, "letter.pdf"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A PDF header with nothing readable after it: file-type calls it a PDF, pdftotext cannot read it. */
export function unreadablePdf(): Buffer {
  return Buffer.concat([Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1"), Buffer.alloc(2048, 0x41)]);
}
