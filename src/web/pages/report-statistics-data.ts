import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { dateInVietnam, isoDate } from "../../domain/vn-format.js";
import type { Answer, ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { dateVi } from "../format.js";
import { must, pageStatusOf, refusalOf } from "../guards.js";
import type { ChartSeries } from "../rate-chart.js";

// The figures of the statistics part of /bao-cao: the range asked for, its rates, and its rates slice by slice.

export type Statistics = Answer<"GET", "/v1/statistics">;

/** The rates the API computes, in the order the page shows them. */
export const RATE_LABELS: [string, string][] = [
  ["provincesCoordinatedInspection", "UBKT tỉnh ủy, thành ủy phối hợp thực hiện kế hoạch kiểm tra"],
  ["provincesCoordinatedSupervision", "UBKT tỉnh ủy, thành ủy phối hợp thực hiện kế hoạch giám sát"],
  ["provincesCoordinated", "UBKT tỉnh ủy, thành ủy có văn bản phối hợp qua phoihop"],
  ["answeredOnTime", "Yêu cầu được trả lời đúng hạn"],
  ["inspectionsCoordinated", "Cuộc kiểm tra có phối hợp"],
  ["supervisionsCoordinated", "Cuộc giám sát có phối hợp"],
  ["plansCoordinated", "Cuộc kiểm tra, giám sát có phối hợp (cộng chung)"],
  ["thematicPlansCoordinated", "Kế hoạch chuyên đề có phối hợp"],
  ["staffRequestedByProvince", "Kế hoạch tỉnh đề nghị UBKT Trung ương cử cán bộ"],
  ["staffRequestedByCentral", "Kế hoạch UBKT Trung ương đề nghị tỉnh cử cán bộ"],
  ["organisationsCoordinated", "Tổ chức đảng được kiểm tra, giám sát có phối hợp"],
  ["membersCoordinated", "Đảng viên được kiểm tra, giám sát có phối hợp"],
  ["disciplinedCoordinated", "Đảng viên bị kỷ luật có phối hợp"],
  ["denunciationsCoordinated", "Tố cáo, khiếu nại kỷ luật đảng có phối hợp"],
];

const todayIn = (c: Context<WebEnv>) => isoDate(dateInVietnam(c.get("deps").clock.now()));

// ---------- Statistics over time ----------

export type Unit = "month" | "quarter" | "year";

export const UNITS: Record<Unit, { label: string; axis: string; months: number }> = {
  month: { label: "Tháng", axis: "Tháng", months: 1 },
  quarter: { label: "Quý", axis: "Quý", months: 3 },
  year: { label: "Năm", axis: "Năm", months: 12 },
};

/** Points on one chart; each is one call to the statistics API, so a long range is drawn in coarser steps. */
export const MAX_POINTS = 24;

const ROMAN = ["I", "II", "III", "IV"];

export interface Slice {
  short: string;
  long: string;
  from: string;
  to: string;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

const pad4 = (n: number) => String(n).padStart(4, "0");

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The calendar months, quarters or years a range touches, each cut to the range; at most MAX_POINTS, the latest. */
function slicesOf(from: string, to: string, wanted: Unit): { unit: Unit; slices: Slice[]; cut: boolean } {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  const first = fy * 12 + fm - 1;
  const last = ty * 12 + tm - 1;
  const order: Unit[] = ["month", "quarter", "year"];
  let unit = wanted;
  const count = (u: Unit) => Math.floor(last / UNITS[u].months) - Math.floor(first / UNITS[u].months) + 1;
  while (unit !== "year" && count(unit) > MAX_POINTS) unit = order[order.indexOf(unit) + 1]!;
  const size = UNITS[unit].months;
  const starts: number[] = [];
  for (let m = Math.floor(first / size) * size; m <= last; m += size) starts.push(m);
  const kept = starts.slice(-MAX_POINTS);
  const slices = kept.map((start) => {
    const year = Math.floor(start / 12);
    const month = (start % 12) + 1;
    const end = start + size - 1;
    const fullFrom = `${pad4(year)}-${pad2(month)}-01`;
    const fullTo = `${pad4(Math.floor(end / 12))}-${pad2((end % 12) + 1)}-${pad2(lastDay(Math.floor(end / 12), (end % 12) + 1))}`;
    const slice = { from: fullFrom < from ? from : fullFrom, to: fullTo > to ? to : fullTo };
    const q = Math.floor((month - 1) / 3);
    const [short, long] =
      unit === "month"
        ? [`T${month}/${year}`, `Tháng ${month}/${year}`]
        : unit === "quarter"
          ? [`Q${q + 1}/${year}`, `Quý ${ROMAN[q]}/${year}`]
          : [String(year), `Năm ${year}`];
    const partial = slice.from !== fullFrom || slice.to !== fullTo;
    return {
      ...slice,
      short,
      long: partial ? `${long} (${dateVi(slice.from)}–${dateVi(slice.to)})` : long,
    };
  });
  return { unit, slices, cut: kept.length < starts.length };
}

export interface StatsQuery {
  from: string;
  to: string;
  committee: string;
  periodType: string;
  chia: Unit;
}

function statisticsQuery(q: { from: string; to: string; committee: string; periodType: string }) {
  return {
    from: q.from,
    to: q.to,
    committee: q.committee || undefined,
    periodType: q.periodType || undefined,
  };
}

/** One statistics call per slice, a few at a time; each counts the submissions of the period type asked for. */
async function statisticsOverTime(c: Context<WebEnv>, q: StatsQuery, slices: Slice[]) {
  const api = c.get("api");
  const results: Statistics[] = [];
  for (let i = 0; i < slices.length; i += 4) {
    const batch = slices.slice(i, i + 4).map(async (s) =>
      must(
        await api.get("/v1/statistics", {
          // The submissions of the period type asked for (quarters by default), never silently another.
          query: statisticsQuery({
            from: s.from,
            to: s.to,
            committee: q.committee,
            periodType: q.periodType || "quarter",
          }),
        }),
      ),
    );
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

/**
 * The series with something to divide by at least once, and the names of those without (the page says which were
 * not drawn and why: a series never disappears silently).
 */
function seriesOf(points: Statistics[]): { series: ChartSeries[]; notDrawn: string[] } {
  const all = RATE_LABELS.filter(([key]) => points.some((p) => p.rates[key])).map(([key, name]) => ({
    name,
    points: points.map((p) => p.rates[key] ?? null),
  }));
  const drawn = all.filter((s) => s.points.some((p) => p && p.denominator > 0));
  const notDrawn = all.filter((s) => !drawn.includes(s)).map((s) => s.name);
  return {
    series: drawn.length ? drawn : all.slice(0, 1),
    notDrawn: drawn.length ? notDrawn : notDrawn.slice(1),
  };
}

function readStatsQuery(c: Context<WebEnv>): StatsQuery {
  const q = c.req.query();
  const today = todayIn(c);
  return {
    from: q.from ?? `${today.slice(0, 4)}-01-01`,
    to: q.to ?? today,
    committee: q.committee ?? "",
    periodType: q.periodType ?? "",
    chia: q.chia && q.chia in UNITS ? (q.chia as Unit) : "month",
  };
}

export interface StatisticsView {
  q: StatsQuery;
  status: ContentfulStatusCode;
  error?: ApiError;
  stats?: Statistics;
  overTime?: { unit: Unit; slices: Slice[]; series: ChartSeries[]; notDrawn: string[]; cut: boolean };
}

/** The range's statistics and the series over time; a refused range (bad dates, scope) comes back as its error. */
export async function loadStatistics(c: Context<WebEnv>): Promise<StatisticsView> {
  const q = readStatsQuery(c);
  const stats = await c.get("api").get("/v1/statistics", { query: statisticsQuery(q) });
  if (!stats.ok) {
    const refusal = refusalOf(stats.error);
    if (!["validation", "forbidden", "unprocessable"].includes(refusal)) must(stats);
    return { q, status: pageStatusOf(stats.error), error: stats.error };
  }
  const { unit, slices, cut } = slicesOf(q.from, q.to, q.chia);
  const { series, notDrawn } = seriesOf(await statisticsOverTime(c, q, slices));
  return { q, status: 200, stats: stats.body, overTime: { unit, slices, cut, series, notDrawn } };
}
