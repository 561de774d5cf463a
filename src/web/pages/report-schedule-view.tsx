import type { FC } from "hono/jsx";
import type { Principal } from "../../auth/tokens.js";
import { dueDayText, formatInteger } from "../../domain/vn-format.js";
import { safeParsePeriodKey } from "../../reports/periods.js";
import { periodLabel } from "../../reports/period-label.js";
import type { Answer, ApiError, ApiResult } from "../api-client.js";
import { dateVi } from "../format.js";
import { CsrfField, ErrorSummary, Flash, fieldId, Layout } from "../layout.js";
import { statusTone } from "../request-labels.js";
import { ActiveBadge, cutoffLabel, PERIOD_TYPE_LABELS, type Schedule, targetLabel } from "./report-common.js";
import type { Committee } from "../committee-list.js";
import { hasRole } from "../guards.js";
import { errorsByField, Field } from "../form-field.js";

// The markup of one schedule's page (/bao-cao/lich/:code): its facts, the admin actions, its periods and their runs.

export type ReportRequest = Answer<"GET", "/v1/requests">["items"][number];
export type Missing = Answer<"GET", "/v1/report-submissions/missing">;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "0 7 15 3,6,9,12 *" → "lúc 7 giờ ngày 15 các tháng 3, 6, 9, 12 (giờ Hà Nội), …": the patterns cronFor makes. */
function cronLabel(cron: string): string {
  const [minute, hour, day, month] = cron.split(" ");
  const months = month === "*" ? "hằng tháng" : `các tháng ${month?.replaceAll(",", ", ")}`;
  const time = minute === "0" ? `${hour} giờ` : `${hour} giờ ${minute}`;
  return `lúc ${time} ngày ${day?.replaceAll(",", " và ")} ${months} (giờ Hà Nội), lập báo cáo cho kỳ vừa kết thúc`;
}

function keyLabel(key: string): string {
  const parsed = safeParsePeriodKey(key);
  return parsed.ok ? capitalise(periodLabel(parsed.period)) : key;
}

const RunCell: FC<{ reports: ReportRequest[] | undefined }> = ({ reports }) => {
  if (!reports?.length) return <span class="muted">Chưa lập báo cáo</span>;
  if (reports.length === 1) {
    const r = reports[0]!;
    return (
      <>
        <a href={`/yeu-cau/${r.id}`}>{r.reference}</a> gửi {r.to}{" "}
        <span class={`badge ${statusTone(r.status)}`}>{r.statusLabel}</span>
      </>
    );
  }
  const byStatus = new Map<string, number>();
  for (const r of reports) byStatus.set(r.statusLabel, (byStatus.get(r.statusLabel) ?? 0) + 1);
  return (
    <>
      {formatInteger(reports.length)} báo cáo{" "}
      <a href="/yeu-cau?kind=periodic_report" class="muted">
        (xem danh sách)
      </a>
      <span class="hint">
        {[...byStatus].map(([label, n]) => `${label}: ${formatInteger(n)}`).join("; ")}
      </span>
    </>
  );
};

const MissingCell: FC<{ result: ApiResult<Missing> }> = ({ result }) => {
  if (!result.ok) return <span class="muted">—</span>;
  const { items } = result.body;
  if (!items.length) return <span class="badge ok">Đã gửi đủ</span>;
  return (
    <details>
      <summary>
        <span class="badge warn">{formatInteger(items.length)} ủy ban chưa gửi</span>
      </summary>
      <ul>
        {items.map((i) => (
          <li>
            {i.name} ({i.code}) — <a href={`mailto:${i.email}`}>{i.email}</a>
          </li>
        ))}
      </ul>
    </details>
  );
};

export interface ScheduleView {
  schedule: Schedule;
  committees: Committee[];
  periods: { key: string; from: string; to: string; dueOn: string }[];
  runs: Map<string, ReportRequest[]>;
  missing: ApiResult<Missing>[];
  runKey: string;
  runError?: ApiError | undefined;
  flash?: string | undefined;
}

const ScheduleActions: FC<{ v: ScheduleView; csrf: string }> = ({ v, csrf }) => {
  const s = v.schedule;
  const errors = errorsByField(v.runError);
  return (
    <section aria-labelledby="thao-tac">
      <h2 id="thao-tac">Thao tác (quản trị)</h2>
      <form method="post" action={`/bao-cao/lich/${s.code}/trang-thai`} class="actions">
        <CsrfField csrf={csrf} />
        <input type="hidden" name="bat" value={s.active ? "0" : "1"} />
        <button type="submit">{s.active ? "Tạm dừng lịch" : "Bật lại lịch"}</button>
      </form>
      <ErrorSummary
        message={v.runError?.message}
        details={v.runError?.details}
        fieldIds={new Set(["periodKey"])}
      />
      <form method="post" action={`/bao-cao/lich/${s.code}/chay`} class="stack">
        <CsrfField csrf={csrf} />
        <Field
          name="periodKey"
          label="Lập báo cáo cho kỳ (chạy lại kỳ đã chạy không tạo thêm gì)"
          errors={errors}
        >
          <span class="hint" id="ky-goi-y">
            Mã kỳ, ví dụ 2026-03 (tháng), 2026-Q1 (quý), 2026-H1 (6 tháng), 2026 (năm), NK2025-2030 (nhiệm kỳ)
          </span>
          <input
            type="text"
            id={fieldId("periodKey")}
            name="ky"
            value={v.runKey}
            aria-describedby={errors.has("periodKey") ? `ky-goi-y ${fieldId("periodKey")}-loi` : "ky-goi-y"}
          />
        </Field>
        <button type="submit" class="primary">
          Lập báo cáo
        </button>
      </form>
    </section>
  );
};

export const SchedulePage: FC<{ v: ScheduleView; viewer: Principal; csrf: string }> = ({
  v,
  viewer,
  csrf,
}) => {
  const s = v.schedule;
  const refusal = v.missing.find((m) => !m.ok);
  return (
    <Layout title={`Lịch báo cáo: ${s.name}`} viewer={viewer} csrf={csrf} current="/bao-cao">
      <p>
        <a href="/bao-cao">← Báo cáo, thống kê</a>
      </p>
      <Flash text={v.flash} />
      <dl class="facts">
        <dt>Mã lịch</dt>
        <dd>{s.code}</dd>
        <dt>Ủy ban lập báo cáo</dt>
        <dd>{s.from}</dd>
        <dt>Gửi đến</dt>
        <dd>{targetLabel(s.target, v.committees)}</dd>
        <dt>Kỳ báo cáo</dt>
        <dd>{PERIOD_TYPE_LABELS[s.periodType]}</dd>
        <dt>Chốt số liệu</dt>
        <dd>{cutoffLabel(s)}</dd>
        <dt>Lập tự động</dt>
        <dd>{s.cron ? cronLabel(s.cron) : "không; quản trị lập báo cáo khi hết nhiệm kỳ"}</dd>
        <dt>Trạng thái</dt>
        <dd>
          <ActiveBadge active={s.active} />
        </dd>
      </dl>
      {hasRole(viewer, "admin") && viewer.committeeCode === s.from && <ScheduleActions v={v} csrf={csrf} />}
      <section aria-labelledby="cac-ky">
        <h2 id="cac-ky">Các kỳ báo cáo</h2>
        {refusal && !refusal.ok && (
          <p class="muted">Danh sách ủy ban chưa gửi số liệu: {refusal.error.message}.</p>
        )}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Kỳ</th>
                <th scope="col">Thời gian, hạn gửi</th>
                <th scope="col">Báo cáo đã lập</th>
                <th scope="col">Chưa gửi số liệu</th>
              </tr>
            </thead>
            <tbody>
              {v.periods.map((p, i) => (
                <tr id={`ky-${p.key}`}>
                  <th scope="row">
                    {keyLabel(p.key)}
                    <span class="hint">{p.key}</span>
                  </th>
                  <td>
                    {dateVi(p.from)}–{dateVi(p.to)}
                    <span class="hint">Hạn gửi số liệu: {dueDayText(p.dueOn)}</span>
                  </td>
                  <td>
                    <RunCell reports={v.runs.get(p.key)} />
                  </td>
                  <td>
                    <MissingCell result={v.missing[i]!} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
};
