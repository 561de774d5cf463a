import { execFile } from "node:child_process";
import { docxText } from "../documents/docx-text.js";

const PDFTOTEXT_TIMEOUT_MS = 15_000;
const PDFTOTEXT_MAX_OUTPUT = 4 * 1024 * 1024;

/** The text of a PDF by poppler's pdftotext (reading order, no layout); null when it has none or cannot be read. */
export function pdfText(bytes: Buffer): Promise<string | null> {
  return new Promise((resolve) => {
    const child = execFile(
      "pdftotext",
      ["-enc", "UTF-8", "-q", "-", "-"],
      { timeout: PDFTOTEXT_TIMEOUT_MS, maxBuffer: PDFTOTEXT_MAX_OUTPUT, encoding: "utf8" },
      (err, stdout) => {
        if (err) return resolve(null);
        const text = stdout
          .normalize("NFC")
          .replace(/[ \t]+/g, " ")
          .trim();
        resolve(text ? text : null);
      },
    );
    child.stdin?.on("error", () => {});
    child.stdin?.end(bytes);
  });
}

export type LetterFormat = "docx" | "pdf";

export function letterFormatOf(contentType: string, filename: string | null): LetterFormat | null {
  if (contentType === "application/pdf" || /\.pdf$/i.test(filename ?? "")) return "pdf";
  if (contentType.includes("wordprocessingml") || /\.docx$/i.test(filename ?? "")) return "docx";
  return null;
}

/** A received letter's text, whichever of the two formats it came in. */
export async function letterText(bytes: Buffer, format: LetterFormat): Promise<string | null> {
  return format === "pdf" ? pdfText(bytes) : docxText(bytes);
}
