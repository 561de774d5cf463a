/**
 * Reporting periods (kỳ báo cáo) and their cut-off (thời gian chốt số liệu). Pure: the working-day calendar comes in
 * as a parameter, and every date is a calendar date in Asia/Ho_Chi_Minh (instants only enter through
 * `dateInVietnam`), so the machine's time zone never matters.
 *
 * Every run of a periodic report carries its period key (`2026-03`, `2026-Q4`, `2026-H1`, `2026-9T`, `2026`,
 * `NK2025-2030`): running a period twice changes nothing and a missed period can be run later.
 *
 * The cut-off: state reporting closes its figures on day 14 of a period's last month and opens the next period on
 * day 15 (Nghị định 09/2019/NĐ-CP, Điều 12, as commonly cited), so Q1 runs 15/12 of the year before to 14/3. Party
 * reporting often follows it, but no source fixes it for the committees (DOMAIN.md: cadences and cut-offs are
 * configuration), hence `CutoffRule` rather than a constant.
 *
 * Decisions:
 * - A calendar period covers its months, each month being "day after the previous month's close .. its own close".
 *   With `closesOnDay: 14` that shifts every type alike, years and halves included: 2027 = 15/12/2026–14/12/2027,
 *   2027-H1 = 15/12/2026–14/6/2027, and 15/12/2026 belongs to 2027-01, 2027-Q1, 2027-H1 and 2027.
 * - `2026-9T` ("9 tháng đầu năm") is months 1–9 and so starts where the year starts (15/12/2025 with day 14); the
 *   9T periods do not tile the year, and a date of the last quarter belongs to none (`periodContaining` → null).
 * - Terms (`NK2025-2030`) come from party-terms.json; the cut-off day does not apply to them (a term ends on the
 *   date the table says), the due day does.
 */
import { z } from "zod";
import partyTerms from "../domain/reference-data/party-terms.json" with { type: "json" };
import type { PartyTerm } from "../domain/party-term.js";
import { type CalendarDate, dateInVietnam, isoDate } from "../domain/vn-format.js";
import type { WorkingCalendar } from "../domain/working-days.js";
import { AppError } from "../errors.js";

export const PERIOD_TYPES = ["month", "quarter", "half", "nine_months", "year", "term"] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];
type CalendarPeriodType = Exclude<PeriodType, "term">;

export type Period =
  | { type: "month"; year: number; month: number }
  | { type: "quarter"; year: number; quarter: number }
  | { type: "half"; year: number; half: number }
  | { type: "nine_months"; year: number }
  | { type: "year"; year: number }
  /** `term` is the code in party-terms.json: "2025-2030". */
  | { type: "term"; term: string };

export interface CutoffRule {
  /** Day of the period's last month on which its figures close: 1–28, or "last" for the calendar period. */
  closesOnDay: number | "last";
  /** The report is due this many working days after the close (0: the close day, or the next working day). */
  dueWorkingDays: number;
}

export interface PeriodDates {
  /** First day, ISO, inclusive. */
  from: string;
  /** Last day, ISO, inclusive. */
  to: string;
  /** The instant `to` ends in Hà Nội: the next day at 00:00 +07:00. */
  closesAt: Date;
}

export interface PeriodBounds extends PeriodDates {
  /** ISO date the report is due: `dueWorkingDays` working days after `to`. */
  dueOn: string;
}

export type PeriodErrorReason = "period_key" | "period" | "cutoff_rule" | "party_term" | "argument";

/** A client mistake (400 through AppError); the message is Vietnamese because people read it. */
export class PeriodError extends AppError {
  constructor(
    readonly reason: PeriodErrorReason,
    message: string,
  ) {
    super("validation_failed", message);
    this.name = "PeriodError";
  }
}

// ---------- Party terms ----------

const TERMS: readonly PartyTerm[] = partyTerms.terms;
const TERMS_FILE = "src/domain/reference-data/party-terms.json";

function termIndex(code: string): number {
  const index = TERMS.findIndex((t) => t.code === code);
  if (index < 0)
    throw new PeriodError("party_term", `Nhiệm kỳ ${code} chưa có trong danh mục (${TERMS_FILE}).`);
  return index;
}

function termAt(index: number, from: string): PartyTerm {
  const term = TERMS[index];
  if (!term)
    throw new PeriodError("party_term", `Không có nhiệm kỳ liền kề ${from} trong danh mục (${TERMS_FILE}).`);
  return term;
}

const termPeriod = (term: PartyTerm): Period => ({ type: "term", term: term.code });

// ---------- Months ----------

/** Months counted from year 0, so a period step across a year end is plain arithmetic. */
const monthIndex = (year: number, month: number): number => year * 12 + month - 1;
const monthOf = (index: number) => ({ year: Math.floor(index / 12), month: (index % 12) + 1 });

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

function dayAfter({ year, month, day }: CalendarDate): CalendarDate {
  if (day < daysInMonth(year, month)) return { year, month, day: day + 1 };
  return month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 };
}

/** Asia/Ho_Chi_Minh has been UTC+7 without DST since 1975. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const endOfDayInVietnam = ({ year, month, day }: CalendarDate): Date =>
  new Date(Date.UTC(year, month - 1, day + 1) - VIETNAM_OFFSET_MS);

// ---------- Cut-off rules ----------

function closesOnDayProblem(value: unknown): string | null {
  if (value === "last") return null;
  if (typeof value === "number" && Number.isInteger(value) && value >= 29 && value <= 31) {
    return `Ngày chốt số liệu ${value} không dùng được vì không phải tháng nào cũng có ngày ${value}; chọn từ 1 đến 28 hoặc "last" (ngày cuối tháng).`;
  }
  if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 28) return null;
  return `Ngày chốt số liệu phải là số nguyên từ 1 đến 28 hoặc "last" (ngày cuối tháng), nhận được: ${String(value)}.`;
}

/** 60 working days is about a quarter: a longer delay means the rule was typed wrong. */
const MAX_DUE_WORKING_DAYS = 60;

function dueWorkingDaysProblem(value: unknown): string | null {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_DUE_WORKING_DAYS) {
    return null;
  }
  return `Hạn báo cáo phải là số nguyên ngày làm việc từ 0 đến ${MAX_DUE_WORKING_DAYS} sau ngày chốt số liệu, nhận được: ${String(value)}.`;
}

/** For configuration files and request bodies; the messages are the ones `validateCutoffRule` throws. */
export const CutoffRuleSchema = z.strictObject({
  closesOnDay: z.custom<number | "last">((v) => closesOnDayProblem(v) === null, {
    error: (issue) => closesOnDayProblem(issue.input) ?? "",
  }),
  dueWorkingDays: z.custom<number>((v) => dueWorkingDaysProblem(v) === null, {
    error: (issue) => dueWorkingDaysProblem(issue.input) ?? "",
  }),
});

/** Every public function checks its rule: a rule built in code skips the schema. */
export function validateCutoffRule(rule: CutoffRule): CutoffRule {
  const problem = closesOnDayProblem(rule.closesOnDay) ?? dueWorkingDaysProblem(rule.dueWorkingDays);
  if (problem) throw new PeriodError("cutoff_rule", problem);
  return rule;
}

const closeOfMonth = (year: number, month: number, rule: CutoffRule): CalendarDate => ({
  year,
  month,
  day: rule.closesOnDay === "last" ? daysInMonth(year, month) : rule.closesOnDay,
});

/** The month whose reporting span holds `date`: its own, or the next one once the cut-off day has passed. */
function reportingMonth(date: CalendarDate, rule: CutoffRule): number {
  const index = monthIndex(date.year, date.month);
  return rule.closesOnDay !== "last" && date.day > rule.closesOnDay ? index + 1 : index;
}

// ---------- Calendar periods as (year, last month) ----------

/** The months a period of each type ends in; a period is its last month and the months before it. */
const CLOSING_MONTHS: Record<CalendarPeriodType, readonly number[]> = {
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

interface Span {
  type: CalendarPeriodType;
  year: number;
  lastMonth: number;
}

/** Four-digit years, the only ones a key can spell. */
const isKeyYear = (year: number) => Number.isInteger(year) && year >= 1000 && year <= 9999;
const inRange = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;

function invalidPeriod(period: unknown): PeriodError {
  return new PeriodError("period", `Kỳ báo cáo không hợp lệ: ${JSON.stringify(period)}.`);
}

function spanOf(period: Exclude<Period, { type: "term" }>): Span {
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

function periodOfSpan({ type, year, lastMonth }: Span): Period {
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
function spanEndingBy(type: CalendarPeriodType, index: number): Span {
  const { year, month } = monthOf(index);
  const months = CLOSING_MONTHS[type];
  const lastMonth = months.findLast((m) => m <= month);
  if (lastMonth !== undefined) return { type, year, lastMonth };
  return { type, year: year - 1, lastMonth: months[months.length - 1]! };
}

/** The period of `type` holding month `index`, if any (a 9T period holds no month of the last quarter). */
function spanHolding(type: CalendarPeriodType, index: number): Span | null {
  const { year, month } = monthOf(index);
  const lastMonth = CLOSING_MONTHS[type].find((m) => m >= month);
  if (lastMonth === undefined || lastMonth - LENGTH_IN_MONTHS[type] + 1 > month) return null;
  return { type, year, lastMonth };
}

function stepSpan(span: Span, step: 1 | -1): Span {
  const months = CLOSING_MONTHS[span.type];
  const at = months.indexOf(span.lastMonth) + step;
  if (at < 0) return { ...span, year: span.year - 1, lastMonth: months[months.length - 1]! };
  if (at >= months.length) return { ...span, year: span.year + 1, lastMonth: months[0]! };
  return { ...span, lastMonth: months[at]! };
}

function spanDates(span: Span, rule: CutoffRule): PeriodDates {
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

// ---------- Keys ----------

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
  const term = /^NK(\d{4}-\d{4})$/.exec(key);
  return term ? termPeriod(TERMS[termIndex(term[1]!)]!) : null;
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
  if (period.type === "term") return `NK${TERMS[termIndex(period.term)]!.code}`; // checked: no key for an unknown term
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

// ---------- Dates of a period ----------

function termDates(code: string): PeriodDates {
  const term = TERMS[termIndex(code)]!;
  const to = parseRealDate(term.to);
  return { from: term.from, to: term.to, closesAt: endOfDayInVietnam(to) };
}

/** First and last day and the closing instant; no calendar needed. */
export function periodDates(period: Period, rule: CutoffRule): PeriodDates {
  validateCutoffRule(rule);
  return period.type === "term" ? termDates(period.term) : spanDates(spanOf(period), rule);
}

/** The dates plus the due day, counted on the working-day calendar (Tết and the official days off skipped). */
export function periodBounds(
  period: Period,
  rule: CutoffRule,
  calendar: Pick<WorkingCalendar, "addWorkingDays">,
): PeriodBounds {
  const dates = periodDates(period, rule);
  return { ...dates, dueOn: isoDate(calendar.addWorkingDays(dates.to, rule.dueWorkingDays)) };
}

// ---------- Which period ----------

/** Like working-days, a date that does not exist (2026-02-30) is refused rather than rolled over. */
function parseRealDate(input: CalendarDate | string): CalendarDate {
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

function termHolding(iso: string): PartyTerm {
  const term = TERMS.find((t) => t.from <= iso && iso <= t.to);
  if (!term) throw new PeriodError("party_term", `Không nhiệm kỳ nào chứa ngày ${iso} (${TERMS_FILE}).`);
  return term;
}

/**
 * The period of `type` a calendar date (Hà Nội) belongs to, honouring the cut-off: with day 14, 15/12/2026 is in
 * 2027-01, 2027-Q1, 2027-H1 and 2027. Null only for a 9T date in the last quarter, which no 9T period holds.
 */
export function periodContaining(
  type: PeriodType,
  date: CalendarDate | string,
  rule: CutoffRule,
): Period | null {
  validateCutoffRule(rule);
  const day = parseRealDate(date);
  if (type === "term") return termPeriod(termHolding(isoDate(day)));
  const span = spanHolding(type, reportingMonth(day, rule));
  return span && periodOfSpan(span);
}

/**
 * The latest period whose close has passed at `now` (Hà Nội time): what a scheduled run reports on. A period is
 * closed once its last day is over, i.e. when the month `now` reports into comes after the period's last month.
 */
export function lastClosedPeriod(type: PeriodType, now: Date, rule: CutoffRule): Period {
  validateCutoffRule(rule);
  if (Number.isNaN(now.getTime())) throw new PeriodError("argument", "Thời điểm không hợp lệ.");
  const today = dateInVietnam(now);
  if (type === "term") return lastClosedTerm(isoDate(today));
  return periodOfSpan(spanEndingBy(type, reportingMonth(today, rule) - 1));
}

function lastClosedTerm(todayIso: string): Period {
  const term = TERMS.findLast((t) => t.to < todayIso);
  if (!term)
    throw new PeriodError("party_term", `Chưa có nhiệm kỳ nào kết thúc trước ${todayIso} (${TERMS_FILE}).`);
  return termPeriod(term);
}

function stepPeriod(period: Period, step: 1 | -1): Period {
  if (period.type !== "term") return periodOfSpan(stepSpan(spanOf(period), step));
  return termPeriod(termAt(termIndex(period.term) + step, period.term));
}

export const previousPeriod = (period: Period): Period => stepPeriod(period, -1);
export const nextPeriod = (period: Period): Period => stepPeriod(period, 1);

/** A number that grows with the period, to compare two periods of one type. */
function ordinal(period: Period): number {
  if (period.type === "term") return termIndex(period.term);
  const span = spanOf(period);
  return monthIndex(span.year, span.lastMonth);
}

/**
 * Every period from `fromKey` to `toKey`, both included, for catching up on missed runs; empty when `fromKey`
 * comes after `toKey` (e.g. `periodsBetween(next(lastRun), lastClosed)` when nothing was missed).
 */
export function periodsBetween(fromKey: string, toKey: string): Period[] {
  const from = parsePeriodKey(fromKey);
  const to = parsePeriodKey(toKey);
  if (from.type !== to.type) {
    throw new PeriodError("argument", `Hai kỳ ${fromKey} và ${toKey} không cùng loại kỳ báo cáo.`);
  }
  const last = ordinal(to);
  const periods: Period[] = [];
  // Stop on `to` itself: the step past the last known party term would throw.
  for (let p = from; ordinal(p) <= last; p = nextPeriod(p)) {
    periods.push(p);
    if (ordinal(p) === last) break;
  }
  return periods;
}

// ---------- Schedules ----------

/** The time zone to give the job scheduler with `cronFor`'s pattern. */
export const REPORT_SCHEDULE_TZ = "Asia/Ho_Chi_Minh";
/** Runs start at 07:00 on the day after the close: the close is over and people are at work to check the result. */
const RUN_HOUR = 7;

/**
 * A 5-field cron pattern (cron-parser, as BullMQ job schedulers read it, with `tz: REPORT_SCHEDULE_TZ`) firing at
 * 07:00 on the day after each close; the run then reports `lastClosedPeriod`. Null for terms, which are run by hand.
 *
 * Monthly with day 28 is the one rule no single day can express (the day after 28/2 is 1/3, or 29/2 in a leap year):
 * it fires on the 29th and the 1st, and the extra run finds the same period already done, which changes nothing.
 */
export function cronFor(type: PeriodType, rule: CutoffRule): string | null {
  validateCutoffRule(rule);
  if (type === "term") return null;
  if (type === "month" && rule.closesOnDay === 28) return `0 ${RUN_HOUR} 1,29 * *`;
  const months = CLOSING_MONTHS[type];
  if (rule.closesOnDay === "last") {
    const after = months.map((m) => (m % 12) + 1).sort((a, b) => a - b);
    return `0 ${RUN_HOUR} 1 ${monthField(after)} *`;
  }
  return `0 ${RUN_HOUR} ${rule.closesOnDay + 1} ${monthField(months)} *`;
}

const monthField = (months: readonly number[]) => (months.length === 12 ? "*" : months.join(","));
