import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { findDocumentBytes, findDocumentMeta } from "../../db/queries/documents.js";
import { insertRequestEvent } from "../../db/queries/request-events.js";
import { findRequest, isVisibleTo } from "../../db/queries/requests.js";
import { AppError } from "../../errors.js";
import { DOCX_MIME } from "../../mail/compose.js";
import { errorResponses, IdParamSchema } from "../schemas.js";

export const documentRoutes = createRouter();

const downloadRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Văn bản"],
  summary: "Tải văn bản (.docx); mỗi lần tải được ghi vào nhật ký",
  security: [{ bearer: [] }],
  request: { params: IdParamSchema },
  responses: {
    200: {
      description: "Tệp .docx",
      content: { [DOCX_MIME]: { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errorResponses(401, 404, 409),
  },
});

documentRoutes.openapi(downloadRoute, async (c) => {
  const { db } = c.get("deps");
  const principal = c.get("principal");
  const meta = await findDocumentMeta(db, c.req.valid("param").id);
  const request = meta && (await findRequest(db, meta.requestId));
  if (!meta || !request || !isVisibleTo(request, principal.committeeId)) {
    throw new AppError("not_found", "Không tìm thấy văn bản");
  }
  const bytes = meta.sha256 ? await findDocumentBytes(db, meta.id) : undefined;
  if (!bytes) throw new AppError("conflict", "Văn bản đang được tạo, vui lòng thử lại sau giây lát");
  // Files about named party members: every read is audited.
  await insertRequestEvent(db, {
    requestId: request.id,
    action: "document_read",
    fromStatus: request.status,
    toStatus: request.status,
    actorTokenId: principal.tokenId,
    actorCommitteeId: principal.committeeId,
    detail: { documentId: meta.id, symbol: meta.symbol },
  });
  return c.body(new Uint8Array(bytes), 200, {
    "Content-Type": DOCX_MIME,
    "Content-Disposition": `attachment; filename="${meta.filename}"`,
    "X-Content-SHA256": meta.sha256!,
  });
});
