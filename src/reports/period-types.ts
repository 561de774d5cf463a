/** The shapes periods are spoken of in, and the one error every period function throws. */
import { AppError } from "../errors.js";

export const PERIOD_TYPES = ["month", "quarter", "half", "nine_months", "year", "term"] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];
export type CalendarPeriodType = Exclude<PeriodType, "term">;

export type Period =
  | { type: "month"; year: number; month: number }
  | { type: "quarter"; year: number; quarter: number }
  | { type: "half"; year: number; half: number }
  | { type: "nine_months"; year: number }
  | { type: "year"; year: number }
  /** `term` is the code in party-terms.json: "2025-2030". */
  | { type: "term"; term: string };

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
