import type { Context } from "hono";
import type { FC } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Principal } from "../../auth/tokens.js";
import { dateInVietnam, isoDate } from "../../domain/vn-format.js";
import type { PeriodType } from "../../reports/periods.js";
import type { ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { dateVi } from "../format.js";
import { must } from "../guards.js";
import { ErrorSummary, fieldId } from "../layout.js";
import { type ChartSeries, LegendKey, RateChart, type RatePoint } from "../rate-chart.js";
import { type Committee, errorsByField, Field } from "./report-common.js";

// The statistics part of /bao-cao: the range form, the rates of the range, and the rates month by month as a chart.

interface Statistics {
  from: string;
  to: string;
  committee: string;
  answers: {
    dispatched: number;
    answeredOnTime: number;
    answeredLate: number;
    unanswered: number;
    awaiting: number;
    medianAnswerWorkingDays: number | null;
  };
  submissions: { periodType: string; periods: string[]; committees: number };
  rates: Record<string, RatePoint>;
}

const SUBMITTED_PERIOD_LABELS: Record<PeriodType, string> = {
  month: "Tháng",
  quarter: "Quý",
  half: "6 tháng",
  nine_months: "9 tháng",
  year: "Năm",
  term: "Nhiệm kỳ",
};

/** The rates the API computes, in the order the page shows them. */
const RATE_LABELS: [string, string][] = [
  ["answeredOnTime", "Yêu cầu được trả lời đúng hạn"],
  ["provincesCoordinated", "UBKT tỉnh ủy, thành ủy có phối hợp"],
  ["plansCoordinated", "Cuộc kiểm tra, giám sát có phối hợp"],
  ["disciplinedCoordinated", "Đảng viên bị kỷ luật có phối hợp"],
  ["denunciationsCoordinated", "Đơn tố cáo, khiếu nại có phối hợp"],
];

const todayIn = (c: Context<WebEnv>) => isoDate(dateInVietnam(c.get("deps").clock.now()));

// ---------- Statistics over time ----------

type Unit = "month" | "quarter" | "year";

const UNITS: Record<Unit, { label: string; axis: string; months: number }> = {
  month: { label: "Tháng", axis: "Tháng", months: 1 },
  quarter: { label: "Quý", axis: "Quý", months: 3 },
  year: { label: "Năm", axis: "Năm", months: 12 },
};

/** Points on one chart; each is one call to the statistics API, so a long range is drawn in coarser steps. */
const MAX_POINTS = 24;

const ROMAN = ["I", "II", "III", "IV"];

interface Slice {
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

interface StatsQuery {
  from: string;
  to: string;
  committee: string;
  periodType: string;
  chia: Unit;
}

function statisticsPath(q: { from: string; to: string; committee: string; periodType: string }): string {
  const params = new URLSearchParams({ from: q.from, to: q.to });
  if (q.committee) params.set("committee", q.committee);
  if (q.periodType) params.set("periodType", q.periodType);
  return `/v1/statistics?${params}`;
}

/** One statistics call per slice, a few at a time; each slice counts the submissions of its own period type. */
async function statisticsOverTime(c: Context<WebEnv>, q: StatsQuery, slices: Slice[], unit: Unit) {
  const api = c.get("api");
  const results: Statistics[] = [];
  for (let i = 0; i < slices.length; i += 4) {
    const batch = slices
      .slice(i, i + 4)
      .map(async (s) =>
        must(
          await api.get<Statistics>(
            statisticsPath({ from: s.from, to: s.to, committee: q.committee, periodType: unit }),
          ),
        ),
      );
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

/** The series worth drawing: rates with something to divide by at least once (else the on-time rate, empty). */
function seriesOf(points: Statistics[]): ChartSeries[] {
  const all = RATE_LABELS.filter(([key]) => points.some((p) => p.rates[key])).map(([key, name]) => ({
    name,
    points: points.map((p) => p.rates[key] ?? null),
  }));
  const drawn = all.filter((s) => s.points.some((p) => p && p.denominator > 0));
  return drawn.length ? drawn : all.slice(0, 1);
}

const STATS_FIELDS = new Set(["query.from", "query.to", "query.committee", "query.periodType"]);

const StatisticsForm: FC<{ q: StatsQuery; viewer: Principal; committees: Committee[]; error?: ApiError }> = ({
  q,
  viewer,
  committees,
  error,
}) => {
  const errors = errorsByField(error);
  const described = (name: string) => (errors.has(name) ? `${fieldId(name)}-loi` : undefined);
  return (
    <form method="get" action="/bao-cao" class="filters" aria-label="Chọn khoảng thời gian thống kê">
      <Field name="query.from" label="Từ ngày" errors={errors}>
        <input
          type="date"
          id={fieldId("query.from")}
          name="from"
          value={q.from}
          aria-describedby={described("query.from")}
        />
      </Field>
      <Field name="query.to" label="Đến ngày" errors={errors}>
        <input
          type="date"
          id={fieldId("query.to")}
          name="to"
          value={q.to}
          aria-describedby={described("query.to")}
        />
      </Field>
      <Field name="query.committee" label="Phạm vi" errors={errors}>
        <select
          id={fieldId("query.committee")}
          name="committee"
          aria-describedby={described("query.committee")}
        >
          <option value="">Các yêu cầu mà ủy ban {viewer.committeeCode} là một bên</option>
          {viewer.committeeCode === "CATW" && (
            <option value="ALL" selected={q.committee === "ALL"}>
              Toàn bộ các ủy ban
            </option>
          )}
          {committees
            .filter((c) => c.code !== viewer.committeeCode)
            .map((c) => (
              <option value={c.code} selected={q.committee === c.code}>
                Riêng với {c.name}
              </option>
            ))}
        </select>
      </Field>
      <Field name="query.periodType" label="Kỳ của số liệu các ủy ban gửi" errors={errors}>
        <select
          id={fieldId("query.periodType")}
          name="periodType"
          aria-describedby={described("query.periodType")}
        >
          {(Object.keys(SUBMITTED_PERIOD_LABELS) as PeriodType[]).map((t) => (
            <option value={t} selected={(q.periodType || "quarter") === t}>
              {SUBMITTED_PERIOD_LABELS[t]}
            </option>
          ))}
        </select>
      </Field>
      <Field name="chia" label="Biểu đồ theo" errors={errors}>
        <select id={fieldId("chia")} name="chia">
          {(Object.keys(UNITS) as Unit[]).map((u) => (
            <option value={u} selected={q.chia === u}>
              {UNITS[u].label}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit">Xem thống kê</button>
    </form>
  );
};

const RatesTable: FC<{ stats: Statistics }> = ({ stats }) => (
  <div class="table-wrap">
    <table>
      <caption class="muted">
        Tỷ lệ từ {dateVi(stats.from)} đến {dateVi(stats.to)} (phân số chính xác; mẫu số 0 thì “không xác
        định”)
      </caption>
      <thead>
        <tr>
          <th scope="col">Chỉ tiêu</th>
          <th scope="col">Số có phối hợp / đúng hạn</th>
          <th scope="col">Tổng số</th>
          <th scope="col">Tỷ lệ</th>
        </tr>
      </thead>
      <tbody>
        {RATE_LABELS.filter(([key]) => stats.rates[key]).map(([key, label]) => {
          const r = stats.rates[key]!;
          return (
            <tr>
              <th scope="row">{label}</th>
              <td>{r.numerator}</td>
              <td>{r.denominator}</td>
              <td>{r.text}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  </div>
);

const AnswerFacts: FC<{ stats: Statistics }> = ({ stats }) => {
  const a = stats.answers;
  return (
    <dl class="facts">
      <dt>Thư yêu cầu đã gửi</dt>
      <dd>{a.dispatched}</dd>
      <dt>Trả lời đúng hạn / trễ hạn</dt>
      <dd>
        {a.answeredOnTime} / {a.answeredLate}
      </dd>
      <dt>Quá hạn chưa trả lời</dt>
      <dd>{a.unanswered}</dd>
      <dt>Chưa đến hạn trả lời</dt>
      <dd>{a.awaiting}</dd>
      <dt>Thời gian trả lời (trung vị)</dt>
      <dd>{a.medianAnswerWorkingDays === null ? "—" : `${a.medianAnswerWorkingDays} ngày làm việc`}</dd>
      <dt>Số liệu các ủy ban gửi được tính</dt>
      <dd>
        {stats.submissions.periods.length
          ? `${stats.submissions.periods.join(", ")} (${stats.submissions.committees} ủy ban)`
          : "Không có kỳ nào nằm trọn trong khoảng thời gian"}
      </dd>
    </dl>
  );
};

const RatesOverTime: FC<{
  q: StatsQuery;
  unit: Unit;
  slices: Slice[];
  series: ChartSeries[];
  cut: boolean;
}> = (p) => {
  const title = `Tỷ lệ phối hợp theo ${UNITS[p.unit].label.toLowerCase()}, từ ${dateVi(p.q.from)} đến ${dateVi(p.q.to)}`;
  const description = `Biểu đồ đường, trục ngang là ${UNITS[p.unit].axis.toLowerCase()} (${p.slices.length} điểm), trục đứng là tỷ lệ phần trăm từ 0%. Các đường: ${p.series.map((s) => s.name).join("; ")}. Kỳ không có gì để tính tỷ lệ thì để trống. Số liệu đầy đủ ở bảng “Số liệu của biểu đồ”.`;
  return (
    <div class="chart-with-table">
      <figure class="chart">
        {/* Scrolls sideways on a narrow screen rather than shrinking the labels out of reach. */}
        <section class="chart-scroll" aria-label="Biểu đồ tỷ lệ" tabindex={0}>
          <RateChart
            id="bieu-do-ty-le"
            title={title}
            description={description}
            xTitle={UNITS[p.unit].axis}
            labels={p.slices.map((s) => s.short)}
            longLabels={p.slices.map((s) => s.long)}
            series={p.series}
          />
        </section>
        <figcaption>
          <ul class="chart-legend">
            {p.series.map((s, i) => (
              <li>
                <LegendKey index={i} /> {s.name}
              </li>
            ))}
          </ul>
          {p.unit !== p.q.chia && (
            <span class="hint">
              Khoảng thời gian dài: biểu đồ vẽ theo {UNITS[p.unit].label.toLowerCase()} (tối đa {MAX_POINTS}{" "}
              điểm).
            </span>
          )}
          {p.cut && (
            <span class="hint">Biểu đồ chỉ thể hiện {MAX_POINTS} điểm cuối của khoảng thời gian.</span>
          )}
        </figcaption>
      </figure>
      <div class="table-wrap">
        <table>
          <caption class="muted">Số liệu của biểu đồ</caption>
          <thead>
            <tr>
              <th scope="col">{UNITS[p.unit].label}</th>
              {p.series.map((s) => (
                <th scope="col">{s.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.slices.map((slice, i) => (
              <tr>
                <th scope="row">{slice.long}</th>
                {p.series.map((s) => {
                  const pt = s.points[i];
                  return <td>{pt ? `${pt.text} (${pt.numerator}/${pt.denominator})` : "—"}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
};

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
  overTime?: { unit: Unit; slices: Slice[]; series: ChartSeries[]; cut: boolean };
}

/** The range's statistics and the series over time; a refused range (bad dates, scope) comes back as its error. */
export async function loadStatistics(c: Context<WebEnv>): Promise<StatisticsView> {
  const q = readStatsQuery(c);
  const stats = await c.get("api").get<Statistics>(statisticsPath(q));
  if (!stats.ok) {
    if (![400, 403, 422].includes(stats.status)) must(stats);
    return { q, status: stats.status as ContentfulStatusCode, error: stats.error };
  }
  const { unit, slices, cut } = slicesOf(q.from, q.to, q.chia);
  const series = seriesOf(await statisticsOverTime(c, q, slices, unit));
  return { q, status: 200, stats: stats.body, overTime: { unit, slices, cut, series } };
}

export const StatisticsSection: FC<{ v: StatisticsView; viewer: Principal; committees: Committee[] }> = ({
  v,
  viewer,
  committees,
}) => (
  <section aria-labelledby="thong-ke">
    <h2 id="thong-ke">Thống kê phối hợp</h2>
    <ErrorSummary message={v.error?.message} details={v.error?.details} fieldIds={STATS_FIELDS} />
    <StatisticsForm q={v.q} viewer={viewer} committees={committees} error={v.error} />
    {v.stats && v.overTime && (
      <>
        <RatesTable stats={v.stats} />
        <h3>Thư yêu cầu và trả lời</h3>
        <AnswerFacts stats={v.stats} />
        <h3>Tỷ lệ theo thời gian</h3>
        <RatesOverTime q={v.q} {...v.overTime} />
      </>
    )}
  </section>
);
