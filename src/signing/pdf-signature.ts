import { createHash } from "node:crypto";

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

/**
 * The PDF with its visible mark and a fixed ByteRange, /Contents still zeros, and the digest a signer signs.
 * `makeCms` (optional) signs at once; without it the result waits for a CMS made elsewhere.
 */
export async function preparePdf(
  pdf: Buffer,
  mark: VisibleMark,
  makeCms?: (digest: Buffer) => Buffer,
): Promise<PreparedPdf> {
  const { signWithMark } = await import("./pdf-placeholder.js");
  const { pdf: out, covered } = await signWithMark(pdf, mark, makeCms ?? (() => Buffer.alloc(0)));
  const byteRange = readByteRange(out);
  if (!covered) throw new Error("signpdf signed without handing over the covered bytes");
  return { pdf: out, byteRange, digest: createHash("sha256").update(covered).digest() };
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
