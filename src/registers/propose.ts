/** What the service proposes for a received letter from its text; a clerk confirms or corrects every field. */
export interface LetterProposal {
  symbol: string | null;
  issuedOn: string | null;
  issuerName: string | null;
  summary: string | null;
}

// "Số 15-CV/UBKTTU", "Số: 15/UBND-VP", "Số 07-KH/ĐUCA".
const SYMBOL = /\bSố\s*:?\s*(\d{1,5}\s*[-–]?\s*[\p{L}\d]*\s*\/\s*[\p{Lu}\d][\p{Lu}\d-]*)/u;
const DATE = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu;
const TITLES =
  /^(KẾ HOẠCH|BÁO CÁO|THÔNG BÁO|CHƯƠNG TRÌNH|QUYẾT ĐỊNH|QUY ĐỊNH|TỜ TRÌNH|HƯỚNG DẪN|BIÊN BẢN|GIẤY MỜI)$/u;
const INSPECTION_COMMITTEE = /^(ỦY|UỶ) BAN KIỂM TRA/u;
const ISSUER = /^(BAN |VĂN PHÒNG|ĐẢNG ỦY|ĐẢNG UỶ|TỈNH ỦY|THÀNH ỦY)/u;
const NOT_ISSUER = /^(ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG HÒA|CỘNG HOÀ|\*|Số\b)/u;

function validDate(y: number, m: number, d: number): string | null {
  const at = new Date(Date.UTC(y, m - 1, d));
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function proposeLetterFields(text: string | null): LetterProposal {
  if (!text) return { symbol: null, issuedOn: null, issuerName: null, summary: null };
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const head = lines.slice(0, 40);
  const symbol = head.join("\n").match(SYMBOL)?.[1]?.replace(/\s+/g, "").replace("–", "-") ?? null;
  const dateMatch = head.join(" ").match(DATE);
  const issuedOn = dateMatch
    ? validDate(Number(dateMatch[3]), Number(dateMatch[2]), Number(dateMatch[1]))
    : null;
  // The issuing body is the caps line naming it, under its superior (the line before it).
  const committee = head.findIndex((l) => INSPECTION_COMMITTEE.test(l));
  const at = committee >= 0 ? committee : head.findIndex((l) => ISSUER.test(l));
  const above = head[at - 1];
  const issuerName =
    at >= 0
      ? [head[at], above !== undefined && !NOT_ISSUER.test(above) ? above : null].filter(Boolean).join(" ")
      : null;
  const vv = head.find((l) => /^V\/v\b/i.test(l));
  const title = head.findIndex((l) => TITLES.test(l));
  const summary = vv ? vv.replace(/^V\/v\s*/i, "").trim() : title >= 0 ? (head[title + 1] ?? null) : null;
  return { symbol, issuedOn, issuerName, summary: summary ? `${summary}`.slice(0, 500) : null };
}
