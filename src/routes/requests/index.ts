import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { findRequestDetail } from "../../db/queries/request-detail.js";
import { isCounterpartOf, isVisibleTo, listRequests } from "../../db/queries/requests.js";
import { findCommitteeByCode } from "../../db/queries/committees.js";
import { isoDate } from "../../domain/kinds/payload-fields.js";
import { KIND_NAMES } from "../../domain/kinds/index.js";
import { REQUEST_STATUSES, rolesFor, type UserAction } from "../../domain/request-state.js";
import { AppError } from "../../errors.js";
import { hasBody, onlyFor } from "../../http/middleware.js";
import { documentRender } from "../../jobs/catalog.js";
import { CLASSIFICATIONS, createRequest, CreateRequestSchema } from "../../requests/create-request.js";
import { applyUserAction } from "../../requests/transition-request.js";
import {
  decodeCursor,
  encodeCursor,
  pageOf,
  errorResponses,
  IdParamSchema,
  jsonContent,
  jsonBody,
} from "../schemas.js";
import { recordAnswer } from "../../requests/record-answer.js";
import { searchTerms, tsqueryOf } from "../../search/query.js";
import { followRoutes } from "./follow.js";
import { previewIssuedOn, previewOf, previewRoutes } from "./preview.js";
import { RequestDetailResponseSchema, RequestListSchema, RequestSchema } from "./schemas.js";
import { presentForCounterpart, presentForFiler, presentListItem, presentRequest } from "./present.js";

const IdempotencyHeaderSchema = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, "1–200 ký tự in được, không có khoảng trắng")
    .optional()
    .openapi({ param: { in: "header", name: "idempotency-key" } }),
});

const ListQuerySchema = z
  .object({
    status: z.enum(REQUEST_STATUSES).optional(),
    kind: z.enum(KIND_NAMES as [string, ...string[]]).optional(),
    counterpart: z.string().max(40).optional().describe("Mã ủy ban bên kia"),
    overdue: z
      .enum(["true", "false"], { error: "phải là true hoặc false" })
      .transform((v) => v === "true")
      .optional()
      .describe("true: chỉ yêu cầu có thư đã quá hạn trả lời mà chưa được trả lời; false: không có"),
    schedule: z
      .string()
      .max(61)
      .optional()
      .describe("Chỉ các báo cáo định kỳ do lịch có mã này lập (kind=periodic_report)"),
    from: isoDate.optional().describe("Tạo từ ngày (YYYY-MM-DD, giờ Hà Nội)"),
    to: isoDate.optional().describe("Tạo đến hết ngày (YYYY-MM-DD, giờ Hà Nội)"),
    q: z
      .string()
      .max(200)
      .optional()
      .describe("Tìm trong mã, trích yếu và nội dung yêu cầu (gõ không dấu cũng được)"),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "ngày kết thúc phải sau ngày bắt đầu",
    path: ["to"],
  });

const NoteSchema = z.object({ note: z.string().trim().max(2000).optional() });

/** Approval may also set the secrecy level; below the kind's minimum only with a reason, which the trail keeps. */
const ApproveSchema = NoteSchema.extend({
  classification: z
    .enum(CLASSIFICATIONS)
    .optional()
    .describe("Độ mật khi ban hành (người phê duyệt có thể nâng hoặc hạ)"),
  classificationReason: z
    .string()
    .trim()
    .min(10, "lý do ít nhất 10 ký tự")
    .max(500)
    .optional()
    .describe("Lý do, bắt buộc khi hạ dưới mức tối thiểu của loại yêu cầu"),
});

const security = [{ bearer: [] }];

export const createRequestRoute = createRoute({
  method: "post",
  path: "/",
  tags: ["Yêu cầu phối hợp"],
  summary: "Tạo yêu cầu phối hợp (dự thảo)",
  security,
  ...onlyFor("clerk", "approver"),
  request: {
    headers: IdempotencyHeaderSchema,
    body: jsonBody(CreateRequestSchema),
  },
  responses: {
    201: jsonContent(RequestSchema, "Đã tạo"),
    200: jsonContent(RequestSchema, "Cùng Idempotency-Key: yêu cầu đã tạo trước đó"),
    ...errorResponses(400, 401, 403, 409, 413, 415),
  },
});

export const listRequestsRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["Yêu cầu phối hợp"],
  summary: "Danh sách yêu cầu mà ủy ban của mình là một bên",
  security,
  request: { query: ListQuerySchema },
  responses: {
    200: jsonContent(RequestListSchema, "Danh sách"),
    ...errorResponses(400, 401),
  },
});

export const getRequestRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Yêu cầu phối hợp"],
  summary: "Chi tiết yêu cầu, kèm nhật ký, văn bản và thư",
  security,
  request: { params: IdParamSchema },
  responses: {
    200: jsonContent(
      RequestDetailResponseSchema,
      "Chi tiết: bên gửi thấy toàn bộ (RequestDetail); bên nhận thấy phần dành cho mình (CounterpartRequestDetail)",
    ),
    ...errorResponses(400, 401, 404),
  },
});

export const actionRoute = (action: UserAction, summary: string) =>
  createRoute({
    method: "post",
    path: `/{id}/${action}`,
    tags: ["Yêu cầu phối hợp"],
    summary,
    security,
    ...onlyFor(...rolesFor(action)),
    request: {
      params: IdParamSchema,
      body: {
        required: false,
        content: { "application/json": { schema: action === "approve" ? ApproveSchema : NoteSchema } },
      },
    },
    responses: {
      200: jsonContent(RequestSchema, "Đã chuyển trạng thái"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });

export const requestRoutes = createRouter();
requestRoutes.route("/", followRoutes);
requestRoutes.route("/", previewRoutes);

requestRoutes.openapi(createRequestRoute, async (c) => {
  const deps = c.get("deps");
  const { "idempotency-key": key } = c.req.valid("header");
  const result = await createRequest(deps, c.get("principal"), c.req.valid("json"), key);
  return c.json(presentRequest(result.request), result.created ? 201 : 200);
});

requestRoutes.openapi(listRequestsRoute, async (c) => {
  const { db } = c.get("deps");
  const q = c.req.valid("query");
  const after = decodeCursor(q.cursor);
  if (q.cursor && !after)
    throw new AppError("validation_failed", "Con trỏ phân trang không hợp lệ", [
      { field: "cursor", message: "không hợp lệ" },
    ]);
  const counterpart = q.counterpart ? await findCommitteeByCode(db, q.counterpart) : undefined;
  if (q.counterpart && !counterpart) {
    throw new AppError("validation_failed", `Không có ủy ban kiểm tra mã ${q.counterpart}`, [
      { field: "counterpart", message: "mã ủy ban không tồn tại" },
    ]);
  }
  const rows = await listRequests(db, {
    committeeId: c.get("principal").committeeId,
    status: q.status,
    kind: q.kind,
    counterpartId: counterpart?.id,
    overdue: q.overdue,
    scheduleCode: q.schedule,
    createdFrom: q.from,
    createdTo: q.to,
    tsquery: q.q ? (tsqueryOf(searchTerms(q.q)) ?? undefined) : undefined,
    after,
    limit: q.limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, q.limit, encodeCursor);
  return c.json(
    {
      items: page.map(presentListItem),
      nextCursor,
    },
    200,
  );
});

requestRoutes.openapi(getRequestRoute, async (c) => {
  const { db, clock } = c.get("deps");
  const principal = c.get("principal");
  const parts = await findRequestDetail(db, c.req.valid("param").id, {
    userId: principal.userId ?? null,
    committeeId: principal.committeeId,
    issuedOn: previewIssuedOn(clock),
  });
  if (!parts || !isVisibleTo(parts.request, principal.committeeId)) {
    throw new AppError("not_found", "Không tìm thấy yêu cầu");
  }
  return c.json(
    isCounterpartOf(parts.request, principal.committeeId)
      ? presentForCounterpart(parts, principal.committeeCode)
      : { ...presentForFiler(parts), preview: previewOf(parts, principal.committeeId) },
    200,
  );
});

const ACTIONS: [UserAction, string][] = [
  ["submit", "Trình phê duyệt"],
  ["approve", "Phê duyệt: cấp số văn bản, ban hành và gửi"],
  ["cancel", "Hủy yêu cầu"],
];

for (const [action, summary] of ACTIONS) {
  requestRoutes.openapi(actionRoute(action, summary), async (c) => {
    const deps = c.get("deps");
    const body: z.infer<typeof ApproveSchema> = hasBody(c) ? c.req.valid("json") : {};
    const outcome = await applyUserAction(
      deps,
      c.get("principal"),
      c.req.valid("param").id,
      action,
      body.note,
      body.classification
        ? { classification: body.classification, reason: body.classificationReason }
        : undefined,
    );
    for (const documentId of outcome.documentIds) {
      // After commit; if the queue is down the reconciler renders it later: the database already says it is due.
      await deps.queues
        .enqueue(documentRender, { documentId })
        .catch((err) => deps.log.warn(`enqueue render failed, left to the reconciler: ${err.message}`));
    }
    return c.json(presentRequest(outcome.request), 200);
  });
}

const AnswerSchema = z.object({
  answer: z
    .enum(["accepted", "declined", "needs_info"])
    .describe("Nội dung trả lời: đồng ý / từ chối / cần bổ sung thông tin"),
  note: z.string().trim().max(2000).optional(),
  staff: z
    .array(z.string().trim().min(1).max(120))
    .max(50)
    .default([])
    .describe("Cán bộ được cử (khi đồng ý)"),
});

export const answerRoute = createRoute({
  method: "post",
  path: "/{id}/answer",
  tags: ["Yêu cầu phối hợp"],
  summary: "Ghi nhận nội dung trả lời của bên kia (hệ thống chỉ gợi ý; cán bộ quyết định)",
  security,
  ...onlyFor(...rolesFor("accept_answer")),
  request: {
    params: IdParamSchema,
    body: jsonBody(AnswerSchema),
  },
  responses: { 200: jsonContent(RequestSchema, "Đã ghi nhận"), ...errorResponses(400, 401, 403, 404, 409) },
});

requestRoutes.openapi(answerRoute, async (c) => {
  const request = await recordAnswer(
    c.get("deps").db,
    c.get("principal"),
    c.req.valid("param").id,
    c.req.valid("json"),
  );
  return c.json(presentRequest(request), 200);
});
