import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { findDocumentBytes, findDocumentMeta, findDocumentPdf } from "../../db/queries/documents.js";
import { insertRequestEvent } from "../../db/queries/request-events.js";
import { findRequest, isVisibleTo } from "../../db/queries/requests.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../http/context.js";
import { createRouter } from "../../http/router.js";
import { DOCX_MIME } from "../../domain/media-types.js";
import { errorResponses, UUID_PATTERN } from "../schemas.js";

export const documentRoutes = createRouter();

const downloadRoute = createRoute({
  method: "get",
  path: "/{file}",
  tags: ["Văn bản"],
  summary: "Tải văn bản: {id} hoặc {id}.docx (Word), {id}.pdf (bản PDF); mỗi lần tải được ghi vào nhật ký",
  security: [{ bearer: [] }],
  request: {
    params: z.object({
      file: z
        .string()
        .regex(new RegExp(`^${UUID_PATTERN}(\\.docx|\\.pdf)?$`), "dạng <id>, <id>.docx hoặc <id>.pdf")
        .openapi({ param: { in: "path", name: "file" } }),
    }),
  },
  responses: {
    200: {
      description: "Tệp .docx hoặc .pdf",
      content: {
        [DOCX_MIME]: { schema: z.string().openapi({ format: "binary" }) },
        "application/pdf": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    ...errorResponses(400, 401, 404, 409, 503),
  },
});

documentRoutes.openapi(downloadRoute, async (c) => {
  const { file } = c.req.valid("param");
  const id = file.slice(0, 36);
  const format = file.endsWith(".pdf") ? "pdf" : "docx";
  const { db } = c.get("deps");
  const principal = c.get("principal");
  const meta = await findDocumentMeta(db, id);
  const request = meta && (await findRequest(db, meta.requestId));
  if (!meta || !request || !isVisibleTo(request, principal.committeeId)) {
    throw new AppError("not_found", "Không tìm thấy văn bản");
  }
  const bytes =
    format === "pdf" ? await pdfBytes(c, id) : meta.sha256 ? await findDocumentBytes(db, id) : undefined;
  if (!bytes) throw new AppError("conflict", "Văn bản đang được tạo, vui lòng thử lại sau giây lát");
  // Files about named party members: every read is audited.
  await insertRequestEvent(db, {
    requestId: request.id,
    action: "document_read",
    fromStatus: request.status,
    toStatus: request.status,
    actorTokenId: principal.tokenId,
    actorUserId: principal.userId,
    actorCommitteeId: principal.committeeId,
    // Who read it, for the timeline: the filing committee's own copy, or the counterpart's.
    detail: {
      documentId: meta.id,
      symbol: meta.symbol,
      format,
      side: principal.committeeId === request.fromCommitteeId ? "sender" : "receiver",
    },
  });
  const filename = (meta.filename ?? `${meta.id}.docx`).replace(/\.docx$/, `.${format}`);
  return c.body(new Uint8Array(bytes), 200, {
    "Content-Type": format === "pdf" ? "application/pdf" : DOCX_MIME,
    "Content-Disposition": `attachment; filename="${filename}"`,
  });
});

async function pdfBytes(c: Context<AppEnv>, id: string): Promise<Buffer | undefined> {
  const stored = await findDocumentPdf(c.get("deps").db, id);
  if (stored?.pdf) return stored.pdf;
  if (stored?.pdfError)
    throw new AppError("conflict", `Không tạo được bản PDF của văn bản này: ${stored.pdfError}`);
  if (stored?.pdfAttemptError)
    throw new AppError(
      "unavailable",
      `Chưa tạo được bản PDF (${stored.pdfAttemptError}); hệ thống sẽ tự thử lại. Văn bản vẫn tải được dạng .docx`,
    );
  const pdf = c.get("deps").readinessDetails?.().pdf as { available?: boolean; reason?: string } | undefined;
  if (!pdf?.available) {
    throw new AppError(
      "not_available",
      `Máy chủ không tạo bản PDF: ${pdf?.reason ?? "chưa cài LibreOffice"}. Văn bản vẫn tải được dạng .docx`,
    );
  }
  return undefined;
}
