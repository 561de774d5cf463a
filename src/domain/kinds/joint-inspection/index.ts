import { z } from "zod";
import { countWithWords } from "../../vn-format.js";
import { ContactSchema, list, PeriodSchema, text } from "../payload-fields.js";
import {
  basisLine,
  clause,
  comrade,
  contactText,
  dashItems,
  heading,
  para,
  periodText,
  targetsText,
} from "../letter-phrases.js";
import type { Block, DocumentContent, DocumentContext, RequestKind } from "../kind.js";
import type { TeamRow } from "../layouts.js";
import { jointInspectionSample } from "./sample.js";

const TeamMemberSchema = z.object({
  name: text(120).describe("Họ và tên"),
  position: text(200).describe("Chức vụ, đơn vị công tác"),
  role: text(100).describe("Nhiệm vụ trong Đoàn: Trưởng đoàn, Phó Trưởng đoàn, Thành viên, Thư ký …"),
});

export const JointInspectionSchema = z
  .object({
    activity: z
      .enum(["kiem_tra", "giam_sat"], { error: "phải là kiểm tra hoặc giám sát" })
      .describe("Kiểm tra hay giám sát chuyên đề"),
    subjectMatter: text(500).describe("Chuyên đề"),
    legalBasis: list(500, 20, "phải nêu ít nhất một căn cứ").describe("Căn cứ ban hành kế hoạch"),
    purposes: list(1000, 20, "phải nêu ít nhất một mục đích, yêu cầu").describe("Mục đích, yêu cầu"),
    organisations: z.array(text(300)).max(200).default([]).describe("Tổ chức đảng được kiểm tra, giám sát"),
    members: z.array(text(200)).max(500).default([]).describe("Đảng viên được kiểm tra, giám sát"),
    period: PeriodSchema.describe("Thời kỳ kiểm tra, giám sát"),
    timeline: PeriodSchema.describe("Thời gian tiến hành"),
    team: z
      .array(TeamMemberSchema)
      .min(2, "Đoàn phải có ít nhất 02 thành viên")
      .max(30, "Đoàn không quá 30 thành viên")
      .describe("Thành phần Đoàn"),
    leader: text(120).describe("Họ tên Trưởng đoàn (một thành viên của Đoàn)"),
    counterpartRequest: text(1000).describe("Đề nghị đơn vị phối hợp làm gì"),
    contact: ContactSchema,
  })
  .refine((p) => p.organisations.length + p.members.length > 0, {
    message: "phải nêu ít nhất một tổ chức đảng hoặc đảng viên được kiểm tra, giám sát",
    path: ["organisations"],
  })
  .refine((p) => p.team.some((m) => m.name === p.leader), {
    message: "Trưởng đoàn phải là một thành viên của Đoàn",
    path: ["leader"],
  })
  .refine((p) => p.period.to <= p.timeline.from, {
    message: "thời kỳ kiểm tra phải kết thúc trước khi tiến hành",
    path: ["period", "to"],
  });

export type JointInspection = z.infer<typeof JointInspectionSchema>;

const ACTIVITY = { kiem_tra: "kiểm tra", giam_sat: "giám sát" } as const;
const planSubject = (p: JointInspection) => `${ACTIVITY[p.activity]} chuyên đề ${p.subjectMatter}`;

function leaderText(p: JointInspection): string {
  const leader = p.team.find((m) => m.name === p.leader);
  return leader ? `${comrade(leader.name)}, ${clause(leader.position)}` : comrade(p.leader);
}

function planBody(p: JointInspection, ctx: DocumentContext): Block[] {
  const act = ACTIVITY[p.activity];
  return [
    ...p.legalBasis.map(basisLine),
    para(
      `${ctx.issuer.name} phối hợp với ${ctx.recipient.name} xây dựng Kế hoạch ${planSubject(p)}, như sau:`,
    ),
    heading("I- MỤC ĐÍCH, YÊU CẦU"),
    ...dashItems(p.purposes),
    heading(`II- NỘI DUNG, ĐỐI TƯỢNG, THỜI KỲ ${act.toLocaleUpperCase("vi-VN")}`),
    para(`1. Nội dung: ${p.subjectMatter}.`),
    para(`2. Đối tượng: ${targetsText(p.organisations, p.members)}.`),
    para(`3. Thời kỳ ${act}: ${periodText(p.period)}.`),
    heading(`III- THÀNH PHẦN ĐOÀN ${act.toLocaleUpperCase("vi-VN")}`),
    para(`Đoàn ${act} gồm ${countWithWords(p.team.length)} đồng chí, do ${leaderText(p)} làm Trưởng đoàn:`),
  ];
}

function planAfterTable(p: JointInspection, ctx: DocumentContext): Block[] {
  return [
    heading("IV- THỜI GIAN, TỔ CHỨC THỰC HIỆN"),
    para(`1. Thời gian tiến hành: ${periodText(p.timeline)}.`),
    para(`2. Đề nghị ${ctx.recipient.name} ${p.counterpartRequest}.`),
    para(`3. Thông tin liên hệ: đồng chí ${contactText(p.contact)}.`),
  ];
}

function plan(p: JointInspection, ctx: DocumentContext): DocumentContent {
  const rows: TeamRow[] = p.team.map(({ name, position, role }) => ({ name, position, role }));
  return {
    subject: planSubject(p),
    body: planBody(p, ctx),
    rows,
    afterTable: planAfterTable(p, ctx),
  };
}

// The plan has no "Kính gửi": the letter is what asks the counterpart, by name, to take part.
function coverLetter(p: JointInspection, ctx: DocumentContext): DocumentContent {
  const body = [
    `${ctx.issuer.name} ban hành Kế hoạch ${planSubject(p)} đối với ${targetsText(p.organisations, p.members)}, thời kỳ ${ACTIVITY[p.activity]} ${periodText(p.period)} (gửi kèm theo).`,
    `Để cuộc ${ACTIVITY[p.activity]} bảo đảm chất lượng, hiệu quả, ${ctx.issuer.name} đề nghị ${ctx.recipient.name} ${p.counterpartRequest}. Thời gian tiến hành ${periodText(p.timeline)}.`,
    `Thông tin liên hệ: đồng chí ${contactText(p.contact)}.`,
    `Rất mong nhận được sự quan tâm, phối hợp của ${ctx.recipient.name}.`,
  ];
  return {
    subject: `phối hợp thực hiện Kế hoạch ${planSubject(p)}`,
    recipients: [ctx.recipient.name],
    body: body.map(para),
  };
}

export const jointInspection: RequestKind<JointInspection> = {
  kind: "joint_inspection",
  label: "Kế hoạch kiểm tra, giám sát chuyên đề có sự phối hợp",
  payloadSchema: JointInspectionSchema as z.ZodType<JointInspection>,
  defaultClassification: "thuong",
  minimumClassification: "thuong",
  subject: (p) => `Kế hoạch ${planSubject(p)}`,
  // The plan first: it is the decision and takes its number; the letter then sends it and asks for help.
  documents: [
    { type: "KH", template: "ke-hoach", content: plan },
    { type: "CV", template: "cong-van", content: coverLetter },
  ],
  datesFromFilingDay: (p) => [
    { path: ["timeline", "from"], date: p.timeline.from, label: "ngày bắt đầu tiến hành" },
  ],
  sample: jointInspectionSample,
};
