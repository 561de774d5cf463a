/** When scheduled runs fire: cron patterns for the job scheduler, one run the morning after each close. */
import { type CutoffRule, validateCutoffRule } from "./cutoff-rules.js";
import { CLOSING_MONTHS } from "./period-spans.js";
import type { PeriodType } from "./period-types.js";

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
