import type { Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Principal } from "../../auth/tokens.js";
import type { RequestStatus } from "../../domain/request-state.js";
import {
  lastClosedPeriod,
  PeriodError,
  parsePeriodKey,
  periodBounds,
  periodKey,
  previousPeriod,
  safeParsePeriodKey,
} from "../../reports/periods.js";
import { periodLabel } from "../../reports/run-report.js";
import type { ApiError, ApiResult } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { dateVi } from "../format.js";
import { must, PageError } from "../guards.js";
import { CsrfField, ErrorSummary, Flash, fieldId, isAdmin, Layout } from "../layout.js";
import { statusTone } from "../request-labels.js";
import {
  ActiveBadge,
  type Committee,
  cutoffLabel,
  errorsByField,
  Field,
  PERIOD_TYPE_LABELS,
  type Schedule,
  targetLabel,
} from "./report-common.js";

// One schedule (/bao-cao/lich/:code): its periods, the reports its runs made, who has not sent figures; admin actions.

interface ReportRequest {
  id: string;
  reference: string;
  to: string;
  status: RequestStatus;
  statusLabel: string;
  payload: { scheduleCode?: string; periodKey?: string };
}

interface Missing {
  periodKey: string;
  count: number;
  items: { code: string; name: string; email: string }[];
}

const FLASHES: Record<string, string> = {
  bat: "Đã bật lịch: báo cáo sẽ được lập tự động theo lịch.",
  tat: "Đã tạm dừng lịch: không lập báo cáo tự động cho đến khi bật lại.",
  chay: "Đã xếp hàng lập báo cáo cho kỳ đã chọn; báo cáo xuất hiện ở bảng dưới sau ít phút.",
};

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

// ---------- One schedule: its periods, runs and who has not submitted ----------

/** Report requests the schedule's runs created and the viewer may see, by period (at most 500 looked at). */
async function runsBySchedule(c: Context<WebEnv>, code: string): Promise<Map<string, ReportRequest[]>> {
  const runs = new Map<string, ReportRequest[]>();
  let cursor: string | null = null;
  for (let page = 0; page < 5; page++) {
    const path: string = `/v1/requests?kind=periodic_report&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const body: { items: ReportRequest[]; nextCursor: string | null } = must(await c.get("api").get(path));
    for (const r of body.items) {
      if (r.payload.scheduleCode !== code || !r.payload.periodKey) continue;
      runs.set(r.payload.periodKey, [...(runs.get(r.payload.periodKey) ?? []), r]);
    }
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return runs;
}

/** The last three closed periods and every period that has run, newest first (six at most). */
function periodsToShow(s: Schedule, now: Date, ran: Iterable<string>): string[] {
  const keys = new Set(ran);
  try {
    let p = lastClosedPeriod(s.periodType, now, s.cutoff);
    for (let i = 0; i < 3; i++, p = previousPeriod(p)) keys.add(periodKey(p));
  } catch (err) {
    if (!(err instanceof PeriodError)) throw err; // before the first known party term: nothing closed yet
  }
  return [...keys].sort().reverse().slice(0, 6);
}

/** Who of the schedule's recipients has not submitted figures for the period (the API lists every province). */
function missingOf(s: Schedule, result: ApiResult<Missing>): ApiResult<Missing> {
  if (!result.ok || !s.target.startsWith("committee:")) return result;
  const items = result.body.items.filter((i) => i.code === s.target.slice("committee:".length));
  return { ...result, body: { ...result.body, items, count: items.length } };
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
      {reports.length} báo cáo{" "}
      <a href="/yeu-cau?kind=periodic_report" class="muted">
        (xem danh sách)
      </a>
      <span class="hint">{[...byStatus].map(([label, n]) => `${label}: ${n}`).join("; ")}</span>
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
        <span class="badge warn">{items.length} ủy ban chưa gửi</span>
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

interface ScheduleView {
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

const SchedulePage: FC<{ v: ScheduleView; viewer: Principal; csrf: string }> = ({ v, viewer, csrf }) => {
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
      {isAdmin(viewer) && viewer.committeeCode === s.from && <ScheduleActions v={v} csrf={csrf} />}
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
                    <span class="hint">Hạn gửi: {dateVi(p.dueOn)}</span>
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

async function loadSchedule(c: Context<WebEnv>, code: string) {
  const api = c.get("api");
  const [schedules, committees] = await Promise.all([
    api.get<{ items: Schedule[] }>("/v1/report-schedules"),
    api.get<{ items: Committee[] }>("/v1/committees"),
  ]);
  const schedule = must(schedules).items.find((s) => s.code === code);
  if (!schedule) throw new PageError(404, "Không tìm thấy lịch báo cáo");
  return { schedule, committees: must(committees).items };
}

async function showSchedule(
  c: Context<WebEnv>,
  extra: { runKey?: string; runError?: ApiError } = {},
  status: ContentfulStatusCode = 200,
) {
  const { schedule, committees } = await loadSchedule(c, c.req.param("code") ?? "");
  const { clock, calendar } = c.get("deps");
  const runs = await runsBySchedule(c, schedule.code);
  const keys = periodsToShow(schedule, clock.now(), runs.keys());
  const periods = keys.map((key) => ({
    key,
    ...periodBounds(parsePeriodKey(key), schedule.cutoff, calendar),
  }));
  const missing = await Promise.all(
    keys.map(async (key) =>
      missingOf(
        schedule,
        await c
          .get("api")
          .get<Missing>(`/v1/report-submissions/missing?periodKey=${encodeURIComponent(key)}`),
      ),
    ),
  );
  const da = c.req.query("da");
  const v: ScheduleView = {
    schedule,
    committees,
    periods,
    runs,
    missing,
    runKey: extra.runKey ?? keys.find((k) => !runs.has(k)) ?? keys[0] ?? "",
    runError: extra.runError,
    flash: da ? FLASHES[da] : undefined,
  };
  return c.html(<SchedulePage v={v} viewer={c.get("viewer")!} csrf={c.get("csrf")} />, status);
}

async function formText(c: Context<WebEnv>, name: string): Promise<string> {
  const value = (await c.req.parseBody())[name];
  return typeof value === "string" ? value.trim() : "";
}

export function registerSchedulePages(web: Hono<WebEnv>): void {
  web.get("/bao-cao/lich/:code", (c) => showSchedule(c));

  web.post("/bao-cao/lich/:code/trang-thai", async (c) => {
    const { schedule } = await loadSchedule(c, c.req.param("code"));
    const active = (await formText(c, "bat")) === "1";
    must(await c.get("api").send("PATCH", `/v1/report-schedules/${schedule.id}`, { active }));
    return c.redirect(`/bao-cao/lich/${schedule.code}?da=${active ? "bat" : "tat"}`, 303);
  });

  web.post("/bao-cao/lich/:code/chay", async (c) => {
    const { schedule } = await loadSchedule(c, c.req.param("code"));
    const key = await formText(c, "ky");
    const res = await c
      .get("api")
      .send("POST", `/v1/report-schedules/${schedule.id}/run`, { periodKey: key });
    if (!res.ok && res.status === 400) return showSchedule(c, { runKey: key, runError: res.error }, 400);
    must(res);
    return c.redirect(`/bao-cao/lich/${schedule.code}?da=chay#ky-${key}`, 303);
  });
}
