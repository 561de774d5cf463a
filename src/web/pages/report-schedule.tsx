import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  lastClosedPeriod,
  PeriodError,
  parsePeriodKey,
  periodBounds,
  periodKey,
  previousPeriod,
} from "../../reports/periods.js";
import type { ApiError, ApiResult } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { redirectWithFlash, takeFlash } from "../flash.js";
import { must, PageError, refusalOf } from "../guards.js";
import { listCommittees } from "../committee-list.js";
import type { Schedule } from "./report-common.js";
import { type Missing, type ReportRequest, SchedulePage, type ScheduleView } from "./report-schedule-view.js";

// One schedule (/bao-cao/lich/:code): its periods, the reports its runs made, who has not sent figures; admin actions.
// The page's markup is in report-schedule-view.tsx.

// ---------- One schedule: its periods, runs and who has not submitted ----------

/** Report requests the schedule's runs created and the viewer may see, by period (the latest 500 at most). */
async function runsBySchedule(c: Context<WebEnv>, code: string): Promise<Map<string, ReportRequest[]>> {
  const runs = new Map<string, ReportRequest[]>();
  let cursor: string | undefined;
  for (let page = 0; page < 5; page++) {
    const query: Record<string, string | undefined> = {
      kind: "periodic_report",
      schedule: code,
      limit: "100",
      cursor,
    };
    const body = must(await c.get("api").get("/v1/requests", { query }));
    for (const r of body.items) {
      const key = r.payload.periodKey;
      if (typeof key !== "string" || !key) continue;
      runs.set(key, [...(runs.get(key) ?? []), r]);
    }
    cursor = body.nextCursor ?? undefined;
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

async function loadSchedule(c: Context<WebEnv>, code: string) {
  const api = c.get("api");
  const [schedules, committees] = await Promise.all([api.get("/v1/report-schedules"), listCommittees(c)]);
  const schedule = must(schedules).items.find((s) => s.code === code);
  if (!schedule) throw new PageError(404, "Không tìm thấy lịch báo cáo");
  return { schedule, committees };
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
  const missingFor = async (key: string) =>
    missingOf(
      schedule,
      await c.get("api").get("/v1/report-submissions/missing", { query: { periodKey: key } }),
    );
  // Only the central committee may ask who has not submitted: one refusal stands for every period.
  const first = keys.length ? await missingFor(keys[0]!) : undefined;
  const missing =
    first && !first.ok && refusalOf(first.error) === "forbidden"
      ? keys.map(() => first)
      : [...(first ? [first] : []), ...(await Promise.all(keys.slice(1).map(missingFor)))];
  const v: ScheduleView = {
    schedule,
    committees,
    periods,
    runs,
    missing,
    runKey: extra.runKey ?? keys.find((k) => !runs.has(k)) ?? keys[0] ?? "",
    runError: extra.runError,
    flash: takeFlash(c),
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
    must(
      await c
        .get("api")
        .send("PATCH", "/v1/report-schedules/{id}", { param: { id: schedule.id }, json: { active } }),
    );
    return redirectWithFlash(
      c,
      `/bao-cao/lich/${schedule.code}`,
      active
        ? "Đã bật lịch: báo cáo sẽ được lập tự động theo lịch."
        : "Đã tạm dừng lịch: không lập báo cáo tự động cho đến khi bật lại.",
    );
  });

  web.post("/bao-cao/lich/:code/chay", async (c) => {
    const { schedule } = await loadSchedule(c, c.req.param("code"));
    const key = await formText(c, "ky");
    const res = await c.get("api").send("POST", "/v1/report-schedules/{id}/run", {
      param: { id: schedule.id },
      json: { periodKey: key },
    });
    if (!res.ok && refusalOf(res.error) === "validation")
      return showSchedule(c, { runKey: key, runError: res.error }, 400);
    must(res);
    return redirectWithFlash(
      c,
      `/bao-cao/lich/${schedule.code}#ky-${key}`,
      "Đã xếp hàng lập báo cáo cho kỳ đã chọn; báo cáo xuất hiện ở bảng dưới sau ít phút.",
    );
  });
}
