import { createRoute, z } from "@hono/zod-openapi";
import { withTransaction } from "../../db/db.js";
import { findDispatchesByReference } from "../../db/queries/dispatches.js";
import { attachInboundByHand, findInbound, listInbound } from "../../db/queries/inbound-messages.js";
import { CENTRAL_CODE } from "../../db/seed/committee-registry.js";
import { AppError } from "../../errors.js";
import { onlyFor } from "../../http/middleware.js";
import { createRouter } from "../../http/router.js";
import { mailInbound } from "../../jobs/catalog.js";
import { receiveInbound } from "../../mail/receive.js";
import { decodeCursor, encodeCursor, errorResponses, IdParamSchema, jsonContent } from "../schemas.js";
import { presentInbound } from "../requests/present.js";

export const inboundRoutes = createRouter();
const security = [{ bearer: [] }];
const tags = ["Thư đến"];

/** Unmatched mail may be about anyone: only the service's operators (admins of the central UBKT) triage it. */
function requireOperator(committeeCode: string, roles: string[]) {
  if (committeeCode !== CENTRAL_CODE || !roles.includes("admin")) {
    throw new AppError(
      "forbidden",
      "Chỉ quản trị viên của UBKT Đảng ủy Công an Trung ương xử lý thư chưa khớp",
    );
  }
}

inboundRoutes.openapi(
  createRoute({
    method: "post",
    path: "/mime",
    tags,
    summary: "Nhận một thư nguyên bản (RFC 5322) từ cổng thư (webhook) — quản trị",
    security,
    ...onlyFor("admin"),
    request: {
      body: {
        required: true,
        content: { "message/rfc822": { schema: z.string().openapi({ format: "binary" }) } },
      },
    },
    responses: {
      202: jsonContent(
        z.object({ id: z.uuid(), duplicate: z.boolean() }),
        "Đã lưu; sẽ được phân loại và đối chiếu",
      ),
      ...errorResponses(400, 401, 403, 413, 415),
    },
  }),
  async (c) => {
    const type = c.req.header("content-type") ?? "";
    if (!/^message\/rfc822|^application\/octet-stream/.test(type)) {
      throw new AppError("unsupported_media_type", "Thư phải gửi nguyên bản (Content-Type: message/rfc822)", [
        { field: "Content-Type", message: `nhận được “${type || "(không có)"}”` },
      ]);
    }
    const raw = Buffer.from(await c.req.arrayBuffer());
    if (!raw.length)
      throw new AppError("validation_failed", "Thư rỗng", [{ field: "body", message: "rỗng" }]);
    return c.json(await receiveInbound(c.get("deps"), raw, "webhook"), 202);
  },
);

inboundRoutes.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags,
    summary: "Thư đến chưa khớp với yêu cầu nào (hàng chờ phân loại) — quản trị UBKT Trung ương",
    security,
    request: {
      query: z.object({
        status: z.enum(["unmatched", "processed", "ignored", "received"]).default("unmatched"),
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
    responses: {
      200: jsonContent(
        z.object({ items: z.array(z.record(z.string(), z.unknown())), nextCursor: z.string().nullable() }),
        "Danh sách",
      ),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const p = c.get("principal");
    requireOperator(p.committeeCode, p.roles);
    const q = c.req.valid("query");
    const after = decodeCursor(q.cursor);
    if (q.cursor && !after)
      throw new AppError("validation_failed", "Con trỏ phân trang không hợp lệ", [
        { field: "cursor", message: "không hợp lệ" },
      ]);
    const rows = await listInbound(c.get("deps").db, { status: q.status, limit: q.limit + 1, after });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > q.limit && last ? encodeCursor({ createdAt: last.receivedAt, id: last.id }) : null;
    return c.json({ items: page.map(presentInbound), nextCursor }, 200);
  },
);

inboundRoutes.openapi(
  createRoute({
    method: "post",
    path: "/{id}/attach",
    tags,
    summary: "Gắn một thư chưa khớp vào yêu cầu (theo mã PH-…) bằng tay — quản trị UBKT Trung ương",
    security,
    request: {
      params: IdParamSchema,
      body: {
        required: true,
        content: {
          "application/json": {
            schema: z.object({ reference: z.string().regex(/^PH-\d{4}-\d{4,}$/, "dạng PH-YYYY-NNNN") }),
          },
        },
      },
    },
    responses: {
      200: jsonContent(z.record(z.string(), z.unknown()), "Đã gắn"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const p = c.get("principal");
    requireOperator(p.committeeCode, p.roles);
    const { db, queues } = c.get("deps");
    const id = c.req.valid("param").id;
    const inbound = await findInbound(db, id);
    if (!inbound) throw new AppError("not_found", "Không tìm thấy thư");
    if (inbound.status !== "unmatched")
      throw new AppError("conflict", `Thư đã ở trạng thái “${inbound.status}”, không gắn lại được`);
    const dispatches = await findDispatchesByReference(db, c.req.valid("json").reference);
    if (dispatches.length !== 1) {
      throw new AppError("not_found", "Không có yêu cầu đã gửi thư mang mã này", [
        { field: "reference", message: "không tìm thấy" },
      ]);
    }
    await withTransaction(db, (tx) => attachInboundByHand(tx, id, dispatches[0]!.id, p.tokenId));
    await queues.enqueue(mailInbound, { inboundId: id });
    return c.json(presentInbound((await findInbound(db, id))!), 200);
  },
);
