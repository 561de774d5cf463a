import { z } from "zod";
import { ContactSchema, isoDate, list, text } from "../payload-fields.js";
import {
  clause,
  comrade,
  contactText,
  d,
  dashItems,
  para,
  sentence,
  withoutLead,
} from "../letter-phrases.js";
import type { DocumentContent, DocumentContext, RequestKind } from "../kind.js";
import { disciplineReviewSample } from "./sample.js";

/** The forms of discipline of a party member (Điều lệ Đảng, Điều 35). */
export const DISCIPLINE_FORMS = {
  khien_trach: "khiển trách",
  canh_cao: "cảnh cáo",
  cach_chuc: "cách chức",
  khai_tru: "khai trừ",
} as const;
type DisciplineForm = keyof typeof DISCIPLINE_FORMS;
const FORM_KEYS = Object.keys(DISCIPLINE_FORMS) as [DisciplineForm, ...DisciplineForm[]];

export const DisciplineReviewSchema = z.object({
  member: z.object({
    name: text(120).describe("Họ và tên đảng viên"),
    position: text(300).describe("Chức vụ, đơn vị công tác"),
    partyOrganisation: text(300).describe("Chi bộ, đảng bộ nơi sinh hoạt"),
  }),
  violation: text(4000).describe("Nội dung vi phạm"),
  basis: text(500).optional().describe("Căn cứ phát hiện: kết luận kiểm tra, đơn tố cáo …"),
  proposedForm: z
    .enum(FORM_KEYS, { error: "phải là khiển trách, cảnh cáo, cách chức hoặc khai trừ" })
    .describe("Hình thức kỷ luật dự kiến"),
  opinionDeadline: isoDate.describe("Hạn gửi ý kiến của đơn vị phối hợp"),
  files: list(300, 50, "phải kèm ít nhất một tài liệu").describe(
    "Hồ sơ, tài liệu kèm theo (số, ngày, trích yếu)",
  ),
  contact: ContactSchema,
});

export type DisciplineReview = z.infer<typeof DisciplineReviewSchema>;

const SUBJECT = "phối hợp xem xét, thi hành kỷ luật đảng viên";

function letter(p: DisciplineReview, ctx: DocumentContext): DocumentContent {
  const { member } = p;
  const who = `${comrade(member.name)}, ${clause(member.position)}, đảng viên ${member.partyOrganisation}`;
  const found = p.basis ? `Qua ${clause(withoutLead(p.basis, "qua"))}, ${ctx.issuer.name}` : ctx.issuer.name;
  return {
    subject: SUBJECT,
    recipients: [ctx.recipient.name],
    body: [
      para(`${found} thấy ${who} có vi phạm: ${sentence(p.violation)}`),
      para(
        `${ctx.issuer.name} dự kiến xem xét, đề nghị thi hành kỷ luật ${comrade(member.name)} bằng hình thức ${DISCIPLINE_FORMS[p.proposedForm]}.`,
      ),
      para(
        `Thực hiện Quy chế phối hợp, ${ctx.issuer.name} đề nghị ${ctx.recipient.name} cho ý kiến về nội dung trên; văn bản trả lời gửi về ${ctx.issuer.name} trước ngày ${d(p.opinionDeadline)}.`,
      ),
      para("Hồ sơ, tài liệu gửi kèm:"),
      ...dashItems(p.files),
      para(`Thông tin liên hệ: đồng chí ${contactText(p.contact)}.`),
    ],
  };
}

export const disciplineReview: RequestKind<DisciplineReview> = {
  kind: "discipline_review",
  label: "Phối hợp xem xét, thi hành kỷ luật đảng viên",
  payloadSchema: DisciplineReviewSchema as z.ZodType<DisciplineReview>,
  defaultClassification: "mat",
  minimumClassification: "mat",
  subject: (p) => `${SUBJECT} ${p.member.name}`,
  documents: [{ type: "CV", template: "cong-van", content: letter }],
  datesFromFilingDay: (p) => [
    { path: ["opinionDeadline"], date: p.opinionDeadline, label: "hạn gửi ý kiến" },
  ],
  sample: disciplineReviewSample,
};
