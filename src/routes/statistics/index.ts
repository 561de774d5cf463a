import { createRoute, z } from "@hono/zod-openapi";
import { findCommitteeByCode } from "../../db/queries/committees.js";
import { CENTRAL_CODE } from "../../db/seed/committee-registry.js";
import { AppError } from "../../errors.js";
import { createRouter } from "../../http/router.js";
import { PERIOD_TYPES } from "../../reports/periods.js";
import { computeStatistics } from "../../reports/statistics.js";
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
      "Không có `committee`: các yêu cầu mà ủy ban mình là một bên (UBKT Trung ương: `committee=ALL` cho toàn bộ). Có `committee`: riêng cặp ủy ban mình – ủy ban đó. Tỷ lệ là phân số chính xác; mẫu số 0 thì ghi “không xác định”.",
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
    let committeeId: number | null = p.committeeId;
    let counterpartId: number | null = null;
    if (q.committee === "ALL") {
      if (p.committeeCode !== CENTRAL_CODE)
        throw new AppError("forbidden", "Chỉ UBKT Đảng ủy Công an Trung ương xem số liệu toàn bộ");
      committeeId = null;
    } else if (q.committee) {
      const other = await findCommitteeByCode(db, q.committee);
      if (!other)
        throw new AppError("validation_failed", `Không có ủy ban kiểm tra mã ${q.committee}`, [
          { field: "query.committee", message: "mã ủy ban không tồn tại" },
        ]);
      counterpartId = other.id;
    }
    const figures = await computeStatistics(
      db,
      calendar,
      { from: q.from, to: q.to, committeeId, counterpartId, periodType: q.periodType },
      clock.now(),
    );
    return c.json({ from: q.from, to: q.to, committee: q.committee ?? p.committeeCode, ...figures }, 200);
  },
);
