import { createRoute, z } from "@hono/zod-openapi";
import { findCommitteeByCode } from "../../db/queries/committees.js";
import {
  findReportSubmission,
  listCommitteesMissingSubmission,
  listCurrentReportSubmissions,
  listReportSubmissionVersions,
  type ReportSubmissionRow,
} from "../../db/queries/report-submissions.js";
import { dateInVietnam, isoDate } from "../../domain/vn-format.js";
import { AppError, detailsFromIssues } from "../../errors.js";
import { onlyFor } from "../../http/middleware.js";
import { createRouter } from "../../http/router.js";
import {
  IMPORT_MAX_BYTES,
  importPastFigures,
  readCsvTable,
  readXlsxTable,
  XLSX_MIME,
} from "../../reports/past-figures-import.js";
import { PeriodKeySchema, parsePeriodKey, periodDates } from "../../reports/periods.js";
import {
  CorrectFiguresSchema,
  canSeeSubmission,
  correctFigures,
  FiguresSchema,
  isCentral,
  SUBMISSION_CUTOFF,
  SubmitFiguresSchema,
  submitFigures,
} from "../../reports/submissions.js";
import {
  decodeCursor,
  encodeCursor,
  pageOf,
  errorResponses,
  IdParamSchema,
  jsonContent,
  jsonBody,
} from "../schemas.js";

export const reportSubmissionRoutes = createRouter();
const security = [{ bearer: [] }];
const tags = ["Số liệu báo cáo định kỳ"];

const SubmissionSchema = z
  .object({
    id: z.uuid(),
    committee: z.string().openapi({ example: "NGHE-AN" }),
    periodKey: z.string().openapi({ example: "2026-Q2" }),
    version: z.int(),
    current: z.boolean(),
    figures: FiguresSchema,
    note: z.string(),
    reason: z.string().nullable().describe("Lý do sửa (từ bản 2 trở đi)"),
    submittedBy: z.uuid().nullable().describe("Mã truy cập đã gửi bản này"),
    submittedAt: z.string(),
    supersededAt: z.string().nullable(),
  })
  .openapi("ReportSubmission");

const SubmissionDetailSchema = SubmissionSchema.extend({
  history: z.array(SubmissionSchema).describe("Mọi bản của báo cáo này, mới nhất trước"),
}).openapi("ReportSubmissionDetail");

const present = (r: ReportSubmissionRow) => ({
  id: r.id,
  committee: r.committeeCode,
  periodKey: r.periodKey,
  version: r.version,
  current: r.supersededAt === null,
  // Parsed again: stored rows are checked, and the pairs come back in their declared order (jsonb reorders keys).
  figures: FiguresSchema.parse(r.figures),
  note: r.note,
  reason: r.reason,
  submittedBy: r.submittedBy,
  submittedAt: r.submittedAt.toISOString(),
  supersededAt: r.supersededAt?.toISOString() ?? null,
  recordedAfterFact: r.recordedAfterFact,
});

/**
 * The default hook, except that an unknown key is named by its own path (`figures.foo`), not by the object that
 * holds it: zod reports all of an object's unknown keys in one issue whose path is the object's.
 */
function nameUnknownKeys(result: {
  target: string;
  success: boolean;
  error?: { issues: ReadonlyArray<{ code: string; path: PropertyKey[]; message: string; keys?: string[] }> };
}): undefined {
  if (result.success || !result.error) return undefined;
  const issues = result.error.issues.flatMap((i) =>
    i.code === "unrecognized_keys" && i.keys ? i.keys.map((k) => ({ ...i, path: [...i.path, k] })) : [i],
  );
  throw new AppError(
    "validation_failed",
    "Dữ liệu gửi lên không hợp lệ",
    detailsFromIssues(issues, result.target === "json" ? "" : result.target),
  );
}

reportSubmissionRoutes.openapi(
  createRoute({
    method: "post",
    path: "/import",
    tags,
    summary:
      "Ghi nhận số liệu các kỳ đã qua (nhập hàng loạt từ CSV hoặc XLSX) — quản trị UBKT Trung ương; nhập tất cả hoặc không nhập gì",
    description:
      "Một dòng một đơn vị một kỳ. Cột: committee, periodKey, note, và <tên>_total, <tên>_coordinated cho mỗi số liệu (inspections, supervisions, organisations, members, denunciations, disciplined; thematicPlans, staffRequestedByProvince, staffRequestedByCentral có thể để trống). Lỗi nêu dòng và cột (dòng 1 là tiêu đề); có lỗi thì không ghi dòng nào. Các dòng được ghi đánh dấu là ghi nhận sau, kèm người ghi và thời điểm.",
    security,
    ...onlyFor("admin"),
    request: {
      body: {
        required: true,
        content: {
          "text/csv": { schema: z.string().openapi({ format: "binary" }) },
          [XLSX_MIME]: { schema: z.string().openapi({ format: "binary" }) },
        },
      },
    },
    responses: {
      201: jsonContent(
        z.object({
          importId: z.uuid(),
          inserted: z.number(),
          rows: z.array(z.object({ row: z.number(), committee: z.string(), periodKey: z.string() })),
        }),
        "Đã ghi",
      ),
      ...errorResponses(400, 401, 403, 413, 415),
    },
  }),
  async (c) => {
    if (!isCentral(c.get("principal")))
      throw new AppError(
        "forbidden",
        "Chỉ quản trị của UBKT Đảng ủy Công an Trung ương ghi nhận số liệu các kỳ đã qua",
      );
    const type = c.req.header("content-type")?.split(";")[0]?.trim() ?? "";
    if (type !== "text/csv" && type !== XLSX_MIME)
      throw new AppError("unsupported_media_type", "Bảng số liệu phải là CSV (text/csv) hoặc XLSX", [
        { field: "Content-Type", message: `nhận được “${type || "(không có)"}”` },
      ]);
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length > IMPORT_MAX_BYTES)
      throw new AppError("payload_too_large", "Bảng số liệu quá lớn (tối đa 5 MB)", [
        { field: "body", message: "quá 5 MB" },
      ]);
    const table = type === "text/csv" ? readCsvTable(bytes) : await readXlsxTable(bytes);
    return c.json(await importPastFigures(c.get("deps"), c.get("principal"), table), 201);
  },
);

export const createSubmissionRoute = createRoute({
  method: "post",
  path: "/",
  tags,
  summary: "Gửi số liệu của ủy ban mình cho một kỳ báo cáo (bản 1)",
  description:
    "Kỳ phải đã kết thúc và chưa quá 180 ngày. Mỗi ủy ban gửi một lần cho một kỳ; để sửa, dùng PUT /v1/report-submissions/{id}.",
  security,
  ...onlyFor("clerk", "approver"),
  request: { body: jsonBody(SubmitFiguresSchema) },
  responses: {
    201: jsonContent(SubmissionSchema, "Đã ghi nhận"),
    ...errorResponses(400, 401, 403, 409, 413, 415),
  },
});

reportSubmissionRoutes.openapi(
  createSubmissionRoute,
  async (c) => {
    const row = await submitFigures(c.get("deps"), c.get("principal"), c.req.valid("json"));
    return c.json(present(row), 201);
  },
  nameUnknownKeys,
);

const ListQuerySchema = z.object({
  periodKey: PeriodKeySchema.optional(),
  committee: z
    .string()
    .max(40)
    .optional()
    .describe("Mã ủy ban (UBKT Trung ương: bất kỳ; ủy ban khác: của mình)"),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const listSubmissionsRoute = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Số liệu hiện hành đã gửi: của ủy ban mình (UBKT Trung ương: của mọi ủy ban)",
  security,
  request: { query: ListQuerySchema },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(SubmissionSchema), nextCursor: z.string().nullable() }),
      "Danh sách",
    ),
    ...errorResponses(400, 401, 403),
  },
});

reportSubmissionRoutes.openapi(listSubmissionsRoute, async (c) => {
  const { db } = c.get("deps");
  const actor = c.get("principal");
  const q = c.req.valid("query");
  const after = decodeCursor(q.cursor);
  if (q.cursor && !after)
    throw new AppError("validation_failed", "Con trỏ phân trang không hợp lệ", [
      { field: "query.cursor", message: "không hợp lệ" },
    ]);
  let committeeId: number | undefined = isCentral(actor) ? undefined : actor.committeeId;
  if (q.committee && q.committee !== actor.committeeCode) {
    if (!isCentral(actor))
      throw new AppError("forbidden", "Chỉ UBKT Đảng ủy Công an Trung ương xem số liệu của ủy ban khác");
    const committee = await findCommitteeByCode(db, q.committee);
    if (!committee)
      throw new AppError("validation_failed", `Không có ủy ban kiểm tra mã ${q.committee}`, [
        { field: "query.committee", message: "mã ủy ban không tồn tại" },
      ]);
    committeeId = committee.id;
  } else if (q.committee) committeeId = actor.committeeId;
  const rows = await listCurrentReportSubmissions(db, {
    committeeId,
    periodKey: q.periodKey,
    after,
    limit: q.limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, q.limit, (last) =>
    encodeCursor({ createdAt: last.submittedAt, id: last.id }),
  );
  return c.json(
    {
      items: page.map(present),
      nextCursor,
    },
    200,
  );
});

// Declared before /{id}, which would otherwise take "missing" for an id.
export const missingSubmissionsRoute = createRoute({
  method: "get",
  path: "/missing",
  tags,
  summary: "Các UBKT tỉnh, thành chưa gửi số liệu của một kỳ (UBKT Trung ương) — để nhắc",
  security,
  request: { query: z.object({ periodKey: PeriodKeySchema }) },
  responses: {
    200: jsonContent(
      z.object({
        periodKey: z.string(),
        count: z.int(),
        items: z.array(z.object({ code: z.string(), name: z.string(), email: z.string() })),
      }),
      "Danh sách ủy ban chưa gửi",
    ),
    ...errorResponses(400, 401, 403),
  },
});

reportSubmissionRoutes.openapi(missingSubmissionsRoute, async (c) => {
  const { db, clock } = c.get("deps");
  if (!isCentral(c.get("principal")))
    throw new AppError("forbidden", "Chỉ UBKT Đảng ủy Công an Trung ương xem danh sách chưa gửi số liệu");
  const { periodKey } = c.req.valid("query");
  const { from, to } = periodDates(parsePeriodKey(periodKey), SUBMISSION_CUTOFF);
  const missing = await listCommitteesMissingSubmission(db, {
    periodKey,
    date: isoDate(dateInVietnam(clock.now())),
    from,
    to,
  });
  return c.json(
    {
      periodKey,
      count: missing.length,
      items: missing.map(({ code, name, email }) => ({ code, name, email })),
    },
    200,
  );
});

export const getSubmissionRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  summary: "Một bản số liệu, kèm mọi bản của cùng ủy ban và kỳ (mới nhất trước)",
  security,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(SubmissionDetailSchema, "Chi tiết"), ...errorResponses(400, 401, 404) },
});

reportSubmissionRoutes.openapi(getSubmissionRoute, async (c) => {
  const { db } = c.get("deps");
  const row = await findReportSubmission(db, c.req.valid("param").id);
  if (!row || !canSeeSubmission(c.get("principal"), row))
    throw new AppError("not_found", "Không tìm thấy báo cáo số liệu");
  const history = await listReportSubmissionVersions(db, row);
  return c.json({ ...present(row), history: history.map(present) }, 200);
});

export const updateSubmissionRoute = createRoute({
  method: "put",
  path: "/{id}",
  tags,
  summary: "Sửa số liệu đã gửi: tạo bản mới (bản trước được giữ lại, đánh dấu đã thay thế)",
  description: "Chỉ sửa được bản hiện hành, của ủy ban mình, trong 180 ngày kể từ khi kỳ kết thúc.",
  security,
  ...onlyFor("clerk", "approver"),
  request: {
    params: IdParamSchema,
    body: jsonBody(CorrectFiguresSchema),
  },
  responses: {
    200: jsonContent(SubmissionSchema, "Bản mới"),
    ...errorResponses(400, 401, 403, 404, 409, 413, 415),
  },
});

reportSubmissionRoutes.openapi(
  updateSubmissionRoute,
  async (c) => {
    const row = await correctFigures(
      c.get("deps"),
      c.get("principal"),
      c.req.valid("param").id,
      c.req.valid("json"),
    );
    return c.json(present(row), 200);
  },
  nameUnknownKeys,
);
