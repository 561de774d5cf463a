import { createRoute, z } from "@hono/zod-openapi";
import type { Publication } from "../../db/queries/statistics.js";
import {
  IssuedSummarySchema,
  PublicationFiguresSchema,
  PublicationSchema,
  StatisticsSchema,
  SummaryListItemSchema,
  SummarySchema,
} from "./schemas.js";
import { createRouter } from "../../http/router.js";
import {
  findSummaryDocument,
  findSummaryDocumentBytes,
  listSummaryDocuments,
} from "../../db/queries/report-summaries.js";
import { listPublications } from "../../db/queries/statistics.js";
import { CENTRAL_CODE } from "../../db/seed/committee-registry.js";
import { issueSummary } from "../../documents/summary/issue-summary.js";
import { AppError } from "../../errors.js";
import { DOCX_MIME } from "../../domain/media-types.js";
import { onlyFor } from "../../http/middleware.js";
import { PERIOD_TYPES, PeriodKeySchema } from "../../reports/periods.js";
import { publishNationalFigures } from "../../reports/statistics-publications.js";
import { computeStatistics } from "../../reports/statistics.js";
import { statisticsScopeFor } from "../../reports/statistics-scope.js";
import { errorResponses, jsonBody, jsonContent, UUID_PATTERN } from "../schemas.js";

export const statisticsRoutes = createRouter();

/** A publication as stored: its figures are the national statistics' rates, submissions and requests of then. */
const presentPublication = (p: Publication) => ({
  ...p,
  figures: PublicationFiguresSchema.parse(p.figures),
  publishedAt: p.publishedAt.toISOString(),
});

const isoDate = z.iso.date("phải là ngày dạng YYYY-MM-DD");

export const statisticsRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["Thống kê"],
  summary:
    "Số liệu phối hợp trong một khoảng thời gian: yêu cầu, trả lời đúng hạn / trễ / không trả lời, tỷ lệ",
  description:
    "UBKT Trung ương: không có `committee` hoặc `committee=ALL` là toàn quốc; `committee=<MÃ>` là riêng cặp với ủy ban đó. Ủy ban tỉnh: số liệu của chính mình, hoặc riêng cặp với UBKT Trung ương (`committee=CATW`); số liệu ủy ban khác bị từ chối (403), số liệu toàn quốc xem ở `/v1/statistics/publications`. Mỗi tỷ lệ có tử số, mẫu số, phân số và nguồn; mẫu số 0 thì ghi “không xác định” (value null). Số tỉnh chỉ tính theo danh bạ hiệu lực trong khoảng thời gian.",
  security: [{ bearer: [] }],
  request: {
    query: z
      .object({
        from: isoDate,
        to: isoDate,
        committee: z.string().max(40).optional(),
        periodType: z
          .enum(PERIOD_TYPES)
          .default("quarter")
          .describe("kỳ của số liệu do các ủy ban nộp được cộng vào"),
      })
      .refine((q) => q.from <= q.to, { message: "`to` phải sau `from`", path: ["to"] }),
  },
  responses: {
    200: jsonContent(StatisticsSchema, "Số liệu"),
    ...errorResponses(400, 401, 403),
  },
});

statisticsRoutes.openapi(statisticsRoute, async (c) => {
  const { db, clock, calendar } = c.get("deps");
  const q = c.req.valid("query");
  const p = c.get("principal");
  const scope = await statisticsScopeFor(db, p, q);
  const figures = await computeStatistics(db, calendar, scope, clock.now());
  const committee = scope.committeeId === null ? "ALL" : (q.committee ?? p.committeeCode);
  return c.json({ from: q.from, to: q.to, committee, ...figures }, 200);
});

export const listPublicationsRoute = createRoute({
  method: "get",
  path: "/publications",
  tags: ["Thống kê"],
  summary: "Số liệu toàn quốc UBKT Trung ương đã công bố, theo kỳ (mọi ủy ban xem được)",
  security: [{ bearer: [] }],
  responses: {
    200: jsonContent(z.object({ items: z.array(PublicationSchema) }), "Các kỳ đã công bố"),
    ...errorResponses(401),
  },
});

statisticsRoutes.openapi(listPublicationsRoute, async (c) => {
  const items = await listPublications(c.get("deps").db);
  return c.json({ items: items.map(presentPublication) }, 200);
});

export const publishRoute = createRoute({
  method: "post",
  path: "/publications",
  tags: ["Thống kê"],
  summary:
    "Công bố số liệu toàn quốc của một kỳ đã kết thúc (quản trị UBKT Trung ương); bản chụp không tính lại",
  security: [{ bearer: [] }],
  ...onlyFor("admin"),
  request: {
    body: jsonBody(z.object({ periodKey: PeriodKeySchema })),
  },
  responses: { 201: jsonContent(PublicationSchema, "Đã công bố"), ...errorResponses(400, 401, 403, 409) },
});

statisticsRoutes.openapi(publishRoute, async (c) => {
  const published = await publishNationalFigures(
    c.get("deps"),
    c.get("principal"),
    c.req.valid("json").periodKey,
  );
  return c.json(presentPublication(published), 201);
});

export const createSummaryRoute = createRoute({
  method: "post",
  path: "/summaries",
  tags: ["Thống kê"],
  summary:
    "Lập báo cáo tổng kết (có số) một kỳ đã qua — nhiệm kỳ, năm…: toàn quốc (UBKT Trung ương) hoặc một ủy ban (chỉ số liệu của ủy ban đó)",
  security: [{ bearer: [] }],
  ...onlyFor("admin", "approver"),
  request: {
    body: jsonBody(
      z.strictObject({
        periodKey: PeriodKeySchema.describe("NK2020-2025, 2024, …"),
        committee: z
          .string()
          .max(40)
          .optional()
          .describe("mã ủy ban; bỏ trống: toàn quốc (UBKT Trung ương) hoặc ủy ban mình"),
      }),
    ),
  },
  responses: { 201: jsonContent(IssuedSummarySchema, "Đã lập"), ...errorResponses(400, 401, 403) },
});

statisticsRoutes.openapi(createSummaryRoute, async (c) => {
  const { bytes: _bytes, ...issued } = await issueSummary(
    c.get("deps"),
    c.get("principal"),
    c.req.valid("json"),
  );
  return c.json({ ...issued, download: `/v1/statistics/summaries/${issued.id}.docx` }, 201);
});

export const listSummariesRoute = createRoute({
  method: "get",
  path: "/summaries",
  tags: ["Thống kê"],
  summary: "Các báo cáo tổng kết đã lập mà ủy ban mình được xem (UBKT Trung ương: tất cả)",
  security: [{ bearer: [] }],
  responses: {
    200: jsonContent(z.object({ items: z.array(SummaryListItemSchema) }), "Danh sách"),
    ...errorResponses(401),
  },
});

statisticsRoutes.openapi(listSummariesRoute, async (c) => {
  const p = c.get("principal");
  const items = await listSummaryDocuments(c.get("deps").db, {
    committeeId: p.committeeId,
    central: p.committeeCode === CENTRAL_CODE,
  });
  return c.json(
    {
      items: items.map((d) => ({
        ...d,
        createdAt: d.createdAt.toISOString(),
        download: `/v1/statistics/summaries/${d.id}.docx`,
      })),
    },
    200,
  );
});

statisticsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/summaries/{file}",
    tags: ["Thống kê"],
    summary: "Một báo cáo tổng kết: {id} (số liệu) hoặc {id}.docx (văn bản Word)",
    security: [{ bearer: [] }],
    request: {
      params: z.object({
        file: z
          .string()
          .regex(new RegExp(`^${UUID_PATTERN}(\\.docx)?$`), "dạng <id> hoặc <id>.docx")
          .openapi({ param: { in: "path", name: "file" } }),
      }),
    },
    responses: {
      200: {
        description: "Số liệu (JSON) hoặc tệp .docx",
        content: {
          "application/json": { schema: SummarySchema },
          [DOCX_MIME]: { schema: z.string().openapi({ format: "binary" }) },
        },
      },
      ...errorResponses(400, 401, 404),
    },
  }),
  async (c) => {
    const { db } = c.get("deps");
    const p = c.get("principal");
    const { file } = c.req.valid("param");
    const id = file.replace(/\.docx$/, "");
    const meta = await findSummaryDocument(db, id);
    // Seen by the central committee, by its issuer, and by the committee it is about; not there for anyone else.
    const mine =
      meta &&
      (p.committeeCode === CENTRAL_CODE ||
        meta.issuerCommitteeId === p.committeeId ||
        meta.scopeCommitteeId === p.committeeId);
    if (!meta || !mine) throw new AppError("not_found", "Không tìm thấy báo cáo tổng kết");
    if (!file.endsWith(".docx")) return c.json({ ...meta, createdAt: meta.createdAt.toISOString() }, 200);
    const bytes = await findSummaryDocumentBytes(db, id);
    if (!bytes) throw new Error(`summary document ${id}: found without its bytes`);
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": DOCX_MIME,
      "Content-Disposition": `attachment; filename="${meta.filename}"`,
    }) as never;
  },
);
