import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import fontkit from "@pdf-lib/fontkit";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { SignPdf } from "@signpdf/signpdf";
import { SUBFILTER_ETSI_CADES_DETACHED, Signer } from "@signpdf/utils";
import { PDFDocument, rgb } from "pdf-lib";
import { codePointOf } from "../domain/text.js";
import { foldDiacritics } from "./text.js";

/** Room for the CMS: a 4096-bit chain of three certificates and a token's extra attributes fit with margin. */
export const SIGNATURE_BYTES = 16_384;

export interface VisibleMark {
  signer: string;
  committee: string;
  signedAt: Date;
  sealPng?: Buffer | null;
  fontPath?: string;
}

export interface PreparedPdf {
  pdf: Buffer;
  byteRange: [number, number, number, number];
  /** SHA-256 of the bytes the ByteRange covers: what the CMS's message digest must be. */
  digest: Buffer;
}

/** ISO 8601 in Vietnam's time zone (UTC+7, no daylight saving), as Nghị định 30/2020 asks for the time of signing. */
export function vietnamTime(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 19);
  return `${local}+07:00`;
}

// A4 portrait in points; the block sits in the top margin, right-aligned (Phụ lục I: góc trên, bên phải, trang đầu).
const BLOCK = { width: 250, height: 36, right: 28, top: 6, fontSize: 9 };

/** Draws the visible signature block on the first page and adds the empty signature field over it. */
async function addPlaceholder(pdf: Buffer, mark: VisibleMark): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPages()[0];
  if (!page) throw new Error("PDF has no page");
  const { width, height } = page.getSize();
  const x = width - BLOCK.right - BLOCK.width;
  const y = height - BLOCK.top - BLOCK.height;
  const lines = [
    `Ký bởi: ${mark.signer}`,
    `Cơ quan: ${mark.committee}`,
    `Thời gian ký: ${vietnamTime(mark.signedAt)}`,
  ];
  const file = mark.fontPath ? await fontFile(mark.fontPath) : undefined;
  // A font without Vietnamese glyphs (fonts-liberation 1.x) would print empty boxes: fold to ASCII instead.
  const covers =
    file !== undefined &&
    lines.every((l) => [...l].every((ch) => file.face.hasGlyphForCodePoint(codePointOf(ch))));
  doc.registerFontkit(fontkit);
  const font = covers
    ? await doc.embedFont(file.bytes, { subset: true })
    : await doc.embedFont("Times-Roman");
  const shown = covers ? lines : lines.map(foldDiacritics);
  if (mark.sealPng) {
    const seal = await doc.embedPng(mark.sealPng);
    const size = BLOCK.height + 6;
    // The seal over the left third of the block (Phụ lục I: dấu trùm lên 1/3 chữ ký về bên trái).
    page.drawImage(seal, { x: x - size / 3, y: y - 3, width: size, height: size, opacity: 0.9 });
  }
  page.drawRectangle({
    x,
    y,
    width: BLOCK.width,
    height: BLOCK.height,
    borderColor: rgb(0.7, 0, 0),
    borderWidth: 0.6,
  });
  shown.forEach((line, i) => {
    page.drawText(line, {
      x: x + 4,
      y: y + BLOCK.height - 4 - BLOCK.fontSize * (i + 1) - i * 2,
      size: BLOCK.fontSize,
      font,
      color: rgb(0, 0, 0),
      maxWidth: BLOCK.width - 8,
    });
  });
  pdflibAddPlaceholder({
    pdfDoc: doc,
    pdfPage: page,
    reason: foldDiacritics(`Ban hanh van ban - ${mark.committee}`),
    contactInfo: "",
    name: foldDiacritics(mark.signer),
    location: "Viet Nam",
    signingTime: mark.signedAt,
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: [x, y, x + BLOCK.width, y + BLOCK.height],
    appName: "phoihop",
  });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

// Read and parsed once per process: the font file does not change while the service runs.
const fonts = new Map<string, { bytes: Buffer; face: ReturnType<typeof fontkit.create> }>();
async function fontFile(path: string) {
  let font = fonts.get(path);
  if (!font) {
    const bytes = await readFile(path);
    font = { bytes, face: fontkit.create(bytes) };
    fonts.set(path, font);
  }
  return font;
}

/** Hands the covered bytes to `make` and puts what it returns into /Contents (signpdf fixes the ByteRange). */
class CmsFromDigest extends Signer {
  covered?: Buffer;
  constructor(private readonly make: (digest: Buffer) => Buffer | Promise<Buffer>) {
    super();
  }
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    this.covered = pdfBuffer;
    return this.make(createHash("sha256").update(pdfBuffer).digest());
  }
}

/**
 * The PDF with its visible mark and a fixed ByteRange, /Contents still zeros, and the digest a signer signs.
 * `makeCms` (optional) signs at once; without it the result waits for a CMS made elsewhere.
 */
export async function preparePdf(
  pdf: Buffer,
  mark: VisibleMark,
  makeCms?: (digest: Buffer) => Buffer,
): Promise<PreparedPdf> {
  const withField = await addPlaceholder(pdf, mark);
  const signer = new CmsFromDigest(makeCms ?? (() => Buffer.alloc(0)));
  const out = await new SignPdf().sign(withField, signer);
  const byteRange = readByteRange(out);
  if (!signer.covered) throw new Error("signpdf signed without handing over the covered bytes");
  return { pdf: out, byteRange, digest: createHash("sha256").update(signer.covered).digest() };
}

export type ByteRange = [start: number, length: number, secondStart: number, secondLength: number];

export function readByteRange(pdf: Buffer): ByteRange {
  const at = pdf.lastIndexOf("/ByteRange [");
  const m = /^\/ByteRange \[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(
    pdf.subarray(at, at + 80).toString("latin1"),
  );
  if (at < 0 || !m) throw new Error("no ByteRange");
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}

/** A stored byte range (a number[] column) as its four numbers; fewer is not one this code wrote. */
export function asByteRange(values: readonly number[]): ByteRange {
  const [start, length, secondStart, secondLength] = values;
  if (start === undefined || length === undefined || secondStart === undefined || secondLength === undefined)
    throw new Error(`Not a ByteRange: [${values.join(" ")}]`);
  return [start, length, secondStart, secondLength];
}

export function coveredBytes(pdf: Buffer, br: readonly number[]): Buffer {
  const [start, length, secondStart, secondLength] = asByteRange(br);
  return Buffer.concat([
    pdf.subarray(start, start + length),
    pdf.subarray(secondStart, secondStart + secondLength),
  ]);
}

/** Puts a CMS made elsewhere into a prepared PDF's /Contents; the covered bytes do not change. */
export function embedCms(prepared: Buffer, byteRange: readonly number[], cms: Buffer): Buffer {
  const [, gapStart, gapEnd] = asByteRange(byteRange);
  const room = (gapEnd - gapStart - 2) / 2;
  if (cms.length > room) throw new RangeError(`chữ ký dài ${cms.length} byte, chỗ dành sẵn chỉ ${room} byte`);
  const hex = cms.toString("hex").padEnd(room * 2, "0");
  return Buffer.concat([
    prepared.subarray(0, gapStart + 1),
    Buffer.from(hex, "latin1"),
    prepared.subarray(gapEnd - 1),
  ]);
}
