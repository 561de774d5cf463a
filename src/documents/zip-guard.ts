import { inflateRaw } from "./zlib-gate.js";

/** Limits a .docx upload must stay within before any library inflates it (a zip bomb never reaches pizzip). */
export const ZIP_LIMITS = {
  maxEntries: 1_000,
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  // Word's XML compresses ~10×; 200× on a part over 1 MB is a bomb, not a document.
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
}

export interface ZipProblem {
  code:
    | "not_a_zip"
    | "too_many_entries"
    | "entry_too_large"
    | "total_too_large"
    | "compression_ratio"
    | "size_mismatch";
  message: string;
  entry?: string;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Reads the central directory (no inflating). */
export function readZipDirectory(buf: Buffer): ZipEntry[] | ZipProblem {
  const notZip = (why: string): ZipProblem => ({
    code: "not_a_zip",
    message: `tệp không phải .docx (zip) hợp lệ: ${why}`,
  });
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return notZip("không tìm thấy thư mục trung tâm");
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if (count > ZIP_LIMITS.maxEntries) {
    return {
      code: "too_many_entries",
      message: `tệp có ${count} mục, vượt giới hạn ${ZIP_LIMITS.maxEntries}`,
    };
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== CENTRAL_SIGNATURE)
      return notZip("thư mục trung tâm hỏng");
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    entries.push({
      method: buf.readUInt16LE(offset + 10),
      compressedSize: buf.readUInt32LE(offset + 20),
      declaredSize: buf.readUInt32LE(offset + 24),
      localHeaderOffset: buf.readUInt32LE(offset + 42),
      name: buf.toString("utf8", offset + 46, offset + 46 + nameLength),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Checks declared sizes, then inflates every entry with a hard output cap: a header that lies about its size
 * is caught by the cap, not by running out of memory.
 */
export function checkZip(buf: Buffer): ZipProblem[] {
  const entries = readZipDirectory(buf);
  if (!Array.isArray(entries)) return [entries];
  const problems: ZipProblem[] = [];
  let total = 0;
  for (const e of entries) {
    total += e.declaredSize;
    if (e.declaredSize > ZIP_LIMITS.maxEntryBytes) {
      problems.push({
        code: "entry_too_large",
        entry: e.name,
        message: `phần ${e.name} quá lớn (${e.declaredSize} byte)`,
      });
    } else if (
      e.declaredSize > ZIP_LIMITS.ratioFloorBytes &&
      e.declaredSize / Math.max(1, e.compressedSize) > ZIP_LIMITS.maxRatio
    ) {
      problems.push({
        code: "compression_ratio",
        entry: e.name,
        message: `phần ${e.name} có tỷ lệ nén bất thường (nghi “zip bomb”)`,
      });
    }
  }
  if (total > ZIP_LIMITS.maxTotalBytes) {
    problems.push({
      code: "total_too_large",
      message: `tổng dung lượng giải nén ${total} byte vượt giới hạn ${ZIP_LIMITS.maxTotalBytes}`,
    });
  }
  if (problems.length) return problems;
  for (const e of entries) {
    const actual = inflatedSize(buf, e);
    if (actual === null || actual !== e.declaredSize) {
      problems.push({
        code: "size_mismatch",
        entry: e.name,
        message: `phần ${e.name} không giải nén được hoặc khai sai kích thước`,
      });
    }
  }
  return problems;
}

function inflatedSize(buf: Buffer, e: ZipEntry): number | null {
  const o = e.localHeaderOffset;
  if (o + 30 > buf.length || buf.readUInt32LE(o) !== LOCAL_SIGNATURE) return null;
  const start = o + 30 + buf.readUInt16LE(o + 26) + buf.readUInt16LE(o + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data.length;
  if (e.method !== 8) return null;
  try {
    return inflateRaw(data, { maxOutputLength: e.declaredSize + 1 }).length;
  } catch {
    return null;
  }
}
