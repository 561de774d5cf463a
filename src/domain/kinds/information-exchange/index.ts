import { z } from "zod";
import { ContactSchema, isoDate, list, SubjectSchema, text } from "../payload-fields.js";
import { clause, contactText, d, dashItems, para, subjectText } from "../letter-phrases.js";
import type { DocumentContent, DocumentContext, RequestKind } from "../kind.js";
import { informationExchangeSample } from "./sample.js";

// No "e-mail" here on purpose: what a committee hands over about a member is often classified, and classified
// material never travels by e-mail (DOMAIN.md "Security rules"). The letter itself follows the request's
// classification.
export const DELIVERY_FORMS = {
  truc_tiep: "gửi trực tiếp",
  buu_chinh: "gửi qua đường bưu chính (bảo đảm)",
  giao_lien: "gửi qua giao liên",
  mang_noi_bo: "gửi qua mạng thông tin nội bộ của Đảng",
} as const;
type DeliveryForm = keyof typeof DELIVERY_FORMS;
const DELIVERY_KEYS = Object.keys(DELIVERY_FORMS) as [DeliveryForm, ...DeliveryForm[]];

export const InformationExchangeSchema = z.object({
  about: SubjectSchema.describe("Tổ chức đảng hoặc đảng viên cần thông tin"),
  items: list(500, 30, "phải nêu ít nhất một thông tin, tài liệu").describe(
    "Thông tin, tài liệu đề nghị cung cấp",
  ),
  purpose: text(1000).describe("Mục đích sử dụng"),
  deadline: isoDate.describe("Hạn cung cấp"),
  delivery: z
    .enum(DELIVERY_KEYS, { error: "phải là trực tiếp, bưu chính, giao liên hoặc mạng nội bộ" })
    .describe("Hình thức chuyển"),
  contact: ContactSchema,
});

export type InformationExchange = z.infer<typeof InformationExchangeSchema>;

const SUBJECT = "đề nghị cung cấp thông tin, tài liệu";

function letter(p: InformationExchange, ctx: DocumentContext): DocumentContent {
  return {
    subject: SUBJECT,
    recipients: [ctx.recipient.name],
    body: [
      para(
        `Để phục vụ ${clause(p.purpose)}, ${ctx.issuer.name} đề nghị ${ctx.recipient.name} cung cấp thông tin, tài liệu liên quan đến ${subjectText(p.about)}, gồm:`,
      ),
      ...dashItems(p.items),
      para(
        `Thông tin, tài liệu đề nghị ${DELIVERY_FORMS[p.delivery]} về ${ctx.issuer.name} trước ngày ${d(p.deadline)}.`,
      ),
      para(`Thông tin liên hệ: đồng chí ${contactText(p.contact)}.`),
      para(`Rất mong nhận được sự quan tâm, phối hợp của ${ctx.recipient.name}.`),
    ],
  };
}

export const informationExchange: RequestKind<InformationExchange> = {
  kind: "information_exchange",
  label: "Trao đổi, cung cấp thông tin, tài liệu về tổ chức đảng, đảng viên",
  payloadSchema: InformationExchangeSchema as z.ZodType<InformationExchange>,
  defaultClassification: "thuong",
  minimumClassification: "thuong",
  subject: (p) => `${SUBJECT} về ${p.about.name}`,
  documents: [{ type: "CV", template: "cong-van", content: letter }],
  datesFromFilingDay: (p) => [{ path: ["deadline"], date: p.deadline, label: "hạn cung cấp" }],
  sample: informationExchangeSample,
};
