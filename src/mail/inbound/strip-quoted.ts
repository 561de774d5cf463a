/**
 * The new text of a reply, for display and for the suggestion: the raw message stays the record and status never
 * depends on this. Hand-written, because it was measured better than the npm libraries that do this job
 * (`email-reply-parser`, `planer`) on the same cases, Vietnamese above all (bench/strip-quoted.ts prints the table).
 *
 * What goes: an attribution ("On … wrote:", "Vào … đã viết:", "Le … a écrit :", "Am … schrieb …:" …) with the
 * `>` block it introduces; a `>` block at the start or the end of the text; everything from a client's separator
 * ("-----Original Message-----", "-----Reply Message-----", forwards) or its header block (Outlook, Hotmail:
 * From/Sent/To/Subject in any order, in the languages below); a mobile signature and what follows it.
 * What stays: the sender's text before, between and after quotes, and a `>` line quoted between two of the
 * sender's own lines (an answer written under each question needs its question).
 */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  let i = 0;
  for (let line = lines[i]; line !== undefined; line = lines[i]) {
    if (SEPARATOR.test(line) || MOBILE_SIGNATURE.test(line) || isHeaderBlock(lines, i)) break;
    if (RULE_LINE.test(line) && isHeaderBlock(lines, nextNonBlank(lines, i + 1))) break;
    const attribution = attributionEnd(lines, i);
    if (attribution >= 0) {
      const next = nextNonBlank(lines, attribution + 1);
      // Without a `>` block after it, what follows is the old message pasted as it was: the rest goes.
      const nextLine = lines[next];
      if (nextLine === undefined || !isQuoted(nextLine)) {
        if (STARTS_ATTRIBUTION.test(line.replace(DASHES, ""))) break;
      } else {
        i = quoteBlockEnd(lines, next);
        continue;
      }
    }
    if (isQuoted(line) && !betweenOwnLines(lines, kept, i) && !answeredRightBelow(lines, i)) {
      i = quoteBlockEnd(lines, i);
      continue;
    }
    kept.push(line);
    i++;
  }
  const result = collapseBlank(trimBlank(kept));
  if (result.length > 0) return result.join("\n");
  // Nothing of the sender's own: a bare forward, or only a quote. Show it all rather than nothing.
  return trimBlank(lines).join("\n");
}

/** The sender's own lines of a stripped text (the `>` lines kept for context left out): what a suggestion reads. */
export function ownText(stripped: string): string {
  return stripped
    .split("\n")
    .filter((l) => !isQuoted(l))
    .join("\n")
    .trim();
}

const VERBS =
  "wrote|đã viết|da viet|a écrit|a ecrit|schrieb|schreef|skrev|napisał\\(a\\)|napisała|napisał|pisze|пишет|написал\\(а\\)|написала|написал|escribió|ha scritto|escreveu";
/** The verb ends the attribution, or comes before the name and address ("schrieb Ủy ban <x@y>:", Dutch, Nordic). */
const ATTRIBUTION_END = new RegExp(`(?:^|\\s)(?:${VERBS})(?:\\s[^:]{0,200})?\\s*:\\s*$`, "iu");
/** Gmail's Russian (and a few other locales) write no verb: "чт, 5 мар. 2026 г. в 10:00, Name <addr>:". */
const ADDRESS_END = /<[^<>\s]+@[^<>\s]+>\s*:\s*$/u;
/** Openings that make an attribution certain even with no `>` block after it. */
const STARTS_ATTRIBUTION = /^\s*(On|Vào|Vao|Le|Am|Op|Den|W dniu|Dnia|El|Il|Em)\s/u;
/** "------On … wrote-----": some clients wrap the attribution in dashes and drop the colon. */
const DASHES = /^\s*-{2,}\s*|\s*-{2,}\s*$/g;
/** Attributions wrap: Gmail breaks before the "<address>" at 76–78 columns; three lines cover a long name. */
const ATTRIBUTION_MAX_LINES = 3;

const SEPARATOR = new RegExp(
  `^\\s*(?:-{2,}\\s*(?:${[
    "Original Message",
    "Reply Message",
    "Forwarded message",
    "Message d'origine",
    "Message transféré",
    "Ursprüngliche Nachricht",
    "Weitergeleitete Nachricht",
    "Oorspronkelijk bericht",
    "Doorgestuurd bericht",
    "Opprinnelig melding",
    "Videresendt melding",
    "Oprindelig meddelelse",
    "Videresendt meddelelse",
    "Ursprungligt meddelande",
    "Vidarebefordrat meddelande",
    "Wiadomość oryginalna",
    "Przekazana wiadomość",
    "Исходное сообщение",
    "Пересылаемое сообщение",
    "Mensaje original",
    "Messaggio originale",
    "(?:Thư|Tin nhắn)(?: đã| được)? (?:gốc|chuyển tiếp)",
  ].join("|")})\\s*-{2,}|Begin forwarded message:|Bắt đầu thư được chuyển tiếp:)\\s*$`,
  "iu",
);
/** Outlook's "____" rule, and the "----" an HTML <hr> becomes in the text conversion. */
const RULE_LINE = /^\s*(_{20,}|-{20,})\s*$/;

/** The field names of a client's header block, by what they say; English, Vietnamese and European locales. */
const HEADER_FIELDS: [kind: string, names: string][] = [
  ["from", "From|Từ|De|Von|Van|Fra|Från|Od|От|Da"],
  [
    "sent",
    "Sent|Date|Đã gửi|Ngày gửi|Ngày|Gửi lúc|Thời gian|Envoyé|Gesendet|Datum|Verzonden|Verstuurd|Sendt|Dato|Skickat|Wysłano|Data|Отправлено|Дата|Enviado|Inviato",
  ],
  ["to", "To|Đến|Tới|Gửi tới|À|A|An|Aan|Til|Till|Do|Кому|Para|Per"],
  ["cc", "Cc|Bcc|Kopie|Kopia|Копия|Bản sao"],
  ["subject", "Subject|Chủ đề|Tiêu đề|Objet|Betreff|Onderwerp|Emne|Ämne|Temat|Тема|Asunto|Oggetto|Assunto"],
];
const HEADER_LINE = HEADER_FIELDS.map(
  ([kind, names]) => [kind, new RegExp(`^\\s*\\*?(?:${names})\\s*\\*?\\s*:`, "iu")] as const,
);

function headerKind(line: string): string | undefined {
  return HEADER_LINE.find(([, re]) => re.test(line))?.[0];
}

/** A header block starts at `i`: consecutive header lines naming the sender and the subject or the date. */
function isHeaderBlock(lines: string[], i: number): boolean {
  const first = lines[i];
  if (first === undefined || !headerKind(first)) return false;
  const kinds = new Set<string>();
  for (const [k, line] of lines.slice(i, i + 8).entries()) {
    const kind = headerKind(line);
    if (kind) kinds.add(kind);
    else if (line.trim() === "" || k > 5) break;
  }
  return kinds.has("from") && (kinds.has("subject") || kinds.has("sent")) && kinds.size >= 3;
}

/** The index of the line that closes an attribution starting at `i`, or -1. It carries a date or time. */
function attributionEnd(lines: string[], i: number): number {
  const first = lines[i];
  // Only the date or the opening word starts one: "Kính gửi đồng chí," above an attribution is the sender's.
  if (
    first === undefined ||
    isQuoted(first) ||
    first.trim() === "" ||
    !(/\d/.test(first) || STARTS_ATTRIBUTION.test(first.replace(DASHES, "")))
  )
    return -1;
  let joined = "";
  for (const [k, raw] of lines.slice(i, i + ATTRIBUTION_MAX_LINES).entries()) {
    if (k > 0 && (raw.trim() === "" || isQuoted(raw))) break;
    const line = raw.trim();
    const dashed = /^-{2,}.*-{2,}$/.test(line);
    joined += ` ${dashed ? `${line.replace(DASHES, "")}:` : line}`;
    if ((ATTRIBUTION_END.test(joined) || ADDRESS_END.test(joined)) && /\d/.test(joined)) return i + k;
  }
  return -1;
}

function isQuoted(line: string): boolean {
  return line.trimStart().startsWith(">");
}

/** The line after the `>` block (blank lines inside it included) that starts at `i`. */
function quoteBlockEnd(lines: string[], i: number): number {
  let end = i;
  for (let j = i; ; j++) {
    const line = lines[j];
    if (line === undefined || !(isQuoted(line) || line.trim() === "")) return end;
    if (isQuoted(line)) end = j + 1;
  }
}

/** A `>` block with the sender's text before it (kept) and after it: an interleaved answer's question. */
function betweenOwnLines(lines: string[], kept: string[], i: number): boolean {
  if (!kept.some((l) => l.trim() !== "" && !isQuoted(l))) return false;
  const after = nextNonBlank(lines, quoteBlockEnd(lines, i));
  const line = lines[after];
  if (line === undefined) return false;
  return !SEPARATOR.test(line) && !MOBILE_SIGNATURE.test(line) && !isHeaderBlock(lines, after);
}

/** "> Câu hỏi 1?" with the answer on the very next line: a question answered in place, not a quote to drop. */
function answeredRightBelow(lines: string[], i: number): boolean {
  const below = lines[quoteBlockEnd(lines, i)];
  return (
    below !== undefined &&
    below.trim() !== "" &&
    attributionEnd(lines, quoteBlockEnd(lines, i)) < 0 &&
    !SEPARATOR.test(below) &&
    !MOBILE_SIGNATURE.test(below)
  );
}

const MOBILE_SIGNATURE =
  /^\s*(Sent from my \S.{0,40}|Gửi từ (iPhone|iPad|điện thoại|thiết bị|Samsung|Android)(\s.{0,40})?|Sent from (Outlook|Mail|Yahoo Mail)(\s.{0,40})?|Get Outlook for (iOS|Android)|Tải Outlook cho (iOS|Android)|Gửi từ Thư cho Windows.{0,10}|Envoyé de mon \S.{0,40}|Von meinem \S.{0,40} gesendet|Verzonden vanaf mijn \S.{0,40}|Sendt fra min \S.{0,40}|Skickat från min \S.{0,40}|Wysłane z mojego \S.{0,40}|Отправлено с \S.{0,40})\s*$/iu;

function nextNonBlank(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (lines[i]?.trim()) return i;
  return -1;
}

function trimBlank(lines: string[]): string[] {
  const a = lines.findIndex((l) => l.trim() !== "");
  if (a < 0) return [];
  const b = lines.findLastIndex((l) => l.trim() !== "");
  return lines.slice(a, b + 1).map((l) => l.replace(/\s+$/, ""));
}

/** Where a quote was taken out, one blank line stays. */
function collapseBlank(lines: string[]): string[] {
  return lines.filter((l, k) => l !== "" || lines[k - 1] !== "");
}
