import { z } from "zod";
import { countInWords, documentNumberText, parseIsoDate, shortDateVi } from "../../vn-format.js";
import type { DocumentContent, DocumentContext, RequestKind } from "../kind.js";

const text = (max: number) => z.string().trim().min(1, "không được để trống").max(max);
const isoDate = z.iso.date("phải là ngày dạng YYYY-MM-DD");

const PeriodSchema = z
  .object({ from: isoDate, to: isoDate })
  .refine((p) => p.from <= p.to, { message: "ngày kết thúc phải sau ngày bắt đầu", path: ["to"] });

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
      count: z.number().int().min(1).max(50).describe("Số cán bộ đề nghị cử"),
      profile: text(500).describe("Yêu cầu về cán bộ (chuyên môn, kinh nghiệm)"),
    }),
    period: PeriodSchema.describe("Thời gian cán bộ tham gia Đoàn kiểm tra"),
    contact: z.object({
      name: text(120),
      position: text(200).optional(),
      phone: z
        .string()
        .trim()
        .regex(/^[0-9 +().-]{6,20}$/, "số điện thoại không hợp lệ"),
      email: z.email("địa chỉ e-mail không hợp lệ").optional(),
    }),
  })
  .refine((p) => p.plan.organisations.length + p.plan.members.length > 0, {
    message: "kế hoạch phải nêu ít nhất một tổ chức đảng hoặc đảng viên được kiểm tra",
    path: ["plan", "organisations"],
  });

export type StaffSecondment = z.infer<typeof StaffSecondmentSchema>;

const d = (iso: string) => shortDateVi(parseIsoDate(iso));

function targetsText(p: StaffSecondment): string {
  const parts: string[] = [];
  if (p.plan.organisations.length) {
    parts.push(
      `${documentNumberText(p.plan.organisations.length)} tổ chức đảng (${p.plan.organisations.join("; ")})`,
    );
  }
  if (p.plan.members.length) {
    parts.push(`${documentNumberText(p.plan.members.length)} đảng viên (${p.plan.members.join("; ")})`);
  }
  return parts.join(" và ");
}

const SUBJECT = "đề nghị cử cán bộ tham gia Đoàn kiểm tra";

function letter(p: StaffSecondment, ctx: DocumentContext): DocumentContent {
  const parties = { fromName: ctx.issuer.name, toName: ctx.recipient.name };
  const contact = [p.contact.name, p.contact.position, `điện thoại ${p.contact.phone}`, p.contact.email]
    .filter(Boolean)
    .join(", ");
  const body = [
    `Thực hiện ${p.plan.name} về ${p.plan.subjectMatter}, thời kỳ kiểm tra từ ngày ${d(p.plan.period.from)} đến ngày ${d(p.plan.period.to)}, đối với ${targetsText(p)}.`,
    `Để bảo đảm chất lượng, hiệu quả cuộc kiểm tra, ${parties.fromName} đề nghị ${parties.toName} cử ${documentNumberText(p.staff.count)} (${countInWords(p.staff.count)}) đồng chí tham gia Đoàn kiểm tra; yêu cầu cán bộ: ${p.staff.profile}. Thời gian tham gia từ ngày ${d(p.period.from)} đến ngày ${d(p.period.to)}.`,
    `Thông tin liên hệ: đồng chí ${contact}.`,
    `Rất mong nhận được sự quan tâm, phối hợp của ${parties.toName}./.`,
  ];
  return { subject: SUBJECT, recipients: [ctx.recipient.name], body: body.map((text) => ({ text })) };
}

export const staffSecondment: RequestKind<StaffSecondment> = {
  kind: "staff_secondment",
  label: "Đề nghị cử cán bộ tham gia đoàn kiểm tra, giám sát",
  payloadSchema: StaffSecondmentSchema as z.ZodType<StaffSecondment>,
  defaultClassification: "thuong",
  subject: () => SUBJECT,
  documents: [{ type: "CV", template: "cong-van", content: (p, ctx) => letter(p, ctx) }],
  sample: {
    plan: {
      name: "Kế hoạch số 12-KH/UBKTTU ngày 10/01/2026 của Ủy ban Kiểm tra Tỉnh ủy",
      subjectMatter: "việc lãnh đạo, chỉ đạo công tác phòng, chống tham nhũng, lãng phí, tiêu cực",
      period: { from: "2025-01-01", to: "2025-12-31" },
      organisations: ["Đảng ủy Công an tỉnh Nghệ An"],
      members: ["Đồng chí Nguyễn Văn Bình, Phó Giám đốc Công an tỉnh"],
    },
    staff: { count: 2, profile: "có kinh nghiệm kiểm tra tài chính đảng" },
    period: { from: "2026-03-16", to: "2026-04-30" },
    contact: { name: "Trần Thị Lan", position: "Phó Chủ nhiệm Ủy ban Kiểm tra", phone: "0238 3844 123" },
  },
};
