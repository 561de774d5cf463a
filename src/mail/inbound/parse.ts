import { createHash } from "node:crypto";
import type { AddressObject, ParsedMail } from "mailparser";
import { buildHeaderMap, extractAddresses, extractMessageIds, headerFirst } from "./headers.js";
import { findMimeProblems, repairBoundary } from "./mime-check.js";
import type { InboundAddress, InboundRecipient, ParsedInbound, RecipientSource } from "./types.js";

/** Same cap as the anchors' advice (anchors-email.md §3.3): replies with a few .docx fit, a mail bomb does not. */
export const MAX_INBOUND_BYTES = 25 * 1024 * 1024;
/** Headers of an oversized message are read from this much of its start at most. */
const MAX_HEADER_BYTES = 256 * 1024;

/** Delivery headers that name the mailbox a message was delivered to (Postfix, Exim, qmail, Exchange). */
const DELIVERY_HEADERS: RecipientSource[] = [
  "delivered-to",
  "x-original-to",
  "x-forwarded-to",
  "envelope-to",
  "x-envelope-to",
];

export interface ParseOptions {
  /** RCPT TO addresses from the SMTP session, when the receiver knows them. */
  envelopeTo?: string[];
  /** MAIL FROM of the SMTP session ("" for the null reverse-path), when the receiver knows it. */
  envelopeFrom?: string;
}

/** Never throws: a message that cannot be parsed comes back with `malformed` and what could be read. */
export async function parseInbound(raw: Buffer, options: ParseOptions = {}): Promise<ParsedInbound> {
  const sha256 = createHash("sha256").update(raw).digest("hex");
  if (raw.length > MAX_INBOUND_BYTES) {
    const mail = await parseHeadersOnly(raw);
    const p = fromParsedMail(mail ?? emptyMail(), raw, sha256, options);
    return {
      ...p,
      oversized: true,
      problems: [`larger than ${MAX_INBOUND_BYTES} bytes: body not read`, ...p.problems],
    };
  }
  const problems = findMimeProblems(raw);
  const repair = problems.length > 0 ? repairBoundary(raw) : null;
  if (repair) problems.push(`read with the boundary the body uses ("${repair.boundary}")`);
  let mail: ParsedMail | null = null;
  try {
    mail = await (await loadParser())(repair?.raw ?? raw, PARSER_OPTIONS);
  } catch (err) {
    const message = (err as Error).message;
    problems.push(
      /child nodes/i.test(message)
        ? `more than ${MAX_PARTS_READ} MIME parts: only the headers were read (${message})`
        : `mailparser failed: ${message}`,
    );
    mail = await parseHeadersOnly(raw);
  }
  const p = fromParsedMail(mail ?? emptyMail(), raw, sha256, options);
  if (mail?.textConversionError) problems.push(`HTML not converted: ${mail.textConversionError.message}`);
  // mailparser puts U+FFFD where bytes are not valid in the declared charset: the text is not what was written.
  if (p.text.includes("\uFFFD") && !raw.includes(REPLACEMENT_UTF8)) {
    problems.push("the text has bytes that are not valid in its declared charset");
  }
  p.problems.push(...problems);
  p.malformed = p.problems.length > 0;
  return p;
}

const MAX_PARTS_READ = 5000;
const REPLACEMENT_UTF8 = Buffer.from("\uFFFD", "utf8");

/** keepDeliveryStatus: the DSN part stays an attachment instead of being folded into `text` (anchors §3.3). */
const PARSER_OPTIONS = {
  keepDeliveryStatus: true,
  // Past mailparser's 1000, so a message of a few thousand parts is still read (and flagged by the MIME check);
  // beyond this it is not read at all and says so. 20,000 parts took 2.6 s on the 2-core machine, 5,000 stay well under.
  maxChildNodes: MAX_PARTS_READ,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  checksumAlgo: false as const,
};

/** mailparser is loaded by the first message, not at start-up (~0.15 s of the service's cold start). */
async function loadParser() {
  return (await import("mailparser")).simpleParser;
}

async function parseHeadersOnly(raw: Buffer): Promise<ParsedMail | null> {
  const head = raw.subarray(0, MAX_HEADER_BYTES).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const block = raw.subarray(0, end < 0 ? Math.min(raw.length, MAX_HEADER_BYTES) : end);
  try {
    // The body is left out, so a multipart Content-Type must not send the parser looking for parts.
    return await (await loadParser())(Buffer.concat([block, Buffer.from("\r\n\r\n")]), PARSER_OPTIONS);
  } catch {
    return null;
  }
}

function emptyMail(): ParsedMail {
  return { attachments: [], headers: new Map(), headerLines: [], html: false } as ParsedMail;
}

function fromParsedMail(mail: ParsedMail, raw: Buffer, sha256: string, o: ParseOptions): ParsedInbound {
  const headers = buildHeaderMap(mail.headerLines);
  const h = { headers };
  const problems: string[] = [];
  const contentType = mail.headers.get("content-type") as
    | { value: string; params: Record<string, string> }
    | undefined;
  const to = addresses(mail.to);
  const cc = addresses(mail.cc);
  return {
    sha256,
    size: raw.length,
    oversized: false,
    malformed: false,
    problems,
    messageId: messageIdOf(headerFirst(h, "message-id")),
    inReplyTo: extractMessageIds(headerFirst(h, "in-reply-to") ?? ""),
    references: (headers.references?.all ?? []).flatMap(extractMessageIds),
    from: addresses(mail.from)[0] ?? null,
    replyTo: addresses(mail.replyTo),
    to,
    cc,
    envelopeFrom: o.envelopeFrom ?? null,
    recipients: recipientsOf(to, cc, headers, o.envelopeTo ?? []),
    subject: nfc(mail.subject ?? ""),
    date: dateOf(headerFirst(h, "date"), problems),
    text: nfc(mail.text ?? ""),
    hasHtml: typeof mail.html === "string" && mail.html.length > 0,
    contentType: {
      value: (contentType?.value ?? "text/plain").toLowerCase(),
      params: { ...(contentType?.params ?? {}) },
    },
    headers,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ? nfc(a.filename) : null,
      contentType: a.contentType.toLowerCase(),
      size: a.content.length,
      sha256: createHash("sha256").update(a.content).digest("hex"),
      content: a.content,
    })),
  };
}

/** windows-1258 spells tones as combining marks (U+0300…U+0323); NFC makes "ê" + U+0301 the one "ế" people type. */
function nfc(s: string): string {
  return s.normalize("NFC");
}

function addresses(value: AddressObject | AddressObject[] | undefined): InboundAddress[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const flat = objects.flatMap((o) => o.value).flatMap((a) => (a.group ? a.group : [a]));
  return flat.flatMap((a) => (a.address ? [{ address: a.address.trim(), name: nfc(a.name ?? "") }] : []));
}

function recipientsOf(
  to: InboundAddress[],
  cc: InboundAddress[],
  headers: ParsedInbound["headers"],
  envelopeTo: string[],
): InboundRecipient[] {
  const out: InboundRecipient[] = [
    ...to.map((a) => ({ address: a.address, source: "to" as const })),
    ...cc.map((a) => ({ address: a.address, source: "cc" as const })),
  ];
  for (const source of DELIVERY_HEADERS) {
    for (const value of headers[source]?.all ?? []) {
      for (const address of extractAddresses(value)) out.push({ address, source });
    }
  }
  for (const address of envelopeTo) out.push({ address, source: "envelope" });
  return out;
}

function messageIdOf(value: string | undefined): string | null {
  if (!value) return null;
  const ids = extractMessageIds(value);
  if (ids[0]) return ids[0];
  const bare = value.trim();
  return bare ? `<${bare}>` : null;
}

/** mailparser puts "now" in place of a Date it cannot read; a wrong date is worse than none. */
function dateOf(value: string | undefined, problems: string[]): Date | null {
  if (!value) return null;
  const ms = Date.parse(value.replace(/\s*\([^)]*\)\s*$/, ""));
  if (Number.isNaN(ms)) {
    problems.push(`unreadable Date header "${value}"`);
    return null;
  }
  return new Date(ms);
}
