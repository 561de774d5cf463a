import { z } from "zod";
import { ContactSchema, isoDate, list, SubjectSchema, text } from "../payload-fields.js";
import { contactText, d, dashItems, para, sentence, subjectText } from "../letter-phrases.js";
import type { DocumentContent, DocumentContext, RequestKind } from "../kind.js";
import { complaintResolutionSample } from "./sample.js";

const CASE_TYPES = {
  to_cao: { label: "tố cáo", subject: "phối hợp giải quyết tố cáo" },
  khieu_nai_ky_luat: {
    label: "khiếu nại kỷ luật đảng",
    subject: "phối hợp giải quyết khiếu nại kỷ luật đảng",
  },
} as const;

// The person who denounced is deliberately not part of the payload: their identity is protected and has no
// business in a letter between committees.
export const ComplaintResolutionSchema = z
  .object({
    caseType: z
      .enum(["to_cao", "khieu_nai_ky_luat"], { error: "phải là tố cáo hoặc khiếu nại kỷ luật đảng" })
      .describe("Loại việc"),
    concerned: SubjectSchema.describe("Đảng viên hoặc tổ chức đảng bị tố cáo / khiếu nại"),
    summary: text(4000).describe("Tóm tắt nội dung tố cáo, khiếu nại"),
    receivedOn: isoDate.describe("Ngày nhận đơn"),
    asks: list(500, 20, "phải nêu ít nhất một việc đề nghị phối hợp").describe("Đề nghị đơn vị phối hợp"),
    deadline: isoDate.describe("Hạn trả lời"),
    contact: ContactSchema,
  })
  .refine((p) => p.receivedOn <= p.deadline, {
    message: "hạn trả lời phải sau ngày nhận đơn",
    path: ["deadline"],
  });

export type ComplaintResolution = z.infer<typeof ComplaintResolutionSchema>;

function letter(p: ComplaintResolution, ctx: DocumentContext): DocumentContent {
  const kind = CASE_TYPES[p.caseType];
  return {
    subject: kind.subject,
    recipients: [ctx.recipient.name],
    body: [
      para(
        `Ngày ${d(p.receivedOn)}, ${ctx.issuer.name} nhận được đơn ${kind.label} đối với ${subjectText(p.concerned)}.`,
      ),
      para(`Nội dung chính: ${sentence(p.summary)}`),
      para(
        `Để việc giải quyết ${kind.label} bảo đảm đúng quy định, ${ctx.issuer.name} đề nghị ${ctx.recipient.name} phối hợp:`,
      ),
      ...dashItems(p.asks),
      para(`Văn bản trả lời gửi về ${ctx.issuer.name} trước ngày ${d(p.deadline)}.`),
      para(`Thông tin liên hệ: đồng chí ${contactText(p.contact)}.`),
    ],
  };
}

export const complaintResolution: RequestKind<ComplaintResolution> = {
  kind: "complaint_resolution",
  label: "Phối hợp giải quyết tố cáo, khiếu nại kỷ luật đảng",
  payloadSchema: ComplaintResolutionSchema as z.ZodType<ComplaintResolution>,
  defaultClassification: "mat",
  minimumClassification: "mat",
  subject: (p) => CASE_TYPES[p.caseType].subject,
  documents: [{ type: "CV", template: "cong-van", content: letter }],
  datesFromFilingDay: (p) => [{ path: ["deadline"], date: p.deadline, label: "hạn trả lời" }],
  sample: complaintResolutionSample,
};
