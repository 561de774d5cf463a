/**
 * Cut-off rules (thời gian chốt số liệu): the day a period's figures close and how many working days later the
 * report is due. Configuration, not a constant: no source fixes the cut-off for the committees (see periods.ts).
 */
import { z } from "zod";
import type { CalendarDate } from "../domain/vn-format.js";
import { daysInMonth, monthIndex } from "./calendar-dates.js";
import { PeriodError } from "./period-types.js";

export interface CutoffRule {
  /** Day of the period's last month on which its figures close: 1–28, or "last" for the calendar period. */
  closesOnDay: number | "last";
  /** The report is due this many working days after the close (0: the close day, or the next working day). */
  dueWorkingDays: number;
}

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

export const closeOfMonth = (year: number, month: number, rule: CutoffRule): CalendarDate => ({
  year,
  month,
  day: rule.closesOnDay === "last" ? daysInMonth(year, month) : rule.closesOnDay,
});

/** The month whose reporting span holds `date`: its own, or the next one once the cut-off day has passed. */
export function reportingMonth(date: CalendarDate, rule: CutoffRule): number {
  const index = monthIndex(date.year, date.month);
  return rule.closesOnDay !== "last" && date.day > rule.closesOnDay ? index + 1 : index;
}
