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
      /(không|chưa)\s+(thể\s+)?(cử|đồng ý|nhất trí|thống nhất|tham gia|bố trí|sắp xếp)|từ chối|xin (phép )?không tham gia|\bdeclin(e|ed|ing)\b|\b(unable|not able|cannot|can ?not|can't|won't be able) to (send|participate|attend|join|accept|nominate)\b/iu,
  },
  {
    suggestion: "needs_info",
    pattern:
      /đề nghị (bổ sung|cung cấp|làm rõ|gửi thêm|cho biết)|cung cấp thêm|bổ sung thêm|gửi thêm (tài liệu|thông tin|hồ sơ)|làm rõ thêm|trao đổi thêm|\bneed(s)? (more|further|additional) (information|details)\b|\bplease (provide|send|clarify)\b|\b(more|further|additional) (information|details) (is|are) (needed|required)\b/iu,
  },
  {
    suggestion: "accepted",
    pattern:
      /đồng ý|nhất trí|thống nhất|(sẽ\s+)?cử\s+(\d+\s+|các\s+)?(\(\S+\)\s+)?(đồng chí|đ\/c)|\baccept(s|ed)?\b|\bagree(s|d)?\b|\bconfirm(s|ed)? (the |our )?(participation|nomination)\b|\bwill (send|nominate)\b/iu,
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
  "Phó Chủ Trưởng Ủy Uỷ Ban Đoàn Tổ Thường Cục Phòng Thành Tỉnh Đảng Công Sở Bộ Quận Huyện Xã".split(" "),
);
/** Only clauses that say who is sent: the greeting "Kính gửi đồng chí …" names no staff. */
const NOMINATING = /(cử|tham gia|gồm|danh sách|thành viên)/iu;

/**
 * Names after "đồng chí" / "đ/c" in a clause that sends staff, and the names listed after it with ",", ";",
 * ":" or "và" ("cử 02 đồng chí: Nguyễn Văn An, Phó Trưởng phòng; Lê Thị Bình, chuyên viên").
 */
export function extractStaffNames(text: string): string[] {
  const names: string[] = [];
  for (const clause of text.normalize("NFC").split(/[.!?\n]+/)) {
    if (!NOMINATING.test(clause)) continue;
    const intro = [...clause.matchAll(INTRO)].find((m) => !/gửi\s*$/iu.test(clause.slice(0, m.index)));
    if (!intro) continue;
    for (const segment of clause.slice(intro.index + intro[0].length).split(/[,;:]|\s(?:và|and)\s/u)) {
      const name = LEADING_NAME.exec(segment)?.[1];
      if (name && !NOT_A_NAME.has(name.split(/\s+/)[0]!) && !names.includes(name)) names.push(name);
    }
  }
  return names;
}
