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

/**
 * A top-level multipart whose declared boundary never appears (a client or gateway rewrote one side) reads as
 * nothing at all. If the body does open with a delimiter line, the boundary it uses is put into the header so the
 * parts can be read; returns null when there is nothing to repair.
 */
export function repairBoundary(raw: Buffer): { raw: Buffer; boundary: string } | null {
  const s = raw.toString("latin1");
  const headerEnd = s.search(/\r?\n\r?\n/);
  if (headerEnd < 0) return null;
  const head = s.slice(0, headerEnd);
  const body = s.slice(headerEnd);
  const ct = /^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/im.exec(head);
  const declared =
    ct && /multipart\//i.test(ct[0]) ? /boundary\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(ct[0]) : null;
  const boundary = declared?.[1] ?? declared?.[2];
  if (!ct || !declared || !boundary || body.includes(`\n--${boundary}`)) return null;
  const used = /^--(\S{1,200}?)(?:--)?[ \t]*\r?$/m.exec(body)?.[1];
  if (!used) return null;
  const fixedHeader = ct[0].replace(declared[0], `boundary="${used}"`);
  const repaired = head.slice(0, ct.index) + fixedHeader + head.slice(ct.index + ct[0].length) + body;
  return { raw: Buffer.from(repaired, "latin1"), boundary: used };
}
