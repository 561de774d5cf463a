import { z } from "@hono/zod-openapi";
import { REQUEST_STATUSES } from "../../domain/request-state.js";

/**
 * What GET /v1/requests… answers, field by field: the routes declare these (so OpenAPI shows them and the
 * handlers are checked against them) and the pages' types are inferred from them.
 */
export const RequestSchema = z
  .object({
    id: z.uuid(),
    reference: z.string().openapi({ example: "PH-2026-0001" }),
    kind: z.string(),
    from: z.string(),
    to: z.string(),
    fromName: z.string().nullable().describe("Tên ủy ban gửi theo danh bạ hôm nay"),
    toName: z.string().nullable().describe("Tên ủy ban nhận theo danh bạ hôm nay"),
    status: z.enum(REQUEST_STATUSES),
    statusLabel: z.string(),
    classification: z.string(),
    urgency: z.string(),
    subject: z.string(),
    payload: z.record(z.string(), z.unknown()).describe("Nội dung theo loại yêu cầu"),
    copyTo: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Request");

export const RequestListItemSchema = RequestSchema.extend({
  deadlineAt: z.string().nullable().describe("Hạn trả lời sớm nhất chưa được trả lời"),
  overdue: z.boolean().describe("Có thư đã quá hạn trả lời mà chưa được trả lời"),
}).openapi("RequestListItem");

export const RequestListSchema = z.object({
  items: z.array(RequestListItemSchema),
  nextCursor: z.string().nullable(),
});

export const RequestEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    action: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    actorTokenId: z.string().nullable(),
    actorUser: z.object({ id: z.string(), name: z.string() }).nullable(),
    actorCommittee: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).describe("Chi tiết theo loại sự kiện"),
  })
  .openapi("RequestEvent");

/** A document's facts that both parties see; the filer sees more (DocumentSchema). */
const DOCUMENT_FACTS = {
  id: z.uuid(),
  typeCode: z.string(),
  number: z.number().int(),
  symbol: z.string(),
  issuedOn: z.string(),
  filename: z.string().nullable(),
  sha256: z.string().nullable(),
  size: z.number().int().nullable(),
};

export const DocumentSchema = z
  .object({
    ...DOCUMENT_FACTS,
    term: z.string(),
    templateName: z.string(),
    templateVersion: z.number().int().nullable(),
    styleProfile: z.string(),
    status: z.enum(["rendered", "render_failed", "pending"]),
    renderError: z.string().nullable(),
    download: z.string().nullable(),
  })
  .openapi("Document");

export const OUTBOUND_STATUSES = [
  "pending",
  "sending",
  "sent",
  "outbox",
  "uncertain",
  "delivery_failed",
  "refused",
  "cancelled",
] as const;

export const MessageSchema = z
  .object({
    id: z.uuid(),
    requestId: z.uuid().nullable(),
    reference: z.string().nullable(),
    to: z.string().nullable(),
    toAddress: z.string(),
    messageId: z.string(),
    subject: z.string(),
    purpose: z.string(),
    status: z.enum(OUTBOUND_STATUSES),
    attempts: z.number().int(),
    smtpResponse: z.string().nullable(),
    lastError: z.string().nullable(),
    sentAt: z.string().nullable(),
    createdAt: z.string(),
    size: z.number().int(),
    eml: z.string(),
  })
  .openapi("OutboundMessage");

export const DISPATCH_STATUSES = [
  "pending",
  "sent",
  "delivery_failed",
  "withheld",
  "answered",
  "cancelled",
] as const;

/** A dispatch's facts that both parties see; the filer sees more (DispatchSchema). */
const DISPATCH_FACTS = {
  id: z.uuid(),
  to: z.string(),
  status: z.enum(DISPATCH_STATUSES),
  withheldReason: z.string().nullable(),
  sentAt: z.string().nullable(),
  deadlineAt: z.string().nullable(),
  overdue: z.boolean(),
  remindersSent: z.number().int(),
  answeredAt: z.string().nullable(),
  answer: z.string().nullable(),
  answerStaff: z.array(z.string()),
};

export const DispatchSchema = z
  .object({
    ...DISPATCH_FACTS,
    nextReminderAt: z.string().nullable(),
    escalatedAt: z.string().nullable(),
    answerNote: z.string().nullable(),
    bounce: z
      .object({
        status: z.string().nullable(),
        diagnostic: z.string().nullable(),
        recipient: z.string().nullable(),
        at: z.string(),
      })
      .nullable()
      .describe("Lần trả về vĩnh viễn gần nhất (RFC 3464)"),
  })
  .openapi("Dispatch");

export const SuggestedAnswerSchema = z.object({
  suggestion: z.enum(["accepted", "declined", "needs_info"]).nullable(),
  evidence: z.string().optional(),
  staffNames: z.array(z.string()).optional(),
});

export const InboundSchema = z
  .object({
    id: z.uuid(),
    source: z.enum(["smtp", "imap", "webhook"]),
    receivedAt: z.string(),
    from: z.string().nullable(),
    subject: z.string().nullable(),
    status: z.enum(["received", "processed", "unmatched", "ignored", "failed"]),
    classification: z.string().nullable(),
    classificationReason: z.string().nullable(),
    matchMethod: z.string().nullable(),
    requestId: z.uuid().nullable(),
    senderMatches: z.boolean().nullable(),
    needsReview: z.boolean(),
    text: z.string().nullable(),
    suggestion: SuggestedAnswerSchema.nullable().describe("Gợi ý nội dung trả lời (cán bộ quyết định)"),
    error: z.string().nullable(),
    problems: z.array(z.string()),
    reviewReasons: z.array(z.string()),
    reviewOutcome: z.enum(["confirmed", "dismissed"]).nullable(),
    reviewedAt: z.string().nullable(),
    dsn: z
      .object({
        status: z.string().optional(),
        diagnostic: z.string().optional(),
        recipient: z.string().optional(),
        action: z.string().optional(),
        delayed: z.boolean().optional(),
      })
      .nullable(),
    receivedBy: z.string().nullable(),
  })
  .openapi("InboundMessage");

export const RequestPreviewSchema = z
  .object({
    documents: z.array(
      z.object({
        position: z.number().int(),
        typeCode: z.string(),
        template: z.string(),
        docx: z.string(),
        pdf: z.string(),
      }),
    ),
    registryGaps: z.array(
      z.object({
        committee: z.string(),
        side: z.enum(["issuer", "recipient"]),
        field: z.string(),
        message: z.string(),
      }),
    ),
  })
  .openapi("RequestPreview");

export const RequestDetailSchema = RequestSchema.extend({
  events: z.array(RequestEventSchema),
  documents: z.array(DocumentSchema),
  messages: z.array(MessageSchema),
  dispatches: z.array(DispatchSchema),
  inbound: z.array(InboundSchema),
  following: z.boolean().describe("Người dùng của mã truy cập đang theo dõi yêu cầu này"),
  preview: RequestPreviewSchema.nullable().describe(
    "Trước khi phê duyệt (ủy ban gửi): liên kết bản dự thảo và thông tin danh bạ còn thiếu",
  ),
}).openapi("RequestDetail");

/** What the counterpart sees (presentForCounterpart): every field named, nothing else allowed. */
export const CounterpartRequestDetailSchema = RequestSchema.extend({
  events: z.array(
    z.strictObject({ id: z.string(), at: z.string(), action: z.string(), toStatus: z.string().nullable() }),
  ),
  documents: z.array(
    z.strictObject({ ...DOCUMENT_FACTS, status: z.literal("rendered"), download: z.string() }),
  ),
  messages: z.tuple([]).describe("Thư của bên gửi không thuộc về bên nhận"),
  dispatches: z.array(z.strictObject(DISPATCH_FACTS)),
  inbound: z.tuple([]),
  following: z.boolean(),
})
  .strict()
  .openapi("CounterpartRequestDetail");

export const RequestDetailResponseSchema = z.union([RequestDetailSchema, CounterpartRequestDetailSchema]);

export type Request = z.infer<typeof RequestSchema>;
export type RequestListItem = z.infer<typeof RequestListItemSchema>;
export type FilerRequestDetail = z.infer<typeof RequestDetailSchema>;
export type CounterpartRequestDetail = z.infer<typeof CounterpartRequestDetailSchema>;
/** Either party's view of a request: the filer's has `preview`, the counterpart's does not. */
export type RequestDetail = z.infer<typeof RequestDetailResponseSchema>;
