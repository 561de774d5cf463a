import { fileTypeFromBuffer } from "file-type";
import { DOCX_MIME } from "../domain/media-types.js";
import { checkZip, readZipDirectory } from "../documents/zip-guard.js";

/** What a clerk may attach to a request, detected from the bytes (the file name's extension is never trusted). */
export const ATTACHMENT_TYPES = {
  pdf: "application/pdf",
  docx: DOCX_MIME,
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  odt: "application/vnd.oasis.opendocument.text",
  jpg: "image/jpeg",
  png: "image/png",
} as const;
export type AttachmentExtension = keyof typeof ATTACHMENT_TYPES;

export type Detection =
  | { ok: true; extension: AttachmentExtension; contentType: string }
  | { ok: false; reason: string };

const MACRO_TYPES = new Set(["docm", "xlsm", "pptm", "dotm", "xltm"]);
// Macro parts in OOXML (vbaProject.bin) and in OpenDocument (Basic/ and Scripts/ folders).
const MACRO_PART = /(^|\/)vbaProject\.bin$|^(Basic|Scripts)\//i;

/**
 * file-type (a kept library, magic numbers plus the zip's [Content_Types].xml) names the format; then the Office
 * packages get the zip-bomb checks of template uploads and a look for macro parts. An encrypted Office file is
 * an OLE compound file (cfb), not a zip: refused, as is the old binary .doc/.xls.
 */
export async function detectAttachment(bytes: Buffer): Promise<Detection> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found) return { ok: false, reason: "không nhận ra định dạng tệp từ nội dung" };
  if (found.ext === "cfb") {
    return {
      ok: false,
      reason: "tệp Office được mã hóa (đặt mật khẩu) hoặc định dạng cũ (.doc, .xls): không nhận",
    };
  }
  if (MACRO_TYPES.has(found.ext)) return { ok: false, reason: `tệp có macro (.${found.ext}): không nhận` };
  if (!Object.hasOwn(ATTACHMENT_TYPES, found.ext)) {
    return {
      ok: false,
      reason: `định dạng .${found.ext} không được nhận; chỉ nhận PDF, DOCX, XLSX, ODT, JPEG, PNG`,
    };
  }
  const extension = found.ext as AttachmentExtension;
  if (extension === "docx" || extension === "xlsx" || extension === "odt") {
    const problems = checkZip(bytes);
    if (problems.length) return { ok: false, reason: problems.map((p) => p.message).join("; ") };
    const entries = readZipDirectory(bytes);
    if (Array.isArray(entries) && entries.some((e) => MACRO_PART.test(e.name)))
      return { ok: false, reason: "tệp có macro: không nhận" };
  }
  return { ok: true, extension, contentType: ATTACHMENT_TYPES[extension] };
}
