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
 *
 * The parts live next door: types and `PeriodError` (period-types.ts), keys (period-keys.ts), cut-off rules
 * (cutoff-rules.ts), cron patterns (period-cron.ts); callers import all of it from here.
 */
import { type CalendarDate, dateInVietnam, isoDate } from "../domain/vn-format.js";
import type { WorkingCalendar } from "../domain/working-days.js";
import { endOfDayInVietnam, monthIndex, parseRealDate } from "./calendar-dates.js";
import { type CutoffRule, reportingMonth, validateCutoffRule } from "./cutoff-rules.js";
import { parsePeriodKey } from "./period-keys.js";
import { periodOfSpan, spanDates, spanEndingBy, spanHolding, spanOf, stepSpan } from "./period-spans.js";
import { lastClosedTerm, termAt, termByCode, termHolding, termIndex, termPeriod } from "./period-terms.js";
import {
  PeriodError,
  type Period,
  type PeriodBounds,
  type PeriodDates,
  type PeriodType,
} from "./period-types.js";

export { type CutoffRule, CutoffRuleSchema, validateCutoffRule } from "./cutoff-rules.js";
export { cronFor, REPORT_SCHEDULE_TZ } from "./period-cron.js";
export {
  type PeriodKeyResult,
  PeriodKeySchema,
  parsePeriodKey,
  periodKey,
  safeParsePeriodKey,
} from "./period-keys.js";
export {
  PERIOD_TYPES,
  type Period,
  type PeriodBounds,
  type PeriodDates,
  PeriodError,
  type PeriodErrorReason,
  type PeriodType,
} from "./period-types.js";

// ---------- Dates of a period ----------

function termDates(code: string): PeriodDates {
  const term = termByCode(code);
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
