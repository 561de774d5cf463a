import iconv from "iconv-lite";
import { escapeRegExp } from "./headers.js";

/** Enough for any real message; a crafted one with thousands of parts is not worth checking part by part. */
const MAX_BOUNDARIES_CHECKED = 50;

/**
 * mailparser never says a message is broken: it reads a missing boundary as one long text part. These checks
 * look at the raw bytes for what RFC 2046 §5.1.1 requires (every multipart boundary appears, and is closed)
 * and for charsets nothing here can decode, so the triage list can say why a message reads oddly.
 */
export function findMimeProblems(raw: Buffer): string[] {
  const s = raw.toString("latin1");
  return [...boundaryProblems(s), ...charsetProblems(s)];
}

function contentTypeHeaders(s: string): string[] {
  return (s.match(/^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim) ?? []).map((h) =>
    h.replace(/\r?\n[ \t]+/g, " "),
  );
}

function boundaryProblems(s: string): string[] {
  const problems: string[] = [];
  const multipart = contentTypeHeaders(s).filter((h) => /multipart\//i.test(h));
  for (const header of multipart.slice(0, MAX_BOUNDARIES_CHECKED)) {
    const m = /boundary\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(header);
    const boundary = m?.[1] ?? m?.[2];
    if (!boundary) {
      problems.push("multipart part without a boundary parameter");
      continue;
    }
    const b = escapeRegExp(boundary);
    if (!new RegExp(`^--${b}[ \\t]*\\r?$`, "m").test(s)) {
      problems.push(`multipart boundary "${boundary}" never appears in the body`);
    } else if (!new RegExp(`^--${b}--`, "m").test(s)) {
      problems.push(`multipart boundary "${boundary}" is never closed (truncated message?)`);
    }
  }
  return problems;
}

function charsetProblems(s: string): string[] {
  const unknown = new Set<string>();
  for (const header of contentTypeHeaders(s)) {
    const m = /charset\s*=\s*"?([^\s";]+)"?/i.exec(header);
    if (m && !iconv.encodingExists(m[1]!)) unknown.add(m[1]!);
  }
  for (const m of s.matchAll(/=\?([^?*\s]+)(?:\*[^?]*)?\?[bq]\?/gi)) {
    if (!iconv.encodingExists(m[1]!)) unknown.add(m[1]!);
  }
  return [...unknown].map((c) => `unknown charset "${c}"`);
}
