import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { addAttachment, removeAttachment } from "../../attachments/add-attachment.js";
import { DEFAULT_ATTACHMENT_SETTINGS } from "../../attachments/settings.js";
import {
  findRequestAttachment,
  listAttachmentsOfRequest,
  type RequestAttachment,
} from "../../db/queries/attachments.js";
import { insertRequestEvent } from "../../db/queries/request-events.js";
import { findRequest, isVisibleTo } from "../../db/queries/requests.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../http/context.js";
import { onlyFor } from "../../http/middleware.js";
import { createRouter } from "../../http/router.js";
import { recordHandover } from "../../registers/handover.js";
import { errorResponses, IdParamSchema, jsonContent, jsonBody } from "../schemas.js";

const security = [{ bearer: [] }];
const tags = ["Tệp đính kèm"];

const settingsOf = (c: Context<AppEnv>) => c.get("deps").attachments ?? DEFAULT_ATTACHMENT_SETTINGS;

const AttachmentSchema = z
  .object({
    id: z.uuid(),
    requestId: z.uuid(),
    filename: z.string(),
    contentType: z.string().describe("Định dạng nhận ra từ nội dung tệp"),
    size: z.number().int(),
    sha256: z.string(),
    createdAt: z.string(),
    download: z.string(),
  })
  .openapi("Attachment");

export const presentAttachment = (a: RequestAttachment) => ({
  id: a.id,
  requestId: a.requestId,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
  sha256: a.sha256,
  createdAt: a.createdAt.toISOString(),
  download: `/v1/attachments/${a.id}`,
});

/** Under /v1/requests: a request's files and the hand-over of a classified letter. */
export const requestFileRoutes = createRouter();

export const addAttachmentRoute = createRoute({
  method: "post",
  path: "/{id}/attachments",
  tags,
  summary: "Đính kèm một tệp (PDF, DOCX, XLSX, ODT, JPEG, PNG) vào yêu cầu chưa phê duyệt",
  description:
    "Thân yêu cầu là nội dung tệp (bất kỳ Content-Type nào); tên tệp ở tham số filename. Định dạng được nhận ra từ nội dung, không từ tên. Tệp Office được kiểm tra zip bomb, macro và mã hóa.",
  security,
  ...onlyFor("clerk", "approver"),
  request: {
    params: IdParamSchema,
    query: z.object({ filename: z.string().trim().min(1).max(200).describe("Tên tệp gốc") }),
    body: {
      required: true,
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
  },
  responses: {
    201: jsonContent(AttachmentSchema, "Đã đính kèm"),
    ...errorResponses(400, 401, 403, 404, 409, 413, 415),
  },
});

requestFileRoutes.openapi(addAttachmentRoute, async (c) => {
  const bytes = Buffer.from(await c.req.arrayBuffer());
  const row = await addAttachment(
    { db: c.get("deps").db, attachments: settingsOf(c) },
    c.get("principal"),
    c.req.valid("param").id,
    { filename: c.req.valid("query").filename, bytes },
  );
  return c.json(presentAttachment(row), 201);
});

export const listAttachmentsRoute = createRoute({
  method: "get",
  path: "/{id}/attachments",
  tags,
  summary: "Các tệp đính kèm của yêu cầu",
  security,
  request: { params: IdParamSchema },
  responses: {
    200: jsonContent(z.object({ items: z.array(AttachmentSchema) }), "Danh sách"),
    ...errorResponses(400, 401, 404),
  },
});

requestFileRoutes.openapi(listAttachmentsRoute, async (c) => {
  const { db } = c.get("deps");
  const request = await findRequest(db, c.req.valid("param").id);
  if (!request || !isVisibleTo(request, c.get("principal").committeeId))
    throw new AppError("not_found", "Không tìm thấy yêu cầu");
  return c.json({ items: (await listAttachmentsOfRequest(db, request.id)).map(presentAttachment) }, 200);
});

const HandoverSchema = z.object({
  method: z
    .enum(["courier", "by_hand"])
    .describe("courier: giao liên (đường công văn mật); by_hand: giao trực tiếp"),
  carriedBy: z.string().trim().min(1).max(200).describe("Người chuyển"),
  receivedBy: z.string().trim().min(1).max(200).describe("Người nhận (ký nhận)"),
  handedOverAt: z.iso.datetime({ offset: true, error: "phải là thời điểm ISO 8601 có múi giờ" }),
  receiptNumber: z.string().trim().min(1).max(60).optional().describe("Số biên nhận của giao liên"),
});

export const handoverRoute = createRoute({
  method: "post",
  path: "/{id}/handover",
  tags: ["Yêu cầu phối hợp"],
  summary: "Ghi nhận bàn giao văn bản mật (không gửi thư điện tử): bắt đầu tính hạn trả lời và nhắc hạn",
  security,
  ...onlyFor("clerk", "approver"),
  request: {
    params: IdParamSchema,
    body: jsonBody(HandoverSchema),
  },
  responses: {
    200: jsonContent(
      z.object({ dispatchId: z.uuid(), deadlineAt: z.string(), status: z.string() }),
      "Đã ghi nhận bàn giao",
    ),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

requestFileRoutes.openapi(handoverRoute, async (c) => {
  const outcome = await recordHandover(
    c.get("deps"),
    c.get("principal"),
    c.req.valid("param").id,
    c.req.valid("json"),
  );
  return c.json({ ...outcome, deadlineAt: outcome.deadlineAt.toISOString() }, 200);
});

/** /v1/attachments/{id}: download (audited) and removal before approval. */
export const attachmentRoutes = createRouter();

attachmentRoutes.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    tags,
    summary: "Tải tệp đính kèm (bên kia tải được khi văn bản đã ban hành); mỗi lần tải được ghi nhật ký",
    security,
    request: { params: IdParamSchema },
    responses: {
      200: {
        description: "Nội dung tệp",
        content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errorResponses(400, 401, 404),
    },
  }),
  async (c) => {
    const { db } = c.get("deps");
    const principal = c.get("principal");
    const found = await findRequestAttachment(db, c.req.valid("param").id);
    const request = found && (await findRequest(db, found.requestId));
    if (!found || !request || !isVisibleTo(request, principal.committeeId))
      throw new AppError("not_found", "Không tìm thấy tệp đính kèm");
    const bytes = await settingsOf(c).store.get(db, found.sha256);
    if (!bytes) throw new Error(`attachment ${found.id}: bytes missing from the ${found.storage} store`);
    await insertRequestEvent(db, {
      requestId: request.id,
      action: "attachment_read",
      fromStatus: request.status,
      toStatus: request.status,
      actorTokenId: principal.tokenId,
      actorUserId: principal.userId,
      actorCommitteeId: principal.committeeId,
      detail: { attachmentId: found.id, filename: found.filename, sha256: found.sha256 },
    });
    const ascii =
      found.filename
        .normalize("NFD")
        .replace(/[^\x20-\x7e]/g, "")
        .replace(/["\\]/g, "") || "tep";
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": found.contentType,
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(found.filename)}`,
      "X-Content-Type-Options": "nosniff",
    });
  },
);

export const removeAttachmentRoute = createRoute({
  method: "delete",
  path: "/{id}",
  tags,
  summary: "Gỡ tệp đính kèm (chỉ trước khi yêu cầu được phê duyệt)",
  security,
  ...onlyFor("clerk", "approver"),
  request: { params: IdParamSchema },
  responses: { 204: { description: "Đã gỡ" }, ...errorResponses(400, 401, 403, 404, 409) },
});

attachmentRoutes.openapi(removeAttachmentRoute, async (c) => {
  await removeAttachment(c.get("deps"), c.get("principal"), c.req.valid("param").id);
  return c.body(null, 204);
});
