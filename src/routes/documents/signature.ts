import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { findDocumentMeta } from "../../db/queries/documents.js";
import { insertRequestEvent } from "../../db/queries/request-events.js";
import { findRequest, isVisibleTo } from "../../db/queries/requests.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../http/context.js";
import { onlyFor } from "../../http/middleware.js";
import { createRouter } from "../../http/router.js";
import { describeDocumentSignature } from "../../signing/document-signature.js";
import { acceptExternalSignature, prepareExternalSignature } from "../../signing/external-signer.js";
import { DocumentSignatureSchema, SignaturePreparationSchema } from "./signature-schemas.js";
import { errorResponses, jsonContent, jsonBody } from "../schemas.js";

/** /v1/documents/{id}/signature…: what the stored PDF's signature says, and signing with a key kept on a token. */
export const documentSignatureRoutes = createRouter();
const security = [{ bearer: [] }];
const tags = ["Chữ ký số"];
const params = z.object({ id: z.uuid("phải là một mã UUID").openapi({ param: { in: "path", name: "id" } }) });

/** The document as its committees see it; signing acts only for the issuing committee. */
async function visibleDocument(c: Context<AppEnv>, id: string, issuerOnly: boolean) {
  const { db } = c.get("deps");
  const principal = c.get("principal");
  const meta = await findDocumentMeta(db, id);
  const request = meta && (await findRequest(db, meta.requestId));
  if (!meta || !request || !isVisibleTo(request, principal.committeeId))
    throw new AppError("not_found", "Không tìm thấy văn bản");
  if (issuerOnly && meta.issuerCommitteeId !== principal.committeeId)
    throw new AppError("forbidden", "Chỉ ủy ban ban hành văn bản mới ký văn bản này");
  return { meta, request };
}

documentSignatureRoutes.openapi(
  createRoute({
    method: "get",
    path: "/{id}/signature",
    tags,
    summary: "Chữ ký số của bản PDF: ai ký, khi nào, có bao trùm toàn bộ tệp, chuỗi chứng thư có tin cậy",
    security,
    request: { params },
    responses: {
      200: jsonContent(DocumentSignatureSchema, "Kết quả kiểm tra, làm lại mỗi lần đọc"),
      ...errorResponses(400, 401, 404),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await visibleDocument(c, id, false);
    const { db, signing, clock } = c.get("deps");
    const signature = await describeDocumentSignature(db, signing, id, clock.now());
    if (!signature) throw new Error(`document ${id}: no signature description for a document just found`);
    return c.json(signature, 200);
  },
);

documentSignatureRoutes.openapi(
  createRoute({
    method: "post",
    path: "/{id}/signature/prepare",
    tags,
    summary: "Chuẩn bị ký bằng thiết bị: bản PDF có ô chữ ký và mã băm SHA-256 phần được ký (ByteRange)",
    description:
      "Người ký tạo chữ ký CMS tách rời (detached) trên thiết bị, với thuộc tính messageDigest bằng digestHex, rồi gửi lên POST /v1/documents/{id}/signature. Gọi lại prepare thì bản chuẩn bị trước không còn được nhận.",
    security,
    ...onlyFor("approver", "admin"),
    request: { params },
    responses: {
      200: jsonContent(SignaturePreparationSchema, "Bản chuẩn bị"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await visibleDocument(c, id, true);
    const { db, signing, clock } = c.get("deps");
    return c.json(await prepareExternalSignature({ db, signing, now: clock.now() }, id), 200);
  },
);

documentSignatureRoutes.openapi(
  createRoute({
    method: "post",
    path: "/{id}/signature",
    tags,
    summary:
      "Nhận chữ ký CMS tách rời làm trên thiết bị, kiểm tra khớp bản chuẩn bị và chứng thư đã đăng ký, ghép vào PDF",
    security,
    ...onlyFor("approver", "admin"),
    request: {
      params,
      body: jsonBody(
        z.object({
          cmsBase64: z
            .string()
            .min(16)
            .max(200_000)
            .regex(/^[A-Za-z0-9+/\s]+={0,2}$/, "phải là base64"),
        }),
      ),
    },
    responses: {
      200: jsonContent(DocumentSignatureSchema, "Đã ký"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { meta, request } = await visibleDocument(c, id, true);
    const { db, signing, clock } = c.get("deps");
    const principal = c.get("principal");
    const cms = Buffer.from(c.req.valid("json").cmsBase64, "base64");
    const verification = await acceptExternalSignature({ db, signing, now: clock.now() }, id, cms);
    await insertRequestEvent(db, {
      requestId: request.id,
      action: "document_signed",
      fromStatus: request.status,
      toStatus: request.status,
      actorTokenId: principal.tokenId,
      actorUserId: principal.userId,
      actorCommitteeId: principal.committeeId,
      detail: {
        documentId: meta.id,
        symbol: meta.symbol,
        signer: verification.signatures[0]?.signer?.commonName,
      },
    });
    const signature = await describeDocumentSignature(db, signing, id, clock.now());
    if (!signature) throw new Error(`document ${id}: no signature description for a document just found`);
    return c.json(signature, 200);
  },
);
