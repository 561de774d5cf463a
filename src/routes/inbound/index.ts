import { createRoute, z } from "@hono/zod-openapi";
import { withTransaction } from "../../db/db.js";
import { findDispatchesByReference } from "../../db/queries/dispatches.js";
import { attachInboundByHand, findInbound, listInbound } from "../../db/queries/inbound-messages.js";
import { CENTRAL_CODE } from "../../db/seed/committee-registry.js";
import { GATEWAY_ROLE } from "../../domain/request-state.js";
import { AppError } from "../../errors.js";
import { onlyFor } from "../../http/middleware.js";
import { createRouter } from "../../http/router.js";
import { mailInbound } from "../../jobs/catalog.js";
import { receiveInbound } from "../../mail/receive.js";
import { reviewInbound } from "../../mail/review-inbound.js";
import {
  decodeCursor,
  encodeCursor,
  errorResponses,
  IdParamSchema,
  jsonContent,
  pageOf,
  RequestReferenceBodySchema,
  jsonBody,
} from "../schemas.js";
import { presentInbound } from "../requests/present.js";
import { InboundSchema } from "../requests/schemas.js";

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
    summary: "Nhận một thư nguyên bản (RFC 5322) từ cổng thư (webhook) — chỉ mã của cổng thư (mail_gateway)",
    description:
      "Dành cho cổng thư (MTA) với mã tạo bằng `phoihop token create --gateway`; quản trị viên của một ủy ban không gửi được thư vào đây. Mỗi thư ghi lại mã đã gửi nó.",
    security,
    ...onlyFor(GATEWAY_ROLE),
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
    const gateway = c.get("principal");
    const stored = await receiveInbound(c.get("deps"), raw, "webhook", gateway.tokenId);
    c.get("deps").log.info(
      `inbound webhook: message ${stored.id}${stored.duplicate ? " (duplicate)" : ""} from gateway token ${gateway.tokenId}`,
    );
    return c.json(stored, 202);
  },
);

export const listInboundRoute = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Thư đến cần người xem (hàng chờ phân loại) — quản trị UBKT Trung ương",
  security,
  request: {
    query: z.object({
      status: z
        .enum(["triage", "review", "unmatched", "failed", "processed", "ignored", "received"])
        .default("triage")
        .describe(
          "triage: mọi thư cần người xem (chưa khớp, lỗi xử lý, hoặc đã khớp nhưng chờ xem xét); review: chỉ thư chờ xem xét",
        ),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(InboundSchema), nextCursor: z.string().nullable() }),
      "Danh sách",
    ),
    ...errorResponses(400, 401, 403),
  },
});

inboundRoutes.openapi(listInboundRoute, async (c) => {
  const p = c.get("principal");
  requireOperator(p.committeeCode, p.roles);
  const q = c.req.valid("query");
  const after = decodeCursor(q.cursor);
  if (q.cursor && !after)
    throw new AppError("validation_failed", "Con trỏ phân trang không hợp lệ", [
      { field: "cursor", message: "không hợp lệ" },
    ]);
  const rows = await listInbound(c.get("deps").db, { status: q.status, limit: q.limit + 1, after });
  const { page, nextCursor } = pageOf(rows, q.limit, (last) =>
    encodeCursor({ createdAt: last.receivedAt, id: last.id }),
  );
  return c.json({ items: page.map(presentInbound), nextCursor }, 200);
});

export const attachInboundRoute = createRoute({
  method: "post",
  path: "/{id}/attach",
  tags,
  summary: "Gắn một thư chưa khớp vào yêu cầu (theo mã PH-…) bằng tay — quản trị UBKT Trung ương",
  security,
  request: {
    params: IdParamSchema,
    body: jsonBody(RequestReferenceBodySchema),
  },
  responses: {
    200: jsonContent(InboundSchema, "Đã gắn"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

inboundRoutes.openapi(attachInboundRoute, async (c) => {
  const p = c.get("principal");
  requireOperator(p.committeeCode, p.roles);
  const { db, queues } = c.get("deps");
  const id = c.req.valid("param").id;
  const inbound = await findInbound(db, id);
  if (!inbound) throw new AppError("not_found", "Không tìm thấy thư");
  if (inbound.status !== "unmatched")
    throw new AppError("conflict", `Thư đã ở trạng thái “${inbound.status}”, không gắn lại được`);
  const [dispatch, ...others] = await findDispatchesByReference(db, c.req.valid("json").reference);
  if (!dispatch || others.length) {
    throw new AppError("not_found", "Không có yêu cầu đã gửi thư mang mã này", [
      { field: "reference", message: "không tìm thấy" },
    ]);
  }
  await withTransaction(db, (tx) => attachInboundByHand(tx, id, dispatch.id, p.tokenId));
  await queues.enqueue(mailInbound, { inboundId: id });
  const attached = await findInbound(db, id);
  if (!attached) throw new Error(`inbound ${id}: gone right after it was attached`);
  return c.json(presentInbound(attached), 200);
});

export const reviewInboundRoute = createRoute({
  method: "post",
  path: "/{id}/review",
  tags,
  summary:
    "Xác nhận (tính là trả lời / lỗi gửi) hoặc bỏ qua một thư đã khớp nhưng chờ xem xét — ủy ban gửi yêu cầu, quản trị UBKT Trung ương",
  security,
  request: {
    params: IdParamSchema,
    body: jsonBody(
      z.object({
        outcome: z
          .enum(["confirmed", "dismissed"])
          .describe("confirmed: thư được tính như thư tin cậy; dismissed: không tính, không thay đổi gì"),
      }),
    ),
  },
  responses: {
    200: jsonContent(InboundSchema, "Đã ghi nhận"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

inboundRoutes.openapi(reviewInboundRoute, async (c) => {
  const { db, clock } = c.get("deps");
  const reviewed = await reviewInbound(
    db,
    c.get("principal"),
    c.req.valid("param").id,
    c.req.valid("json").outcome,
    clock.now(),
  );
  return c.json(presentInbound(reviewed), 200);
});
