/** Period keys (`2026-03`, `2026-Q4`, `NK2025-2030`): parsing, formatting and the request-body schema. */
import { z } from "zod";
import { spanOf } from "./period-spans.js";
import { termByCode, termPeriod } from "./period-terms.js";
import { type Period, PeriodError } from "./period-types.js";

const KEY_FORMS =
  "2026-03 (tháng), 2026-Q4 (quý), 2026-H1 hoặc 2026-H2 (6 tháng), 2026-9T (9 tháng), 2026 (năm), NK2025-2030 (nhiệm kỳ)";

function keyToPeriod(key: string): Period | null {
  const m = /^([1-9]\d{3})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-H([12])|-(9T))?$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    if (m[2]) return { type: "month", year, month: Number(m[2]) };
    if (m[3]) return { type: "quarter", year, quarter: Number(m[3]) };
    if (m[4]) return { type: "half", year, half: Number(m[4]) };
    if (m[5]) return { type: "nine_months", year };
    return { type: "year", year };
  }
  const term = /^NK(\d{4}-\d{4})$/.exec(key)?.[1];
  return term === undefined ? null : termPeriod(termByCode(term));
}

/** "2026-Q4" → { type: "quarter", year: 2026, quarter: 4 }. Keys are canonical (no "2026-q4", no "2026-3"). */
export function parsePeriodKey(key: string): Period {
  const period = keyToPeriod(key);
  if (!period)
    throw new PeriodError("period_key", `Mã kỳ báo cáo "${key}" không hợp lệ; dạng đúng: ${KEY_FORMS}.`);
  return period;
}

export type PeriodKeyResult = { ok: true; period: Period } | { ok: false; error: PeriodError };

export function safeParsePeriodKey(key: string): PeriodKeyResult {
  try {
    return { ok: true, period: parsePeriodKey(key) };
  } catch (error) {
    if (error instanceof PeriodError) return { ok: false, error };
    throw error;
  }
}

/** A key stays a string (it is the run's idempotency key); the schema only checks it, with the Vietnamese message. */
export const PeriodKeySchema = z.string().superRefine((key, ctx) => {
  const result = safeParsePeriodKey(key);
  if (!result.ok) ctx.addIssue({ code: "custom", message: result.error.message });
});

const pad2 = (n: number) => String(n).padStart(2, "0");

export function periodKey(period: Period): string {
  if (period.type === "term") return `NK${termByCode(period.term).code}`; // checked: no key for an unknown term
  const { year } = spanOf(period);
  switch (period.type) {
    case "month":
      return `${year}-${pad2(period.month)}`;
    case "quarter":
      return `${year}-Q${period.quarter}`;
    case "half":
      return `${year}-H${period.half}`;
    case "nine_months":
      return `${year}-9T`;
    case "year":
      return String(year);
  }
}
