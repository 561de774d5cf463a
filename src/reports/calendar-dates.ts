/** Calendar-date arithmetic for periods: months as one running number, and dates checked rather than rolled over. */
import type { CalendarDate } from "../domain/vn-format.js";
import { PeriodError } from "./period-types.js";

/** Months counted from year 0, so a period step across a year end is plain arithmetic. */
export const monthIndex = (year: number, month: number): number => year * 12 + month - 1;
export const monthOf = (index: number) => ({ year: Math.floor(index / 12), month: (index % 12) + 1 });

export const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

export function dayAfter({ year, month, day }: CalendarDate): CalendarDate {
  if (day < daysInMonth(year, month)) return { year, month, day: day + 1 };
  return month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 };
}

/** Asia/Ho_Chi_Minh has been UTC+7 without DST since 1975. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
export const endOfDayInVietnam = ({ year, month, day }: CalendarDate): Date =>
  new Date(Date.UTC(year, month - 1, day + 1) - VIETNAM_OFFSET_MS);

/** Four-digit years, the only ones a key can spell. */
export const isKeyYear = (year: number) => Number.isInteger(year) && year >= 1000 && year <= 9999;
export const inRange = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;

/** Like working-days, a date that does not exist (2026-02-30) is refused rather than rolled over. */
export function parseRealDate(input: CalendarDate | string): CalendarDate {
  const date = typeof input === "string" ? parseIsoText(input) : input;
  const real =
    date !== null &&
    isKeyYear(date.year) &&
    inRange(date.month, 12) &&
    inRange(date.day, daysInMonth(date.year, date.month));
  if (!real) throw new PeriodError("argument", `Ngày không hợp lệ: ${JSON.stringify(input)}.`);
  return date;
}

function parseIsoText(text: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}
