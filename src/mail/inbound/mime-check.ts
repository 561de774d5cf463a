import { textBefore } from "../../domain/text.js";
import iconv from "iconv-lite";
import { escapeRegExp } from "./headers.js";

/** Enough for any real message; a crafted one with thousands of parts is not worth checking part by part. */
const MAX_PARTS_CHECKED = 200;
const MAX_DEPTH = 8;

/**
 * mailparser never says a message is broken: it reads a missing boundary as no text at all. This walks the MIME
 * tree on the raw bytes and checks what RFC 2046 §5.1.1 requires (each multipart's boundary appears, and is
 * closed) and that every charset named can be decoded, so the triage list can say why a message reads oddly.
 * It does not descend into message/* parts: a bounce may return a truncated original, which is not our defect.
 */
export function findMimeProblems(raw: Buffer): string[] {
  const problems: string[] = [];
  const unknownCharsets = new Set<string>();
  const seen = { count: 0 };
  walk(raw.toString("latin1"), 0, seen, problems, unknownCharsets);
  if (seen.count > MAX_PARTS_CHECKED) problems.push(`more than ${MAX_PARTS_CHECKED} MIME parts`);
  return [...problems, ...[...unknownCharsets].map((c) => `unknown charset "${c}"`)];
}

interface Entity {
  head: string;
  body: string;
  contentType: string;
}

function splitEntity(s: string): Entity {
  const m = /\r?\n\r?\n/.exec(s);
  const head = m ? s.slice(0, m.index) : s;
  const body = m ? s.slice(m.index + m[0].length) : "";
  const ct = /^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/im.exec(head)?.[0] ?? "";
  return {
    head,
    body,
    contentType: ct
      .replace(/\r?\n[ \t]+/g, " ")
      .slice("content-type:".length)
      .trim(),
  };
}

function boundaryOf(contentType: string): string | undefined {
  const m = /boundary\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function walk(s: string, depth: number, seen: { count: number }, problems: string[], charsets: Set<string>) {
  if (depth > MAX_DEPTH || ++seen.count > MAX_PARTS_CHECKED) return;
  const { head, body, contentType } = splitEntity(s);
  collectCharsets(head, contentType, charsets);
  if (!/^multipart\//i.test(contentType)) {
    if (/^message\//i.test(contentType)) return;
    const encoding = /^content-transfer-encoding:\s*([^\s;]+)/im.exec(head)?.[1]?.toLowerCase();
    if (encoding === "base64" && !isBase64(body)) {
      problems.push(`invalid base64 in a ${textBefore(contentType, ";").trim() || "text/plain"} part`);
    }
    return;
  }
  const boundary = boundaryOf(contentType);
  if (!boundary) {
    problems.push("multipart part without a boundary parameter");
    return;
  }
  const delimiter = new RegExp(`^--${escapeRegExp(boundary)}(--)?[ \\t]*\\r?$`, "gm");
  const marks = [...body.matchAll(delimiter)];
  if (marks.length === 0) {
    problems.push(`multipart boundary "${boundary}" never appears in the body`);
    return;
  }
  if (!marks.some((m) => m[1] === "--")) {
    problems.push(`multipart boundary "${boundary}" is never closed (truncated message?)`);
  }
  for (const [i, mark] of marks.entries()) {
    if (mark[1] === "--") break;
    const start = mark.index + mark[0].length;
    const end = marks[i + 1]?.index ?? body.length;
    walk(body.slice(start, end).replace(/^\r?\n/, ""), depth + 1, seen, problems, charsets);
  }
}

/** RFC 2045 §6.8: the alphabet, whitespace between, "=" only as padding at the end. Missing padding is tolerated. */
function isBase64(body: string): boolean {
  const data = body.replace(/[\s]+/g, "");
  return /^[A-Za-z0-9+/]*={0,2}$/.test(data) && data.length % 4 !== 1;
}

function collectCharsets(head: string, contentType: string, charsets: Set<string>) {
  const declared = /charset\s*=\s*"?([^\s";]+)"?/i.exec(contentType)?.[1];
  if (declared && !iconv.encodingExists(declared)) charsets.add(declared);
  for (const m of head.matchAll(/=\?([^?*\s]+)(?:\*[^?]*)?\?[bq]\?/gi)) {
    const charset = m[1];
    if (charset !== undefined && !iconv.encodingExists(charset)) charsets.add(charset);
  }
}

/**
 * A top-level multipart whose declared boundary never appears (a client or gateway rewrote one side) reads as
 * nothing at all. If the body does open with a delimiter line, the boundary it uses is put into the header so the
 * parts can be read; returns null when there is nothing to repair.
 */
export function repairBoundary(raw: Buffer): { raw: Buffer; boundary: string } | null {
  const s = raw.toString("latin1");
  const { head, body, contentType } = splitEntity(s);
  const declared = /^multipart\//i.test(contentType) ? boundaryOf(contentType) : undefined;
  if (!declared || new RegExp(`^--${escapeRegExp(declared)}`, "m").test(body)) return null;
  const used = /^--(\S{1,200}?)(?:--)?[ \t]*\r?$/m.exec(body)?.[1];
  if (!used) return null;
  const param = /boundary\s*=\s*(?:"[^"]*"|[^\s;]+)/i;
  const ctHeader = /^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/im;
  const fixedHead = head.replace(ctHeader, (h) => h.replace(param, `boundary="${used}"`));
  return { raw: Buffer.from(fixedHead + s.slice(head.length), "latin1"), boundary: used };
}
