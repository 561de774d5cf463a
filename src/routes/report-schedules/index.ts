import { createRoute, z } from "@hono/zod-openapi";
import { findCommitteeByCode } from "../../db/queries/committees.js";
import {
  findReportSchedule,
  insertReportSchedule,
  listReportSchedules,
  type ReportSchedule,
  setReportScheduleActive,
} from "../../db/queries/report-schedules.js";
import { isUniqueViolation } from "../../db/db.js";
import { CENTRAL_CODE } from "../../db/seed/committee-registry.js";
import { AppError } from "../../errors.js";
import { onlyFor } from "../../http/middleware.js";
import { createRouter } from "../../http/router.js";
import { reportRun } from "../../jobs/catalog.js";
import {
  CutoffRuleSchema,
  cronFor,
  PERIOD_TYPES,
  PeriodKeySchema,
  REPORT_SCHEDULE_TZ,
} from "../../reports/periods.js";
import { runnablePeriod } from "../../reports/run-guard.js";
import { errorResponses, IdParamSchema, jsonContent, jsonBody } from "../schemas.js";

export const reportScheduleRoutes = createRouter();
const security = [{ bearer: [] }];
const tags = ["Báo cáo định kỳ"];

const present = (s: ReportSchedule) => ({
  id: s.id,
  code: s.code,
  name: s.name,
  from: s.fromCommittee,
  target: s.target,
  reportKind: s.reportKind,
  periodType: s.periodType,
  cutoff: s.cutoff,
  active: s.active,
  cron: cronFor(s.periodType, s.cutoff),
  tz: REPORT_SCHEDULE_TZ,
});

const ScheduleSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    from: z.string().describe("Ủy ban lập lịch (nhận báo cáo)"),
    target: z.string().describe("committee:<MÃ>, group:provinces hoặc group:all"),
    reportKind: z.string(),
    periodType: z.enum(PERIOD_TYPES),
    cutoff: z.object({
      closesOnDay: z.union([z.number().int(), z.literal("last")]),
      dueWorkingDays: z.number().int(),
    }),
    active: z.boolean(),
    cron: z.string().nullable().describe("Lịch chạy (cron, giờ Hà Nội); null: kỳ nhiệm kỳ, chạy bằng tay"),
    tz: z.string(),
  })
  .openapi("ReportSchedule");

// The domain's CutoffRuleSchema (z.custom) says what is wrong; this shape is what OpenAPI can describe.
const CutoffBodySchema = z
  .object({
    closesOnDay: z
      .union([z.number().int(), z.literal("last")])
      .describe('ngày chốt số liệu trong tháng cuối kỳ: 1–28 hoặc "last"'),
    dueWorkingDays: z.number().int().describe("báo cáo đến hạn sau bấy nhiêu ngày làm việc"),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const checked = CutoffRuleSchema.safeParse(rule);
    if (!checked.success)
      for (const i of checked.error.issues)
        ctx.addIssue({ code: "custom", path: i.path, message: i.message });
  });

const CreateSchema = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, "chữ thường, số và -"),
  name: z.string().trim().min(1, "không được để trống").max(200, "không được dài quá 200 ký tự"),
  target: z
    .string()
    .regex(
      /^(committee:[A-Z0-9][A-Z0-9-]*|group:(provinces|all))$/,
      "committee:<MÃ>, group:provinces hoặc group:all",
    ),
  periodType: z.enum(PERIOD_TYPES),
  cutoff: CutoffBodySchema,
  active: z.boolean().default(true),
});

async function syncScheduler(deps: { queues: import("../../runtime/queues.js").Queues }, s: ReportSchedule) {
  const pattern = cronFor(s.periodType, s.cutoff);
  if (s.active && pattern) {
    await deps.queues.schedule(
      reportRun,
      { pattern, tz: REPORT_SCHEDULE_TZ },
      { scheduleId: s.id },
      `report-${s.code}`,
    );
  } else await deps.queues.unschedule("maintenance", `report-${s.code}`);
}

export const listSchedulesRoute = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Lịch báo cáo định kỳ của ủy ban mình (UBKT Trung ương: tất cả)",
  security,
  responses: {
    200: jsonContent(z.object({ items: z.array(ScheduleSchema) }), "Danh sách"),
    ...errorResponses(401),
  },
});

reportScheduleRoutes.openapi(listSchedulesRoute, async (c) => {
  const p = c.get("principal");
  const rows = await listReportSchedules(
    c.get("deps").db,
    p.committeeCode === CENTRAL_CODE ? {} : { committeeId: p.committeeId },
  );
  return c.json({ items: rows.map(present) }, 200);
});

export const createScheduleRoute = createRoute({
  method: "post",
  path: "/",
  tags,
  summary:
    "Tạo lịch báo cáo của ủy ban mình (quản trị): ai báo cáo cho ai, bao lâu một lần, ngày chốt số liệu",
  security,
  ...onlyFor("admin"),
  request: { body: jsonBody(CreateSchema) },
  responses: { 201: jsonContent(ScheduleSchema, "Đã tạo"), ...errorResponses(400, 401, 403, 409) },
});

reportScheduleRoutes.openapi(createScheduleRoute, async (c) => {
  const deps = c.get("deps");
  const p = c.get("principal");
  const body = c.req.valid("json");
  if (body.target.startsWith("committee:") && !(await findCommitteeByCode(deps.db, body.target.slice(10)))) {
    throw new AppError("validation_failed", "Ủy ban nhận báo cáo không tồn tại", [
      { field: "target", message: "mã ủy ban không tồn tại" },
    ]);
  }
  try {
    const id = await insertReportSchedule(deps.db, { ...body, fromCommitteeId: p.committeeId });
    if (!body.active) await setReportScheduleActive(deps.db, id, false);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError("conflict", `Đã có lịch mã “${body.code}”`, [{ field: "code", message: "đã dùng" }]);
    throw err;
  }
  const created = await findReportSchedule(deps.db, body.code);
  if (!created) throw new Error(`report schedule ${body.code}: not found right after it was inserted`);
  await syncScheduler(deps, created);
  return c.json(present(created), 201);
});

/** A committee's admin manages its own schedules; another committee's is not there for it. */
async function findOwnSchedule(
  db: import("pg").Pool,
  committeeId: number,
  id: string,
): Promise<ReportSchedule> {
  const schedule = await findReportSchedule(db, id);
  if (!schedule || schedule.fromCommitteeId !== committeeId)
    throw new AppError("not_found", "Không tìm thấy lịch báo cáo");
  return schedule;
}

export const updateScheduleRoute = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  summary: "Bật / tắt một lịch báo cáo (quản trị)",
  security,
  ...onlyFor("admin"),
  request: {
    params: IdParamSchema,
    body: jsonBody(z.object({ active: z.boolean() })),
  },
  responses: { 200: jsonContent(ScheduleSchema, "Đã cập nhật"), ...errorResponses(400, 401, 403, 404) },
});

reportScheduleRoutes.openapi(updateScheduleRoute, async (c) => {
  const deps = c.get("deps");
  const schedule = await findOwnSchedule(deps.db, c.get("principal").committeeId, c.req.valid("param").id);
  await setReportScheduleActive(deps.db, schedule.id, c.req.valid("json").active);
  const updated = await findReportSchedule(deps.db, schedule.id);
  if (!updated) throw new Error(`report schedule ${schedule.id}: not found right after it was updated`);
  await syncScheduler(deps, updated);
  return c.json(present(updated), 200);
});

export const runScheduleRoute = createRoute({
  method: "post",
  path: "/{id}/run",
  tags,
  summary:
    "Chạy (lại) một kỳ báo cáo đã kết thúc, ví dụ kỳ bị lỡ — chạy hai lần không tạo thêm gì (quản trị); kỳ chưa kết thúc, kỳ tương lai hoặc kỳ khác loại của lịch bị từ chối (400)",
  security,
  ...onlyFor("admin"),
  request: {
    params: IdParamSchema,
    body: jsonBody(z.object({ periodKey: PeriodKeySchema })),
  },
  responses: {
    202: jsonContent(z.object({ queued: z.boolean(), periodKey: z.string() }), "Đã xếp hàng"),
    ...errorResponses(400, 401, 403, 404),
  },
});

reportScheduleRoutes.openapi(runScheduleRoute, async (c) => {
  const deps = c.get("deps");
  const schedule = await findOwnSchedule(deps.db, c.get("principal").committeeId, c.req.valid("param").id);
  const { periodKey } = c.req.valid("json");
  runnablePeriod(schedule, periodKey, deps.clock.now());
  await deps.queues.enqueue(reportRun, { scheduleId: schedule.id, periodKey });
  return c.json({ queued: true, periodKey }, 202);
});
