import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { listPublications } from "../../db/queries/statistics.js";
import { requireRole } from "../../http/middleware.js";
import { PERIOD_TYPES, PeriodKeySchema } from "../../reports/periods.js";
import { publishNationalFigures } from "../../reports/statistics-publications.js";
import { computeStatistics } from "../../reports/statistics.js";
import { statisticsScopeFor } from "../../reports/statistics-scope.js";
import { errorResponses, jsonContent } from "../schemas.js";

export const statisticsRoutes = createRouter();

const isoDate = z.iso.date("phải là ngày dạng YYYY-MM-DD");

statisticsRoutes.openapi(
  createRoute({
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
      200: jsonContent(z.record(z.string(), z.unknown()), "Số liệu"),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const { db, clock, calendar } = c.get("deps");
    const q = c.req.valid("query");
    const p = c.get("principal");
    const scope = await statisticsScopeFor(db, p, q);
    const figures = await computeStatistics(db, calendar, scope, clock.now());
    const committee = scope.committeeId === null ? "ALL" : (q.committee ?? p.committeeCode);
    return c.json({ from: q.from, to: q.to, committee, ...figures }, 200);
  },
);

const PublicationSchema = z.record(z.string(), z.unknown()).openapi("StatisticsPublication");

statisticsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/publications",
    tags: ["Thống kê"],
    summary: "Số liệu toàn quốc UBKT Trung ương đã công bố, theo kỳ (mọi ủy ban xem được)",
    security: [{ bearer: [] }],
    responses: {
      200: jsonContent(z.object({ items: z.array(PublicationSchema) }), "Các kỳ đã công bố"),
      ...errorResponses(401),
    },
  }),
  async (c) => {
    const items = await listPublications(c.get("deps").db);
    return c.json({ items: items.map((p) => ({ ...p, publishedAt: p.publishedAt.toISOString() })) }, 200);
  },
);

statisticsRoutes.openapi(
  createRoute({
    method: "post",
    path: "/publications",
    tags: ["Thống kê"],
    summary: "Công bố số liệu toàn quốc của một kỳ đã kết thúc (quản trị UBKT Trung ương); bản chụp không tính lại",
    security: [{ bearer: [] }],
    middleware: [requireRole("admin")] as const,
    request: {
      body: { required: true, content: { "application/json": { schema: z.object({ periodKey: PeriodKeySchema }) } } },
    },
    responses: { 201: jsonContent(PublicationSchema, "Đã công bố"), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    const published = await publishNationalFigures(c.get("deps"), c.get("principal"), c.req.valid("json").periodKey);
    return c.json({ ...published, publishedAt: published.publishedAt.toISOString() }, 201);
  },
);
