import type pg from "pg";
import {
  countCoordinatingProvinces,
  countDocumentsIssued,
  countRequestsByKind,
  countRequestsByKindOfPairs,
  type DispatchFact,
  type KindDirectionCount,
  listCurrentSubmissions,
  listDispatchFacts,
  listDispatchFactsOfPairs,
  listProvincialUnitsDuring,
  type PairsScope,
  type StatisticsScope,
} from "../db/queries/statistics.js";
import type { WorkingCalendar } from "../domain/working-days.js";
import { dateInVietnam, formatInteger, formatRate } from "../domain/vn-format.js";
import { periodDates, safeParsePeriodKey } from "./periods.js";
import { FIGURE_LABELS, type FigureName, SUBMISSION_CUTOFF } from "./submissions.js";

export interface RateFigure {
  numerator: number;
  denominator: number;
  /** The fraction, or null when there is nothing to divide by. */
  value: number | null;
  /** "92,06%", or "không xác định" when there is nothing to divide by (never a misleading 0%). */
  text: string;
  /** "58/63 (92,06%)": the fraction beside the percentage, as the figure is published. */
  fraction: string;
  /** Where the counts come from, in words. */
  source: string;
}

export const SOURCES = {
  answers: "thư yêu cầu phối hợp phoihop đã gửi và thời điểm trả lời (lịch ngày làm việc)",
  requests:
    "yêu cầu phối hợp đã đánh số trong phoihop (không gồm báo cáo định kỳ do phoihop gửi) và danh bạ ủy ban hiệu lực trong khoảng thời gian",
  submissions: "số liệu các ủy ban gửi theo kỳ (kể cả số liệu ghi nhận sau)",
  submittedUnits: "số liệu các ủy ban gửi theo kỳ, so với danh bạ ủy ban hiệu lực trong khoảng thời gian",
} as const;

export const rate = (numerator: number, denominator: number, source: string): RateFigure => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
  text: formatRate(numerator, denominator),
  fraction: `${formatInteger(numerator)}/${formatInteger(denominator)}`,
  source,
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

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid];
  if (upper === undefined) return null; // no values
  const lower = sorted[mid - 1];
  return sorted.length % 2 || lower === undefined ? upper : (lower + upper) / 2;
}

/**
 * The coordination figures of a range, from what phoihop recorded: requests by kind and direction, answers on
 * time / late / not at all, median answer time, overdue items, documents issued, the committees' submitted figures,
 * and the rates as exact fractions with their source. The scope (whose requests, whose submissions) is decided by
 * the caller (statistics-scope.ts); the provinces' rates exist only in the whole-country view.
 */
export async function computeStatistics(
  db: pg.Pool,
  calendar: WorkingCalendar,
  scope: StatisticsScope,
  now: Date,
) {
  const wholeCountry = scope.committeeId === null;
  const [requests, facts, documents, provinces, units] = await Promise.all([
    countRequestsByKind(db, scope),
    listDispatchFacts(db, scope),
    countDocumentsIssued(db, scope),
    wholeCountry ? countCoordinatingProvinces(db, scope) : Promise.resolve(null),
    wholeCountry ? listProvincialUnitsDuring(db, scope.from, scope.to) : Promise.resolve(null),
  ]);
  const answers = answerFigures(facts, now, calendar);
  const submitted = await submittedFigures(db, scope, units);
  return {
    requests,
    answers,
    documents,
    submissions: {
      periodType: scope.periodType ?? "quarter",
      periods: submitted.periods,
      committees: submitted.committees,
      recordedAfterFact: submitted.recordedAfterFact,
      sums: submitted.sum,
    },
    rates: {
      answeredOnTime: answeredOnTimeRate(answers),
      ...figureRates(submitted.sum),
      ...(provinces && units
        ? {
            provincesCoordinated: rate(
              provinces.coordinated,
              provinces.anyRecord ? provinces.total : 0,
              SOURCES.requests,
            ),
            provincesCoordinatedInspection: rate(
              submitted.unitsCoordinating.inspections,
              submitted.committees ? units.length : 0,
              SOURCES.submittedUnits,
            ),
            provincesCoordinatedSupervision: rate(
              submitted.unitsCoordinating.supervisions,
              submitted.committees ? units.length : 0,
              SOURCES.submittedUnits,
            ),
          }
        : {}),
    },
  };
}

export type Statistics = Awaited<ReturnType<typeof computeStatistics>>;

/** Answered on time, of the answers decided (on time, late, or deadline passed with none). */
function answeredOnTimeRate(answers: AnswerFigures): RateFigure {
  const decided = answers.answeredOnTime + answers.answeredLate + answers.unanswered;
  return rate(answers.answeredOnTime, decided, SOURCES.answers);
}

/** What a periodic report states of a pair: its requests by kind, its answers and the on-time rate. */
export interface PairAnswers {
  requests: KindDirectionCount[];
  answers: AnswerFigures;
  answeredOnTime: RateFigure;
}

/**
 * The requests and answers of many pairs — what the periodic reports of a run's batch state — in two statements
 * for the whole batch, counted as computeStatistics counts them for one pair (without the documents and submitted
 * figures it also reads). Every counterpart has an entry, a pair with no records zeros.
 */
export async function computePairAnswers(
  db: pg.Pool,
  calendar: WorkingCalendar,
  scope: PairsScope,
  now: Date,
): Promise<Map<number, PairAnswers>> {
  const [counts, facts] = await Promise.all([
    countRequestsByKindOfPairs(db, scope),
    listDispatchFactsOfPairs(db, scope),
  ]);
  const byPair = new Map(
    scope.counterpartIds.map((id) => [
      id,
      { requests: [] as KindDirectionCount[], facts: [] as DispatchFact[] },
    ]),
  );
  for (const { counterpartId, ...count } of counts) byPair.get(counterpartId)?.requests.push(count);
  for (const { counterpartId, ...fact } of facts) byPair.get(counterpartId)?.facts.push(fact);
  const pairs = new Map<number, PairAnswers>();
  for (const [id, pair] of byPair) {
    const answers = answerFigures(pair.facts, now, calendar);
    pairs.set(id, { requests: pair.requests, answers, answeredOnTime: answeredOnTimeRate(answers) });
  }
  return pairs;
}

type Sums = Record<FigureName, { total: number; coordinated: number }>;

/** Each submitted pair as a rate (coordinated of total), and the plans of both kinds together. */
export function figureRates(sum: Sums) {
  const r = (name: FigureName) => rate(sum[name].coordinated, sum[name].total, SOURCES.submissions);
  return {
    inspectionsCoordinated: r("inspections"),
    supervisionsCoordinated: r("supervisions"),
    plansCoordinated: rate(
      sum.inspections.coordinated + sum.supervisions.coordinated,
      sum.inspections.total + sum.supervisions.total,
      SOURCES.submissions,
    ),
    thematicPlansCoordinated: r("thematicPlans"),
    staffRequestedByProvince: r("staffRequestedByProvince"),
    staffRequestedByCentral: r("staffRequestedByCentral"),
    organisationsCoordinated: r("organisations"),
    membersCoordinated: r("members"),
    disciplinedCoordinated: r("disciplined"),
    denunciationsCoordinated: r("denunciations"),
  };
}

/**
 * The committees' own figures (their submissions) for the periods of one type lying wholly inside the range:
 * one type only, so a quarter and the year that contains it are never counted twice. Only the submitters the scope
 * names count; in the whole-country view only the units of the registry during the range (and the central
 * committee) do, and each provincial unit with a coordinated plan counts once towards the provinces' rates.
 */
async function submittedFigures(db: pg.Pool, scope: StatisticsScope, units: number[] | null) {
  const type = scope.periodType ?? "quarter";
  const sum = Object.fromEntries(
    Object.keys(FIGURE_LABELS).map((k) => [k, { total: 0, coordinated: 0 }]),
  ) as Sums;
  const periods = new Set<string>();
  const committees = new Set<number>();
  const inspecting = new Set<number>();
  const supervising = new Set<number>();
  const unitSet = units ? new Set(units) : null;
  let recordedAfterFact = 0;
  for (const row of await listCurrentSubmissions(db, scope.submitterIds)) {
    const parsed = safeParsePeriodKey(row.periodKey);
    if (!parsed.ok || parsed.period.type !== type) continue;
    const dates = periodDates(parsed.period, SUBMISSION_CUTOFF);
    if (dates.from < scope.from || dates.to > scope.to) continue;
    const isUnit = unitSet?.has(row.committeeId) ?? false;
    if (unitSet && !isUnit && row.level === "province") continue;
    periods.add(row.periodKey);
    if (row.level === "province") committees.add(row.committeeId);
    if (row.recordedAfterFact) recordedAfterFact++;
    if (isUnit && (row.figures.inspections?.coordinated ?? 0) > 0) inspecting.add(row.committeeId);
    if (isUnit && (row.figures.supervisions?.coordinated ?? 0) > 0) supervising.add(row.committeeId);
    for (const name of Object.keys(sum) as FigureName[]) {
      sum[name].total += row.figures[name]?.total ?? 0;
      sum[name].coordinated += row.figures[name]?.coordinated ?? 0;
    }
  }
  return {
    sum,
    periods: [...periods].sort(),
    committees: committees.size,
    recordedAfterFact,
    unitsCoordinating: { inspections: inspecting.size, supervisions: supervising.size },
  };
}
