import type { Period } from "./periods.js";

const ROMAN = ["I", "II", "III", "IV"];

/** How a period is named in a report's title: "quý I năm 2026", "6 tháng đầu năm 2026", "nhiệm kỳ 2025-2030". */
export function periodLabel(p: Period): string {
  switch (p.type) {
    case "month":
      return `tháng ${p.month} năm ${p.year}`;
    case "quarter":
      return `quý ${ROMAN[p.quarter - 1]} năm ${p.year}`;
    case "half":
      return `6 tháng ${p.half === 1 ? "đầu" : "cuối"} năm ${p.year}`;
    case "nine_months":
      return `9 tháng năm ${p.year}`;
    case "year":
      return `năm ${p.year}`;
    case "term":
      return `nhiệm kỳ ${p.term}`;
  }
}
