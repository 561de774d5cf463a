/**
 * How national totals reach the provinces: the central committee publishes a closed period, and what it publishes
 * is a snapshot of the whole-country figures for that period, taken then and never recomputed. A province reads the
 * snapshots, never a live national query: live totals over ranges of its choosing, minus its own figures, would
 * give away the others' (scope is authorization, statistics-scope.ts).
 */
import type pg from "pg";
import type { Principal } from "../auth/tokens.js";
import { firstRow } from "../db/db.js";
import { insertPublication, listPublications } from "../db/queries/statistics.js";
import type { WorkingCalendar } from "../domain/working-days.js";
import { AppError } from "../errors.js";
import { periodDates, safeParsePeriodKey } from "./periods.js";
import { computeStatistics } from "./statistics.js";
import { SUBMISSION_CUTOFF, isCentral } from "./submissions.js";

interface Deps {
  db: pg.Pool;
  calendar: WorkingCalendar;
  clock: { now(): Date };
}

/** The whole-country figures of one closed period (the submissions of that period's own type). */
export async function nationalFigures(deps: Deps, periodKey: string) {
  const parsed = safeParsePeriodKey(periodKey);
  if (!parsed.ok)
    throw new AppError("validation_failed", parsed.error.message, [
      { field: "periodKey", message: parsed.error.message },
    ]);
  const { from, to, closesAt } = periodDates(parsed.period, SUBMISSION_CUTOFF);
  if (closesAt > deps.clock.now())
    throw new AppError("validation_failed", `Kỳ ${periodKey} chưa kết thúc (đến hết ngày ${to})`, [
      { field: "periodKey", message: "kỳ chưa kết thúc" },
    ]);
  const stats = await computeStatistics(
    deps.db,
    deps.calendar,
    { from, to, committeeId: null, counterpartId: null, submitterIds: null, periodType: parsed.period.type },
    deps.clock.now(),
  );
  return { periodKey, from, to, stats };
}

export async function publishNationalFigures(deps: Deps, actor: Principal, periodKey: string) {
  if (!isCentral(actor))
    throw new AppError("forbidden", "Chỉ UBKT Đảng ủy Công an Trung ương công bố số liệu toàn quốc");
  const { from, to, stats } = await nationalFigures(deps, periodKey);
  const figures = { from, to, rates: stats.rates, submissions: stats.submissions, requests: stats.requests };
  if (!(await insertPublication(deps.db, { periodKey, figures, publishedBy: actor.tokenId })))
    throw new AppError("conflict", `Số liệu toàn quốc kỳ ${periodKey} đã được công bố`, [
      { field: "periodKey", message: "đã công bố" },
    ]);
  return firstRow(await listPublications(deps.db, periodKey), `the publication of ${periodKey}`);
}
