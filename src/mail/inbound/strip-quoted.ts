/**
 * The new text of a reply, for display only: the raw message stays the record and status never depends on this
 * (anchors-email.md §0.6 — the JS libraries know no Vietnamese quote headers, so these patterns are our own).
 */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept = trimBlank(lines.slice(0, findCut(lines)));
  if (kept.length > 0) return kept.join("\n");
  // Nothing above the quote: a bottom-posted reply, or a bare forward. Skip the leading quote and look again.
  const rest = skipLeadingQuote(lines);
  if (rest.length > 0 && rest.length < lines.length) return stripQuoted(rest.join("\n"));
  return trimBlank(lines).join("\n");
}

/** "On … wrote:" (Gmail, Thunderbird, Apple Mail), "Vào … đã viết:" / "Vào lúc …, … đã viết:" (their vi locales). */
const ATTRIBUTION_START = /^(On|Vào|Vao)\s/;
const ATTRIBUTION_END = /(wrote|đã viết|da viet)\s*:\s*$/iu;
/** Attributions wrap: Gmail breaks before the "<address>" at 76–78 columns; three lines cover a long name. */
const ATTRIBUTION_MAX_LINES = 3;
const SEPARATOR =
  /^\s*(-{2,}\s*(Original Message|Forwarded message|(Thư|Tin nhắn)( đã| được)? (gốc|chuyển tiếp))\s*-{2,}|Begin forwarded message:|Bắt đầu thư được chuyển tiếp:)\s*$/iu;
/** Outlook's "____" rule, and the "----" an HTML <hr> becomes in the text conversion. */
const RULE_LINE = /^\s*(_{20,}|-{20,})\s*$/;
/** Outlook's header block, English and Vietnamese: From/Từ, Sent/Date/Đã gửi/Ngày, To/Đến, Subject/Chủ đề. */
const HEADER_FROM = /^\s*\*?(From|Từ|De|Von)\s*:/iu;
const HEADER_SENT = /^\s*\*?(Sent|Date|Đã gửi|Ngày gửi|Ngày|Gửi lúc)\s*:/iu;
const HEADER_SUBJECT = /^\s*\*?(Subject|Chủ đề|Tiêu đề)\s*:/iu;
const MOBILE_SIGNATURE =
  /^\s*(Sent from my \S.{0,40}|Gửi từ (iPhone|iPad|điện thoại|thiết bị|Samsung|Android)(\s.{0,40})?|Sent from (Outlook|Mail|Yahoo Mail)(\s.{0,40})?|Get Outlook for (iOS|Android)|Tải Outlook cho (iOS|Android)|Gửi từ Thư cho Windows.{0,10})\s*$/iu;

function findCut(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    if (isQuoteStart(lines, i) || MOBILE_SIGNATURE.test(lines[i]!)) return i;
  }
  return trailingQuoteStart(lines);
}

function isQuoteStart(lines: string[], i: number): boolean {
  const line = lines[i]!;
  if (SEPARATOR.test(line)) return true;
  if (RULE_LINE.test(line)) return isHeaderBlock(lines, nextNonBlank(lines, i + 1));
  if (HEADER_FROM.test(line)) return isHeaderBlock(lines, i);
  return attributionEnd(lines, i) >= 0;
}

/** The index of the line that closes an attribution starting at `i`, or -1. */
function attributionEnd(lines: string[], i: number): number {
  if (!ATTRIBUTION_START.test(lines[i]!)) return -1;
  let joined = "";
  for (let j = i; j < Math.min(lines.length, i + ATTRIBUTION_MAX_LINES); j++) {
    if (j > i && lines[j]!.trim() === "") break;
    joined += ` ${lines[j]!.trim()}`;
    if (ATTRIBUTION_END.test(joined)) return j;
  }
  return -1;
}

function isHeaderBlock(lines: string[], i: number): boolean {
  if (i < 0 || i >= lines.length || !HEADER_FROM.test(lines[i]!)) return false;
  const block = lines.slice(i + 1, i + 7);
  return block.some((l) => HEADER_SENT.test(l)) && block.some((l) => HEADER_SUBJECT.test(l));
}

/** The first line of a run of `>` lines (blank lines allowed inside) that reaches the end of the text. */
function trailingQuoteStart(lines: string[]): number {
  let start = lines.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    if (!line.trimStart().startsWith(">")) break;
    start = i;
  }
  return start;
}

function skipLeadingQuote(lines: string[]): string[] {
  let i = nextNonBlank(lines, 0);
  if (i < 0) return [];
  const end = attributionEnd(lines, i);
  if (end >= 0) i = end + 1;
  while (i < lines.length && (lines[i]!.trim() === "" || lines[i]!.trimStart().startsWith(">"))) i++;
  return lines.slice(i);
}

function nextNonBlank(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (lines[i]!.trim() !== "") return i;
  return -1;
}

function trimBlank(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === "") a++;
  while (b > a && lines[b - 1]!.trim() === "") b--;
  return lines.slice(a, b).map((l) => l.replace(/\s+$/, ""));
}
