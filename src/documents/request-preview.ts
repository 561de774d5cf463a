// A request's documents as they would be issued today, before anyone approves them: the active template, today's
// registry, the request as it stands — marked DỰ THẢO, the number left blank. Nothing is numbered or stored.
import type pg from "pg";
import { findEffectiveTemplate, findTemplateBytes } from "../db/queries/templates.js";
import type { RequestRow } from "../db/queries/requests.js";
import { dateInVietnam, isoDate } from "../domain/vn-format.js";
import { AppError } from "../errors.js";
import type { Clock } from "../runtime/clock.js";
import { type PdfConverter, PdfConversionError } from "./pdf/pdf-converter.js";
import { documentSpecs, findLetterParties, letterData } from "./letter-data.js";
import { renderInThread } from "./template-admin.js";

export interface PreviewDeps {
  db: pg.Pool;
  clock: Clock;
  pdf?: PdfConverter | undefined;
}

/** The preview links of a request's documents, in number order (the request page and the detail API list them). */
export function previewLinks(request: Pick<RequestRow, "id" | "kind">) {
  return documentSpecs(request).map((spec, position) => ({
    position,
    typeCode: spec.type,
    template: spec.template,
    docx: `/v1/requests/${request.id}/preview?document=${position}`,
    pdf: `/v1/requests/${request.id}/preview.pdf?document=${position}`,
  }));
}

export async function previewRequestDocument(
  deps: PreviewDeps,
  request: RequestRow,
  position: number,
): Promise<{ docx: Buffer; filename: string }> {
  const spec = documentSpecs(request)[position];
  if (!spec) {
    throw new AppError("not_found", `Yêu cầu này không có văn bản thứ ${position + 1}`, [
      { field: "document", message: `từ 0 đến ${documentSpecs(request).length - 1}` },
    ]);
  }
  const issuedOn = isoDate(dateInVietnam(deps.clock.now()));
  const parties = await findLetterParties(deps.db, request, issuedOn);
  if (!parties) throw new AppError("conflict", "Ủy ban gửi hoặc nhận không có thông tin hiệu lực hôm nay");
  const data = letterData(request, spec, parties, {
    number: null,
    issuedOn,
    draft: "preview",
    profile: parties.issuer.styleProfile,
  });
  const template = await findEffectiveTemplate(deps.db, request.fromCommitteeId, spec.template);
  const bytes = template && (await findTemplateBytes(deps.db, template.id));
  if (!bytes) throw new AppError("not_available", `Chưa có mẫu văn bản “${spec.template}” đang dùng`);
  const docx = await renderInThread(bytes, data, "Không tạo được bản xem trước: mẫu đang dùng có lỗi");
  return { docx, filename: `du-thao-${request.reference}-${position + 1}-${spec.type}.docx` };
}

/** The PDF of the preview, where this process has LibreOffice (the API alone never runs it). */
export async function previewPdf(deps: PreviewDeps, docx: Buffer): Promise<Buffer> {
  if (!deps.pdf?.available) {
    throw new AppError(
      "not_available",
      `Máy chủ này không tạo bản PDF: ${deps.pdf?.reason ?? "tiến trình API không chạy LibreOffice"}. Bản xem trước vẫn tải được dạng .docx`,
    );
  }
  try {
    return await deps.pdf.convert(docx);
  } catch (err) {
    if (err instanceof PdfConversionError) {
      throw new AppError("template_invalid", `LibreOffice không mở được văn bản tạo từ mẫu: ${err.message}`);
    }
    throw new AppError("not_available", `Chưa tạo được bản PDF lúc này: ${(err as Error).message}`);
  }
}
