import { createRoute, z } from "@hono/zod-openapi";
import { listDocumentsOfRequest } from "../../db/queries/documents.js";
import { listReplyPdfs } from "../../db/queries/inbound-pdfs.js";
import { findRequest, isVisibleTo } from "../../db/queries/requests.js";
import { AppError } from "../../errors.js";
import { createRouter } from "../../http/router.js";
import { describeDocumentSignature } from "../../signing/document-signature.js";
import { verifyPdf } from "../../signing/verify-pdf.js";
import { RequestSignaturesSchema } from "../documents/signature-schemas.js";
import { errorResponses, jsonContent } from "../schemas.js";

/** GET /v1/requests/{id}/signatures: the signatures of the letters it issued and of the PDFs its replies carried. */
export const requestSignatureRoutes = createRouter();

export const requestSignaturesRoute = createRoute({
  method: "get",
  path: "/{id}/signatures",
  tags: ["Chữ ký số"],
  summary: "Chữ ký số của văn bản đã ban hành và của tệp PDF đính kèm thư trả lời (kiểm tra lại mỗi lần đọc)",
  security: [{ bearer: [] }],
  request: { params: z.object({ id: z.uuid("phải là một mã UUID") }) },
  responses: {
    200: jsonContent(RequestSignaturesSchema, "Kết quả kiểm tra"),
    ...errorResponses(400, 401, 404),
  },
});

requestSignatureRoutes.openapi(requestSignaturesRoute, async (c) => {
  const { id } = c.req.valid("param");
  const { db, signing, clock } = c.get("deps");
  const now = clock.now();
  const request = await findRequest(db, id);
  if (!request || !isVisibleTo(request, c.get("principal").committeeId))
    throw new AppError("not_found", "Không tìm thấy yêu cầu");
  const documents = await listDocumentsOfRequest(db, id);
  const roots = signing?.trustedRoots ?? [];
  const replies = (await listReplyPdfs(db, id)).map((a) => ({
    inboundId: a.inboundId,
    attachmentId: a.attachmentId,
    filename: a.filename,
    sha256: a.sha256,
    verification: verifyPdf(a.bytes, roots, now),
  }));
  return c.json(
    {
      documents: await Promise.all(documents.map((d) => describeDocumentSignature(db, signing, d.id, now))),
      replies,
    },
    200,
  );
});
