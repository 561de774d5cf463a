import { textBefore } from "../../domain/text.js";
import type { AnswerSuggestion, SuggestedAnswer } from "./types.js";

/**
 * Keyword rules, strongest first. A refusal wins over everything ("không đồng ý" contains "đồng ý"), a request
 * for more information wins over agreement (an answer that still asks questions is not complete yet).
 * A person decides (anchors-email.md §7.3); this only pre-selects and shows why.
 */
const RULES: { suggestion: AnswerSuggestion; pattern: RegExp }[] = [
  {
    suggestion: "declined",
    pattern:
      /(không|chưa)\s+(thể\s+)?(cử|đồng ý|nhất trí|thống nhất|tham gia|bố trí|sắp xếp|đáp ứng)|không đủ (cán bộ|nhân lực|lực lượng|điều kiện)|từ chối|xin (phép )?không tham gia|\bdeclin(e|ed|ing)\b|\b(unable|not able|cannot|can ?not|can't|won't be able) to (send|participate|attend|join|accept|nominate)\b/iu,
  },
  {
    suggestion: "needs_info",
    // "đề nghị đồng chí cho biết thêm", "kính đề nghị Quý Ủy ban vui lòng cung cấp": up to five words between.
    pattern:
      /(đề nghị|xin|vui lòng|mong|kính mong|yêu cầu)\s+(?:[\p{L}\p{M}/]+\s+){0,5}?(cho biết|bổ sung|cung cấp|làm rõ|gửi thêm|giải thích|nói rõ|thông tin thêm)|cung cấp thêm|bổ sung thêm|gửi thêm (tài liệu|thông tin|hồ sơ)|làm rõ thêm|trao đổi thêm|cần (thêm|có thêm) thông tin|chưa rõ (nội dung|thời gian|thành phần|yêu cầu)|\bneed(s)? (more|further|additional) (information|details)\b|\bplease (provide|send|clarify|let us know)\b|\b(more|further|additional) (information|details) (is|are) (needed|required)\b/iu,
  },
  {
    suggestion: "accepted",
    pattern:
      /đồng ý|nhất trí|thống nhất|(sẽ\s+)?(cử|giới thiệu)\s+(\d+\s+|các\s+)?(\(\S+\)\s+)?(đồng chí|đ\/c|cán bộ)|\baccept(s|ed)?\b|\bagree(s|d)?\b|\bconfirm(s|ed)? (the |our )?(participation|nomination)\b|\bwill (send|nominate)\b/iu,
  },
];

export function suggestAnswer(text: string): SuggestedAnswer {
  const normalised = text.normalize("NFC");
  for (const rule of RULES) {
    const m = rule.pattern.exec(normalised);
    if (!m) continue;
    const evidence = sentenceAround(normalised, m.index);
    if (rule.suggestion !== "accepted") return { suggestion: rule.suggestion, evidence };
    const staffNames = extractStaffNames(normalised);
    return staffNames.length > 0
      ? { suggestion: "accepted", evidence, staffNames }
      : { suggestion: "accepted", evidence };
  }
  return { suggestion: null };
}

const EVIDENCE_MAX = 200;

function sentenceAround(text: string, at: number): string {
  const before = text.slice(0, at);
  const start = Math.max(before.lastIndexOf("\n"), before.search(/[.!?;]\s[^.!?;]*$/) + 1, 0);
  const endMatch = /[.!?;](\s|$)|\n/.exec(text.slice(at));
  const end = endMatch ? at + endMatch.index + 1 : text.length;
  const sentence = text.slice(start, end).replace(/\s+/g, " ").trim();
  return sentence.length > EVIDENCE_MAX ? `${sentence.slice(0, EVIDENCE_MAX - 1)}…` : sentence;
}

/** Military and police ranks written between "đồng chí" and the name ("đồng chí Đại tá Phạm Minh Tuấn"). */
const RANK = "(?:(?:[Đđ]ại|[Tt]hượng|[Tt]rung|[Tt]hiếu)\\s+(?:tá|úy|uý|tướng)\\s+)?";
/** A Vietnamese personal name: 2–5 capitalised words ("Hoàng Thị Thu Hà"). No `i` flag: it makes \p{Lu} match "a". */
const WORD = "\\p{Lu}[\\p{Ll}\\p{M}]*";
const NAME = `${WORD}(?:[ \\t]+${WORD}){1,4}`;
const COMRADE = "(?:[Đđ]ồng chí|[Đđ]\\/[Cc])";
const INTRO = new RegExp(COMRADE, "gu");
const LEADING_NAME = new RegExp(`^\\s*(?:${COMRADE}\\s+)?${RANK}(${NAME})`, "u");
/** Words that start titles, units and places, not names ("Phó Chủ nhiệm", "Ủy ban Kiểm tra", "Tỉnh ủy Cà Mau"). */
const NOT_A_NAME = new Set(
  "Phó Chủ Trưởng Ủy Uỷ Ban Đoàn Tổ Thường Cục Phòng Thành Tỉnh Đảng Công Sở Bộ Quận Huyện Xã Chuyên Cán Kiểm Họ STT Chức Đơn".split(
    " ",
  ),
);
/** Only clauses that say who is sent: the greeting "Kính gửi đồng chí …" names no staff. */
const NOMINATING = /(cử|tham gia|gồm|danh sách|thành viên)/iu;

/**
 * Names after "đồng chí" / "đ/c" in a clause that sends staff, and the names listed after it with ",", ";",
 * ":" or "và" ("cử 02 đồng chí: Nguyễn Văn An, Phó Trưởng phòng; Lê Thị Bình, chuyên viên"); and the names of a
 * bulleted list or a table under a line that sends staff and ends with ":" ("cử 02 đồng chí tham gia:").
 */
export function extractStaffNames(text: string): string[] {
  const names: string[] = [];
  const add = (name: string | undefined) => {
    if (name && !names.includes(name)) names.push(name);
  };
  const normalised = text.normalize("NFC");
  for (const clause of normalised.split(/[.!?\n]+/)) {
    if (!NOMINATING.test(clause)) continue;
    const intro = [...clause.matchAll(INTRO)].find((m) => !/gửi\s*$/iu.test(clause.slice(0, m.index)));
    if (!intro) continue;
    for (const segment of clause.slice(intro.index + intro[0].length).split(/[,;:]|\s(?:và|and)\s/u)) {
      add(nameAt(segment));
    }
  }
  for (const name of listedNames(normalised.split("\n"))) add(name);
  return names;
}

/** The name a segment starts with, cut before the first word of a title ("Nguyễn Văn An Phó Trưởng phòng"). */
function nameAt(segment: string): string | undefined {
  const found = LEADING_NAME.exec(segment)?.[1];
  if (!found) return undefined;
  const words = found.split(/\s+/);
  const cut = words.findIndex((w) => NOT_A_NAME.has(w));
  const kept = cut < 0 ? words : words.slice(0, cut);
  return kept.length >= 2 ? kept.join(" ") : undefined;
}

const LIST_ITEM = /^\s*(?:[-*•+–—]|\d{1,2}[.)]|[a-zđ][.)])\s+(.+)$/u;
const TABLE_SEPARATOR = /^[\s|:+-]*$/;

/** Items of the list or rows of the table that follow a line ending with ":" that sends staff. */
function listedNames(lines: string[]): string[] {
  const names: string[] = [];
  for (const [i, heading] of lines.entries()) {
    if (!(NOMINATING.test(heading) && /:\s*$/.test(heading))) continue;
    for (const line of lines.slice(i + 1)) {
      if (line.trim() === "" || TABLE_SEPARATOR.test(line)) {
        if (names.length > 0 && line.trim() === "") break;
        continue;
      }
      const item = LIST_ITEM.exec(line)?.[1];
      const cells = item !== undefined ? [item] : tableCells(line);
      if (!cells) break;
      const name = cells.map((cell) => (item !== undefined ? nameAt(cell) : wholeName(cell))).find(Boolean);
      if (name) names.push(name);
    }
  }
  return names;
}

/** A table row as text: "| 1 | Nguyễn Văn An | Phó Trưởng phòng |", tab-separated, or columns of spaces. */
function tableCells(line: string): string[] | null {
  if (line.includes("|")) return line.split("|").map((c) => c.trim());
  if (line.includes("\t")) return line.split("\t").map((c) => c.trim());
  if (/\S {2,}\S/.test(line)) return line.trim().split(/ {2,}/);
  return null;
}

const WHOLE_NAME = new RegExp(`^(?:${COMRADE}\\s+)?${RANK}(${NAME})$`, "u");

function wholeName(cell: string): string | undefined {
  const name = WHOLE_NAME.exec(cell.trim())?.[1];
  return name && !NOT_A_NAME.has(textBefore(name, /\s/)) ? name : undefined;
}
