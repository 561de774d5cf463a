import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { findOutboundMessage, findOutboundRaw, listOutbox } from "../../db/queries/outbound-messages.js";
import { findRequest } from "../../db/queries/requests.js";
import { AppError } from "../../errors.js";
import { searchTerms, tsqueryOf } from "../../search/query.js";
import { presentMessage } from "../requests/present.js";
import { MessageSchema } from "../requests/schemas.js";
import { decodeCursor, encodeCursor, pageOf, errorResponses, jsonContent, UUID_PATTERN } from "../schemas.js";

export const outboxRoutes = createRouter();
const security = [{ bearer: [] }];

export const listOutboxRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["Hộp thư đi"],
  summary: "Thư của ủy ban mình đã gửi (chế độ nhúng: thư được giữ lại ở đây thay vì gửi SMTP)",
  security,
  request: {
    query: z.object({
      q: z
        .string()
        .max(200)
        .optional()
        .describe("Tìm theo tiêu đề thư hoặc nội dung yêu cầu (gõ không dấu cũng được)"),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({
        mode: z.enum(["smtp", "outbox"]),
        items: z.array(MessageSchema),
        nextCursor: z.string().nullable(),
      }),
      "Danh sách thư",
    ),
    ...errorResponses(400, 401),
  },
});

outboxRoutes.openapi(listOutboxRoute, async (c) => {
  const { db, mailMode } = c.get("deps");
  const q = c.req.valid("query");
  const after = decodeCursor(q.cursor);
  if (q.cursor && !after)
    throw new AppError("validation_failed", "Con trỏ phân trang không hợp lệ", [
      { field: "cursor", message: "không hợp lệ" },
    ]);
  const rows = await listOutbox(db, {
    committeeId: c.get("principal").committeeId,
    limit: q.limit + 1,
    after,
    tsquery: q.q ? (tsqueryOf(searchTerms(q.q)) ?? undefined) : undefined,
  });
  const { page, nextCursor } = pageOf(rows, q.limit, encodeCursor);
  return c.json(
    {
      mode: mailMode,
      items: page.map(presentMessage),
      nextCursor,
    },
    200,
  );
});

const emlRoute = createRoute({
  method: "get",
  path: "/{file}",
  tags: ["Hộp thư đi"],
  summary: "Tải thư nguyên bản (.eml, RFC 5322)",
  security,
  request: {
    params: z.object({
      file: z
        .string()
        .regex(new RegExp(`^${UUID_PATTERN}\\.eml$`), "dạng <id>.eml")
        .openapi({ param: { in: "path", name: "file" } }),
    }),
  },
  responses: {
    200: {
      description: "message/rfc822",
      content: { "message/rfc822": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errorResponses(400, 401, 404),
  },
});

outboxRoutes.openapi(emlRoute, async (c) => {
  const { db } = c.get("deps");
  const id = c.req.valid("param").file.slice(0, -4);
  const message = await findOutboundMessage(db, id);
  // Notification e-mails (no request) are personal: they are not in a committee's outbox.
  const request = message?.requestId ? await findRequest(db, message.requestId) : undefined;
  if (!message || !request || request.fromCommitteeId !== c.get("principal").committeeId) {
    throw new AppError("not_found", "Không tìm thấy thư");
  }
  const raw = (await findOutboundRaw(db, id))!;
  return c.body(new Uint8Array(raw), 200, {
    "Content-Type": "message/rfc822",
    "Content-Disposition": `attachment; filename="${message.reference}-${id}.eml"`,
  });
});
