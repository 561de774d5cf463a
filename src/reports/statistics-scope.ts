/**
 * Who may see which figures (scope is authorization). Decided here once, for the API and every page built on it:
 *
 * - The central committee (UBKT Đảng ủy Công an Trung ương) sees the whole country by default (`committee` absent
 *   or `ALL`), or its pair with one committee (`committee=<MÃ>`: the requests between the two and that committee's
 *   own submitted figures).
 * - A provincial committee sees its own figures: the requests it is a party to and its own submissions, alone or
 *   narrowed to its pair with the central committee (`committee=CATW`). Another province's code, alone or summed
 *   with its own, is refused (403), and so is `ALL`: the national totals reach a province only as the central
 *   committee publishes them (statistics-publications.ts), a snapshot per period, never as a live query whose
 *   differences would give another province's figures away.
 */
import type { Principal } from "../auth/tokens.js";
import type { Db } from "../db/db.js";
import { findCommitteeByCode } from "../db/queries/committees.js";
import type { StatisticsScope } from "../db/queries/statistics.js";
import { CENTRAL_CODE } from "../db/seed/committee-registry.js";
import { AppError } from "../errors.js";
import type { PeriodType } from "./periods.js";

export interface ScopeQuery {
  from: string;
  to: string;
  committee?: string | undefined;
  periodType?: PeriodType | undefined;
}

const FIELD = "query.committee";

export async function statisticsScopeFor(db: Db, viewer: Principal, q: ScopeQuery): Promise<StatisticsScope> {
  const base = { from: q.from, to: q.to, periodType: q.periodType };
  const central = viewer.committeeCode === CENTRAL_CODE;
  const wanted = q.committee && q.committee !== viewer.committeeCode ? q.committee : null;
  if (central && (wanted === null || wanted === "ALL"))
    return { ...base, committeeId: null, counterpartId: null, submitterIds: null };
  if (wanted === "ALL") {
    throw new AppError(
      "forbidden",
      "Số liệu toàn quốc chỉ UBKT Đảng ủy Công an Trung ương xem trực tiếp; các tỉnh xem số liệu đã được công bố (GET /v1/statistics/publications).",
      [{ field: FIELD, message: "chỉ xem được số liệu toàn quốc đã công bố" }],
    );
  }
  if (wanted === null)
    return {
      ...base,
      committeeId: viewer.committeeId,
      counterpartId: null,
      submitterIds: [viewer.committeeId],
    };
  const other = await findCommitteeByCode(db, wanted);
  if (!other)
    throw new AppError("validation_failed", `Không có ủy ban kiểm tra mã ${wanted}`, [
      { field: FIELD, message: "mã ủy ban không tồn tại" },
    ]);
  if (!central && other.code !== CENTRAL_CODE) {
    throw new AppError(
      "forbidden",
      `Ủy ban ${viewer.committeeCode} không được xem số liệu của ${other.code}.`,
      [{ field: FIELD, message: "chỉ xem được số liệu của ủy ban mình, riêng hoặc với UBKT Trung ương" }],
    );
  }
  return {
    ...base,
    committeeId: viewer.committeeId,
    counterpartId: other.id,
    // The pair's submitted figures are the province's own: the central committee's, for a province, never.
    submitterIds: central ? [other.id] : [viewer.committeeId],
  };
}
