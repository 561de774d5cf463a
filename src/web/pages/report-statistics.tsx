import type { FC } from "hono/jsx";
import type { Principal } from "../../auth/tokens.js";
import type { PeriodType } from "../../reports/periods.js";
import type { ApiError } from "../api-client.js";
import { formatInteger } from "../../domain/vn-format.js";
import { dateVi } from "../format.js";
import { ErrorSummary, fieldId } from "../layout.js";
import { type ChartSeries, LegendKey, RateChart } from "../rate-chart.js";
import type { Committee } from "../committee-list.js";
import { errorsByField, Field } from "../form-field.js";
import {
  MAX_POINTS,
  RATE_LABELS,
  type Slice,
  type Statistics,
  type StatisticsView,
  type StatsQuery,
  type Unit,
  UNITS,
} from "./report-statistics-data.js";
import { CENTRAL_CODE } from "../../domain/central-committee.js";

export { loadStatistics, type StatisticsView } from "./report-statistics-data.js";

// The statistics part of /bao-cao: the range form, the rates of the range, and the rates month by month as a chart.
// The figures are gathered in report-statistics-data.ts.

const SUBMITTED_PERIOD_LABELS: Record<PeriodType, string> = {
  month: "Tháng",
  quarter: "Quý",
  half: "6 tháng",
  nine_months: "9 tháng",
  year: "Năm",
  term: "Nhiệm kỳ",
};

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
          {viewer.committeeCode === CENTRAL_CODE ? (
            <>
              <option value="">Toàn quốc: các UBKT tỉnh ủy, thành ủy</option>
              {committees
                .filter((c) => c.code !== viewer.committeeCode)
                .map((c) => (
                  <option value={c.code} selected={q.committee === c.code}>
                    Riêng với {c.name}
                  </option>
                ))}
            </>
          ) : (
            // A province sees its own figures only, alone or with the central committee (statistics-scope.ts).
            <>
              <option value="">Số liệu của ủy ban {viewer.committeeCode}</option>
              <option value={CENTRAL_CODE} selected={q.committee === CENTRAL_CODE}>
                Riêng với UBKT Đảng ủy Công an Trung ương
              </option>
            </>
          )}
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
          <th scope="col">Nguồn</th>
        </tr>
      </thead>
      <tbody>
        {RATE_LABELS.map(([key, label]) => {
          const r = stats.rates[key];
          if (!r) return null;
          return (
            <tr>
              <th scope="row">{label}</th>
              <td>{formatInteger(r.numerator)}</td>
              <td>{formatInteger(r.denominator)}</td>
              <td>
                {r.text} ({formatInteger(r.numerator)}/{formatInteger(r.denominator)})
              </td>
              <td class="muted">{r.source ?? ""}</td>
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
      <dd>{formatInteger(a.dispatched)}</dd>
      <dt>Trả lời đúng hạn / trễ hạn</dt>
      <dd>
        {formatInteger(a.answeredOnTime)} / {formatInteger(a.answeredLate)}
      </dd>
      <dt>Quá hạn chưa trả lời</dt>
      <dd>{formatInteger(a.unanswered)}</dd>
      <dt>Chưa đến hạn trả lời</dt>
      <dd>{formatInteger(a.awaiting)}</dd>
      <dt>Thời gian trả lời (trung vị)</dt>
      <dd>{a.medianAnswerWorkingDays === null ? "—" : `${a.medianAnswerWorkingDays} ngày làm việc`}</dd>
      <dt>Số liệu các ủy ban gửi được tính</dt>
      <dd>
        {stats.submissions.periods.length
          ? `${stats.submissions.periods.join(", ")} (${formatInteger(stats.submissions.committees)} ủy ban)`
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
  notDrawn: string[];
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
          {p.notDrawn.length > 0 && (
            <span class="hint">
              Không có điểm nào để vẽ (mẫu số 0 ở mọi {UNITS[p.unit].label.toLowerCase()}):{" "}
              {p.notDrawn.join("; ")}. Số liệu các ủy ban gửi chỉ được tính cho kỳ nằm trọn trong mỗi điểm —
              chọn biểu đồ theo kỳ lớn hơn.
            </span>
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
                  return (
                    <td>
                      {pt
                        ? `${pt.text} (${formatInteger(pt.numerator)}/${formatInteger(pt.denominator)})`
                        : "—"}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
};

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
