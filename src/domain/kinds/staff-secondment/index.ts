import { z } from "zod";
import { countInWords, documentNumberText } from "../../vn-format.js";
import { ContactSchema, PeriodSchema, text } from "../payload-fields.js";
import { clause, contactText, para, periodText, targetsText, withoutLead } from "../letter-phrases.js";
import type { DocumentContent, DocumentContext, RequestKind } from "../kind.js";
import { staffSecondmentSample } from "./sample.js";

export const StaffSecondmentSchema = z
  .object({
    plan: z.object({
      name: text(300).describe("Tên kế hoạch, ví dụ: Kế hoạch số 12-KH/UBKTTU ngày 10/01/2026"),
      subjectMatter: text(500).describe("Nội dung (chuyên đề) kiểm tra"),
      period: PeriodSchema.describe("Thời kỳ kiểm tra"),
      organisations: z.array(text(300)).max(200).default([]).describe("Tổ chức đảng được kiểm tra"),
      members: z.array(text(200)).max(500).default([]).describe("Đảng viên được kiểm tra"),
    }),
    staff: z.object({
      count: z
        .number({ error: "phải là một số" })
        .int("phải là số nguyên")
        .min(1, "ít nhất 1 cán bộ")
        .max(50, "không quá 50 cán bộ")
        .describe("Số cán bộ đề nghị cử"),
      profile: text(500).describe("Yêu cầu về cán bộ (chuyên môn, kinh nghiệm)"),
    }),
    period: PeriodSchema.describe("Thời gian cán bộ tham gia Đoàn kiểm tra"),
    contact: ContactSchema,
  })
  .refine((p) => p.plan.organisations.length + p.plan.members.length > 0, {
    message: "kế hoạch phải nêu ít nhất một tổ chức đảng hoặc đảng viên được kiểm tra",
    path: ["plan", "organisations"],
  });

export type StaffSecondment = z.infer<typeof StaffSecondmentSchema>;

const SUBJECT = "đề nghị cử cán bộ tham gia Đoàn kiểm tra";

function letter(p: StaffSecondment, ctx: DocumentContext): DocumentContent {
  const parties = { fromName: ctx.issuer.name, toName: ctx.recipient.name };
  // A whole sentence: who inspects whom, under which plan (not a fragment of one).
  const planName = clause(withoutLead(p.plan.name, "Thực hiện"));
  const matter = clause(withoutLead(p.plan.subjectMatter, "về"));
  const body = [
    `Thực hiện ${planName} về ${matter}, ${parties.fromName} tiến hành kiểm tra đối với ${targetsText(p.plan.organisations, p.plan.members)}; thời kỳ kiểm tra ${periodText(p.plan.period)}.`,
    `Để bảo đảm chất lượng, hiệu quả cuộc kiểm tra, ${parties.fromName} đề nghị ${parties.toName} cử ${documentNumberText(p.staff.count)} (${countInWords(p.staff.count)}) đồng chí tham gia Đoàn kiểm tra; yêu cầu cán bộ: ${p.staff.profile}. Thời gian tham gia ${periodText(p.period)}.`,
    `Thông tin liên hệ: đồng chí ${contactText(p.contact)}.`,
    `Rất mong nhận được sự quan tâm, phối hợp của ${parties.toName}.`,
  ];
  return { subject: SUBJECT, recipients: [ctx.recipient.name], body: body.map(para) };
}

export const staffSecondment: RequestKind<StaffSecondment> = {
  kind: "staff_secondment",
  label: "Đề nghị cử cán bộ tham gia đoàn kiểm tra, giám sát",
  payloadSchema: StaffSecondmentSchema as z.ZodType<StaffSecondment>,
  defaultClassification: "thuong",
  minimumClassification: "thuong",
  subject: () => SUBJECT,
  documents: [{ type: "CV", template: "cong-van", content: (p, ctx) => letter(p, ctx) }],
  datesFromFilingDay: (p) => [
    { path: ["period", "from"], date: p.period.from, label: "ngày bắt đầu tham gia Đoàn" },
  ],
  sample: staffSecondmentSample,
};
