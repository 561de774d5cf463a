import type { HeaderValues, ParsedInbound } from "./types.js";

/** RFC 5322 §2.2.3: unfolding removes the CRLF before the whitespace, nothing else. */
export function unfold(line: string): string {
  return line.replace(/\r?\n(?=[ \t])/g, "");
}

/** `headerLines` as mailparser gives them (`{ key, line: "Name: value" }`) → name → values. */
export function buildHeaderMap(
  lines: ReadonlyArray<{ key: string; line: string }>,
): Record<string, HeaderValues> {
  const map: Record<string, HeaderValues> = Object.create(null);
  for (const { key, line } of lines) {
    const unfolded = unfold(rawToText(line));
    const colon = unfolded.indexOf(":");
    const value = (colon >= 0 ? unfolded.slice(colon + 1) : unfolded).trim();
    const name = key.toLowerCase();
    const entry = map[name];
    if (entry) entry.all.push(value);
    else map[name] = { first: value, all: [value] };
  }
  return map;
}

/**
 * mailparser hands header lines over as byte strings (one char per byte). RFC 6532 allows raw UTF-8 in headers
 * and sloppy clients send it anyway; read it as UTF-8 when it is valid UTF-8, else leave the bytes alone.
 */
function rawToText(line: string): string {
  if (!/[\u0080-\u00ff]/.test(line) || /[\u0100-\uffff]/.test(line)) return line;
  const text = Buffer.from(line, "latin1").toString("utf8");
  return text.includes("\uFFFD") ? line : text.normalize("NFC");
}

/** Reads a raw header block (text before the first empty line) into the same map, for embedded originals. */
export function parseHeaderBlock(block: string): Record<string, HeaderValues> {
  const lines: { key: string; line: string }[] = [];
  for (const raw of block.split(/\r?\n(?![ \t])/)) {
    if (raw.trim() === "") break;
    const key = /^([!-9;-~]+):/.exec(raw)?.[1];
    if (key !== undefined) lines.push({ key, line: raw });
  }
  return buildHeaderMap(lines);
}

export function headerFirst(p: Pick<ParsedInbound, "headers">, name: string): string | undefined {
  return p.headers[name.toLowerCase()]?.first;
}

export function headerAll(p: Pick<ParsedInbound, "headers">, name: string): string[] {
  return p.headers[name.toLowerCase()]?.all ?? [];
}

/** Every `<…>` msg-id in a header value (RFC 5322 §3.6.4); comments and junk around them are ignored. */
export function extractMessageIds(value: string): string[] {
  return value.match(/<[^<>\s]+>/g) ?? [];
}

/** The addr-specs in an address header, with or without angle brackets and display names. */
export function extractAddresses(value: string): string[] {
  const found: string[] = [];
  for (const m of value.matchAll(/<([^<>\s]+@[^<>\s]+)>|([^\s<>,;:"()[\]]+@[^\s<>,;:"()[\]]+)/g)) {
    const address = m[1] ?? m[2];
    if (address !== undefined) found.push(address);
  }
  return found;
}

/** RFC 5321 §4.5.5: DSNs and automatic replies go out with an empty reverse-path, seen as `Return-Path: <>`. */
export function hasNullSender(p: Pick<ParsedInbound, "headers" | "envelopeFrom">): boolean {
  return p.envelopeFrom === "" || headerFirst(p, "return-path")?.replace(/\s/g, "") === "<>";
}

export function localPart(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? address : address.slice(0, at);
}

export function domainPart(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1).toLowerCase();
}

/** Reply tokens are 20 random bytes in lowercase RFC 4648 base32: exactly 32 of a–z, 2–7. */
export const TOKEN_PATTERN = "[a-z2-7]{32}";
const TOKEN_RE = new RegExp(`^${TOKEN_PATTERN}$`);

/** Lower-cases first: some clients and MTAs upper-case the local part (RFC 5321 lets them not, they do). */
export function normaliseToken(candidate: string): string | null {
  const t = candidate.toLowerCase();
  return TOKEN_RE.test(t) ? t : null;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
