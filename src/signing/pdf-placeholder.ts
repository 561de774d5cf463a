// The PDF side of signing (pdf-lib, fontkit, @signpdf): about half a second of module loading, so
// pdf-signature.ts loads this module when the first document is signed, not at start-up.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import fontkit from "@pdf-lib/fontkit";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { SignPdf } from "@signpdf/signpdf";
import { SUBFILTER_ETSI_CADES_DETACHED, Signer } from "@signpdf/utils";
import { PDFDocument, rgb } from "pdf-lib";
import { codePointOf } from "../domain/text.js";
import { SIGNATURE_BYTES, type VisibleMark, vietnamTime } from "./pdf-signature.js";
import { foldDiacritics } from "./text.js";

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

/** The PDF with the visible mark and the signature field, signed by `makeCms`; `covered`: the bytes it was given. */
export async function signWithMark(
  pdf: Buffer,
  mark: VisibleMark,
  makeCms: (digest: Buffer) => Buffer,
): Promise<{ pdf: Buffer; covered: Buffer | undefined }> {
  const withField = await addPlaceholder(pdf, mark);
  const signer = new CmsFromDigest(makeCms);
  const out = await new SignPdf().sign(withField, signer);
  return { pdf: out, covered: signer.covered };
}
