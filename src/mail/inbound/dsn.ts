import {
  extractAddresses,
  extractMessageIds,
  hasNullSender,
  headerFirst,
  localPart,
  parseHeaderBlock,
} from "./headers.js";
import { tokenInAddress, tokenInMessageId } from "./match-keys.js";
import type { DsnInfo, HeaderValues, ParsedInbound } from "./types.js";

const STATUS_PARTS = new Set(["message/delivery-status", "message/global-delivery-status"]);
const HEADER_PARTS = new Set([
  "message/rfc822",
  "text/rfc822-headers",
  "message/global",
  "message/global-headers",
]);
/** RFC 3463 enhanced status code, not the tail of an IP address ("10.4.0.12"). */
const STATUS_CODE = /(?<![\d.])[245]\.\d{1,3}\.\d{1,3}(?![\d.])/;
/** Subjects of bounces that are not RFC 3464 reports (qmail, old Exchange, Vietnamese-localised servers). */
const BOUNCE_SUBJECT =
  /^(undeliverable|undelivered mail|delivery status notification|mail delivery (failed|failure|subsystem)|failure notice|returned mail|delivery failure|không (gửi|chuyển) được|không thể (gửi|chuyển))/iu;

/** Why this message is a bounce, or null. Checked after loop and before auto-reply (DESIGN.md "Mail"). */
export function bounceReason(p: ParsedInbound): string | null {
  const reportType = p.contentType.params["report-type"]?.toLowerCase();
  if (p.contentType.value === "multipart/report" && reportType?.endsWith("delivery-status")) {
    return "multipart/report; report-type=delivery-status (RFC 3464)";
  }
  if (p.attachments.some((a) => STATUS_PARTS.has(a.contentType)))
    return "message/delivery-status part (RFC 3464)";
  if (headerFirst(p, "x-failed-recipients")) return "X-Failed-Recipients header (Exim)";
  if (headerFirst(p, "x-ms-exchange-message-is-ndr") !== undefined)
    return "X-MS-Exchange-Message-Is-Ndr header";
  const sender = localPart(p.from?.address ?? "").toLowerCase();
  if (sender === "mailer-daemon") return "From MAILER-DAEMON";
  const nullSender = hasNullSender(p);
  if ((sender === "postmaster" || nullSender) && BOUNCE_SUBJECT.test(p.subject)) {
    return `${sender === "postmaster" ? "From postmaster" : "Return-Path: <>"} with subject "${p.subject}"`;
  }
  return null;
}

/** RFC 3464 fields, else whatever a non-standard bounce lets us read from its text. */
export function readDsn(p: ParsedInbound, ourDomains: string[]): DsnInfo {
  const statusPart = p.attachments.find((a) => STATUS_PARTS.has(a.contentType));
  const fields = statusPart ? recipientFields(statusPart.content.toString("utf8")) : textFields(p.text);
  const recipient =
    addressField(fields["final-recipient"]) ??
    addressField(fields["original-recipient"]) ??
    extractAddresses(headerFirst(p, "x-failed-recipients") ?? "")[0] ??
    qmailRecipient(p.text);
  const status = STATUS_CODE.exec(fields.status?.first ?? statusInText(p.text) ?? "")?.[0];
  const action = fields.action?.first.toLowerCase();
  const diagnostic = fields["diagnostic-code"]?.first.replace(/^[a-z-]+\s*;\s*/i, "").replace(/\s+/g, " ");
  const original = originalHeaders(p);
  const dsn: DsnInfo = { delayed: action === "delayed" || (status?.startsWith("4.") ?? false) };
  if (original) {
    const id = extractMessageIds(original["message-id"]?.first ?? "")[0];
    const token = originalToken(original, ourDomains);
    if (id) dsn.originalMessageId = id;
    if (token) dsn.originalToken = token;
  }
  if (recipient) dsn.recipient = recipient;
  if (status) dsn.status = status;
  if (action) dsn.action = action;
  if (diagnostic) dsn.diagnostic = diagnostic;
  return dsn;
}

type Fields = Record<string, HeaderValues>;

/** Per-message block first, then one block per recipient (RFC 3464 §2.1); the failed recipient wins. */
function recipientFields(body: string): Fields {
  const blocks = body
    .split(/\r?\n[ \t]*\r?\n/)
    .map((b) => parseHeaderBlock(b.trim()))
    .filter((b) => Object.keys(b).length > 0);
  const perRecipient = blocks.filter((b) => b["final-recipient"] || b.action || b.status);
  const chosen =
    perRecipient.find((b) => b.action?.first.toLowerCase() === "failed") ??
    perRecipient.find((b) => b.action?.first.toLowerCase() === "delayed") ??
    perRecipient[0];
  return chosen ?? {};
}

/** mailparser folds a status part it does not recognise into the text; the same fields can be read there. */
function textFields(text: string): Fields {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => /^(final-recipient|original-recipient|action|status|diagnostic-code):/i.test(l));
  return parseHeaderBlock(lines.join("\n"));
}

/** qmail's bounce names the address alone on a line: "<someone@example.org>:" (qmail-send, "failure notice"). */
function qmailRecipient(text: string): string | undefined {
  return /^<([^<>\s]+@[^<>\s]+)>:\s*$/m.exec(text)?.[1];
}

function statusInText(text: string): string | undefined {
  return /(?<![\d.])[45]\.\d{1,3}\.\d{1,3}(?![\d.])/.exec(text)?.[0];
}

function addressField(field: HeaderValues | undefined): string | undefined {
  if (!field) return undefined;
  const value = field.first.includes(";") ? field.first.slice(field.first.indexOf(";") + 1) : field.first;
  return extractAddresses(value)[0];
}

/** The returned original: a message/rfc822 part, text/rfc822-headers (Exchange), or a copy inline (qmail). */
function originalHeaders(p: ParsedInbound): Fields | null {
  const part = p.attachments.find((a) => HEADER_PARTS.has(a.contentType));
  if (part) return parseHeaderBlock(part.content.toString("utf8"));
  const at = p.text.search(/^message-id:\s*</im);
  if (at < 0) return null;
  const start = p.text.lastIndexOf("\n\n", at);
  return parseHeaderBlock(p.text.slice(start < 0 ? 0 : start + 2).replace(/^\s+/, ""));
}

function originalToken(headers: Fields, ourDomains: string[]): string | undefined {
  const domains = ourDomains.map((d) => d.toLowerCase());
  const ids = [...(headers.references?.all ?? []), ...(headers["in-reply-to"]?.all ?? [])].flatMap(
    extractMessageIds,
  );
  for (const id of ids) {
    const t = tokenInMessageId(id, domains);
    if (t) return t;
  }
  for (const address of extractAddresses(headers["reply-to"]?.first ?? "")) {
    const t = tokenInAddress(address, domains);
    if (t) return t;
  }
  return undefined;
}
