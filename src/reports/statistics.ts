import type pg from "pg";
import {
  countCoordinatingProvinces,
  countDocumentsIssued,
  countRequestsByKind,
  type DispatchFact,
  listDispatchFacts,
  type StatisticsScope,
} from "../db/queries/statistics.js";
import type { WorkingCalendar } from "../domain/working-days.js";
import { dateInVietnam, formatRate } from "../domain/vn-format.js";
import { listCurrentSubmissions } from "../db/queries/statistics.js";
import { type PeriodType, periodDates, safeParsePeriodKey } from "./periods.js";
import { FIGURE_LABELS, type FigureName, SUBMISSION_CUTOFF } from "./submissions.js";

export interface RateFigure {
  numerator: number;
  denominator: number;
  /** "92,06%", or "không xác định" when there is nothing to divide by (never a misleading 0%). */
  text: string;
}

const rate = (numerator: number, denominator: number): RateFigure => ({
  numerator,
  denominator,
  text: formatRate(numerator, denominator),
});

export interface AnswerFigures {
  dispatched: number;
  answeredOnTime: number;
  answeredLate: number;
  /** Deadline passed, no answer. */
  unanswered: number;
  /** Deadline not reached yet, no answer. */
  awaiting: number;
  withheld: number;
  deliveryFailed: number;
  medianAnswerWorkingDays: number | null;
  overdue: { reference: string; from: string; to: string; deadlineAt: string }[];
}

/** Answer counts and times from the dispatches, counted in working days on the Vietnamese calendar. */
export function answerFigures(facts: DispatchFact[], now: Date, calendar: WorkingCalendar): AnswerFigures {
  const f: AnswerFigures = {
    dispatched: 0,
    answeredOnTime: 0,
    answeredLate: 0,
    unanswered: 0,
    awaiting: 0,
    withheld: 0,
    deliveryFailed: 0,
    medianAnswerWorkingDays: null,
    overdue: [],
  };
  const days: number[] = [];
  for (const d of facts) {
    if (d.status === "withheld") f.withheld++;
    if (d.status === "delivery_failed") f.deliveryFailed++;
    if (!d.sentAt) continue;
    f.dispatched++;
    if (d.answeredAt) {
      if (d.deadlineAt && d.answeredAt > d.deadlineAt) f.answeredLate++;
      else f.answeredOnTime++;
      days.push(calendar.workingDaysBetween(dateInVietnam(d.sentAt), dateInVietnam(d.answeredAt)));
    } else if (d.deadlineAt && d.deadlineAt <= now) {
      f.unanswered++;
      f.overdue.push({
        reference: d.reference,
        from: d.fromCommittee,
        to: d.toCommittee,
        deadlineAt: d.deadlineAt.toISOString(),
      });
    } else f.awaiting++;
  }
  f.medianAnswerWorkingDays = median(days);
  return f;
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The coordination figures of a range, from what phoihop recorded: requests by kind and direction, answers on
 * time / late / not at all, median answer time, overdue items, documents issued, and the rates as exact fractions.
 */
export async function computeStatistics(
  db: pg.Pool,
  calendar: WorkingCalendar,
  scope: StatisticsScope,
  now: Date,
) {
  const [requests, facts, documents, provinces] = await Promise.all([
    countRequestsByKind(db, scope),
    listDispatchFacts(db, scope),
    countDocumentsIssued(db, scope),
    scope.committeeId === null ? countCoordinatingProvinces(db, scope) : Promise.resolve(null),
  ]);
  const answers = answerFigures(facts, now, calendar);
  const submitted = await submittedFigures(db, scope);
  const decided = answers.answeredOnTime + answers.answeredLate + answers.unanswered;
  return {
    requests,
    answers,
    documents,
    submissions: {
      periodType: scope.periodType ?? "quarter",
      periods: submitted.periods,
      committees: submitted.committees,
    },
    rates: {
      answeredOnTime: rate(answers.answeredOnTime, decided),
      plansCoordinated: rate(
        submitted.sum.inspections.coordinated + submitted.sum.supervisions.coordinated,
        submitted.sum.inspections.total + submitted.sum.supervisions.total,
      ),
      disciplinedCoordinated: rate(submitted.sum.disciplined.coordinated, submitted.sum.disciplined.total),
      denunciationsCoordinated: rate(
        submitted.sum.denunciations.coordinated,
        submitted.sum.denunciations.total,
      ),
      ...(provinces ? { provincesCoordinated: rate(provinces.coordinated, provinces.total) } : {}),
    },
  };
}

/**
 * The committees' own figures (their submissions) for the periods of one type lying wholly inside the range:
 * one type only, so a quarter and the year that contains it are never counted twice.
 */
async function submittedFigures(db: pg.Pool, scope: StatisticsScope) {
  const type = scope.periodType ?? "quarter";
  const ids =
    scope.committeeId === null
      ? null
      : scope.counterpartId !== null
        ? [scope.committeeId, scope.counterpartId]
        : [scope.committeeId];
  const sum = Object.fromEntries(
    Object.keys(FIGURE_LABELS).map((k) => [k, { total: 0, coordinated: 0 }]),
  ) as Record<FigureName, { total: number; coordinated: number }>;
  const periods = new Set<string>();
  const committees = new Set<number>();
  for (const row of await listCurrentSubmissions(db, ids)) {
    const parsed = safeParsePeriodKey(row.periodKey);
    if (!parsed.ok || parsed.period.type !== type) continue;
    const dates = periodDates(parsed.period, SUBMISSION_CUTOFF);
    if (dates.from < scope.from || dates.to > scope.to) continue;
    periods.add(row.periodKey);
    committees.add(row.committeeId);
    for (const name of Object.keys(sum) as FigureName[]) {
      sum[name].total += row.figures[name]?.total ?? 0;
      sum[name].coordinated += row.figures[name]?.coordinated ?? 0;
    }
  }
  return { sum, periods: [...periods].sort(), committees: committees.size };
}
