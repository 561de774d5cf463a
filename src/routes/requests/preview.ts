import { createRoute, z } from "@hono/zod-openapi";
import type { RequestDetail } from "../../db/queries/request-detail.js";
import { findRequest, isVisibleTo } from "../../db/queries/requests.js";
import { previewLinks, previewPdf, previewRequestDocument } from "../../documents/request-preview.js";
import { dateInVietnam, isoDate } from "../../domain/vn-format.js";
import { AppError } from "../../errors.js";
import { createRouter } from "../../http/router.js";
import { DOCX_MIME } from "../../domain/media-types.js";
import { gapsBetween } from "../../requests/registry-check.js";
import type { Clock } from "../../runtime/clock.js";
import { errorResponses, IdParamSchema } from "../schemas.js";

export const previewRoutes = createRouter();

/** Before approval the letter can still change; afterwards the issued document is the one to read. */
const PREVIEWABLE = new Set(["draft", "submitted"]);

/** The date the preview's letter would be issued on: today in Hà Nội. */
export const previewIssuedOn = (clock: Clock) => isoDate(dateInVietnam(clock.now()));

/** The preview block of the request detail: the filing committee's, before approval. */
export function previewOf(
  detail: Pick<RequestDetail, "request" | "issuerOnDate" | "recipientOnDate">,
  committeeId: number,
) {
  const { request } = detail;
  if (request.fromCommitteeId !== committeeId || !PREVIEWABLE.has(request.status)) return null;
  const gaps = gapsBetween(request, detail.issuerOnDate, detail.recipientOnDate);
  return { documents: previewLinks(request), registryGaps: gaps };
}

const QuerySchema = z.object({
  document: z.coerce
    .number({ error: "phải là một số" })
    .int("phải là số nguyên")
    .min(0, "từ 0")
    .default(0)
    .describe("Văn bản thứ mấy của yêu cầu (0: văn bản đầu tiên)"),
});

const route = (format: "docx" | "pdf") =>
  createRoute({
    method: "get",
    path: format === "pdf" ? "/{id}/preview.pdf" : "/{id}/preview",
    tags: ["Yêu cầu phối hợp"],
    summary:
      format === "pdf"
        ? "Bản dự thảo PDF của văn bản sẽ ban hành (chưa cấp số, không lưu)"
        : "Bản dự thảo .docx của văn bản sẽ ban hành: mẫu đang dùng, danh bạ hôm nay, dấu DỰ THẢO, số để trống; không cấp số, không lưu",
    security: [{ bearer: [] }],
    request: { params: IdParamSchema, query: QuerySchema },
    responses: {
      200: {
        description: format === "pdf" ? "Tệp PDF" : "Tệp .docx",
        content: {
          [format === "pdf" ? "application/pdf" : DOCX_MIME]: {
            schema: z.string().openapi({ format: "binary" }),
          },
        },
      },
      ...errorResponses(400, 401, 404, 409, 422, 503),
    },
  });

for (const format of ["docx", "pdf"] as const) {
  previewRoutes.openapi(route(format), async (c) => {
    const deps = c.get("deps");
    const principal = c.get("principal");
    const request = await findRequest(deps.db, c.req.valid("param").id);
    if (!request || !isVisibleTo(request, principal.committeeId)) {
      throw new AppError("not_found", "Không tìm thấy yêu cầu");
    }
    if (request.fromCommitteeId !== principal.committeeId) {
      throw new AppError("forbidden", "Chỉ ủy ban gửi yêu cầu mới xem được bản dự thảo");
    }
    if (!PREVIEWABLE.has(request.status)) {
      throw new AppError(
        "transition_not_allowed",
        "Yêu cầu đã được phê duyệt: hãy xem văn bản đã ban hành trong mục Văn bản",
      );
    }
    const preview = await previewRequestDocument(deps, request, c.req.valid("query").document);
    const bytes = format === "pdf" ? await previewPdf(deps, preview.docx) : preview.docx;
    const filename = format === "pdf" ? preview.filename.replace(/\.docx$/, ".pdf") : preview.filename;
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": format === "pdf" ? "application/pdf" : DOCX_MIME,
      "Content-Disposition": `inline; filename="${filename}"`,
      "Cache-Control": "no-store",
    });
  });
}
