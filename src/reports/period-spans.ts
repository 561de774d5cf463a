/** Calendar periods (every type but terms) as a span: the year and the month they end in, and the months before. */
import { isoDate } from "../domain/vn-format.js";
import { dayAfter, endOfDayInVietnam, inRange, isKeyYear, monthIndex, monthOf } from "./calendar-dates.js";
import { type CutoffRule, closeOfMonth } from "./cutoff-rules.js";
import { type CalendarPeriodType, type Period, type PeriodDates, PeriodError } from "./period-types.js";

/** The months a period of each type ends in; a period is its last month and the months before it. */
export const CLOSING_MONTHS: Record<CalendarPeriodType, readonly number[]> = {
  month: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  quarter: [3, 6, 9, 12],
  half: [6, 12],
  nine_months: [9],
  year: [12],
};
const LENGTH_IN_MONTHS: Record<CalendarPeriodType, number> = {
  month: 1,
  quarter: 3,
  half: 6,
  nine_months: 9,
  year: 12,
};

export interface Span {
  type: CalendarPeriodType;
  year: number;
  lastMonth: number;
}

function invalidPeriod(period: unknown): PeriodError {
  return new PeriodError("period", `Kỳ báo cáo không hợp lệ: ${JSON.stringify(period)}.`);
}

export function spanOf(period: Exclude<Period, { type: "term" }>): Span {
  if (!isKeyYear(period.year)) throw invalidPeriod(period);
  const at = (lastMonth: number, ok: boolean): Span => {
    if (!ok) throw invalidPeriod(period);
    return { type: period.type, year: period.year, lastMonth };
  };
  switch (period.type) {
    case "month":
      return at(period.month, inRange(period.month, 12));
    case "quarter":
      return at(period.quarter * 3, inRange(period.quarter, 4));
    case "half":
      return at(period.half * 6, inRange(period.half, 2));
    case "nine_months":
      return at(9, true);
    case "year":
      return at(12, true);
  }
}

export function periodOfSpan({ type, year, lastMonth }: Span): Period {
  switch (type) {
    case "month":
      return { type, year, month: lastMonth };
    case "quarter":
      return { type, year, quarter: lastMonth / 3 };
    case "half":
      return { type, year, half: lastMonth / 6 };
    case "nine_months":
    case "year":
      return { type, year };
  }
}

/** The period of `type` ending in month `index` or the latest one before it. */
export function spanEndingBy(type: CalendarPeriodType, index: number): Span {
  const { year, month } = monthOf(index);
  const months = CLOSING_MONTHS[type];
  const lastMonth = months.findLast((m) => m <= month);
  if (lastMonth !== undefined) return { type, year, lastMonth };
  return { type, year: year - 1, lastMonth: closingMonth(months, -1) };
}

/** The period of `type` holding month `index`, if any (a 9T period holds no month of the last quarter). */
export function spanHolding(type: CalendarPeriodType, index: number): Span | null {
  const { year, month } = monthOf(index);
  const lastMonth = CLOSING_MONTHS[type].find((m) => m >= month);
  if (lastMonth === undefined || lastMonth - LENGTH_IN_MONTHS[type] + 1 > month) return null;
  return { type, year, lastMonth };
}

export function stepSpan(span: Span, step: 1 | -1): Span {
  const months = CLOSING_MONTHS[span.type];
  const at = months.indexOf(span.lastMonth) + step;
  if (at < 0) return { ...span, year: span.year - 1, lastMonth: closingMonth(months, -1) };
  if (at >= months.length) return { ...span, year: span.year + 1, lastMonth: closingMonth(months, 0) };
  return { ...span, lastMonth: closingMonth(months, at) };
}

/** A closing month by its place (-1: the last); every period type has at least one. */
function closingMonth(months: readonly number[], at: number): number {
  const month = months.at(at);
  if (month === undefined) throw new Error(`No closing month at ${at} of [${months.join(", ")}]`);
  return month;
}

export function spanDates(span: Span, rule: CutoffRule): PeriodDates {
  const last = monthIndex(span.year, span.lastMonth);
  const before = monthOf(last - LENGTH_IN_MONTHS[span.type]);
  const end = monthOf(last);
  const to = closeOfMonth(end.year, end.month, rule);
  return {
    from: isoDate(dayAfter(closeOfMonth(before.year, before.month, rule))),
    to: isoDate(to),
    closesAt: endOfDayInVietnam(to),
  };
}
