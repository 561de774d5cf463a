import { z } from "zod";
import { list, text } from "../payload-fields.js";
import { basisLine, clause, dashItems, heading, para } from "../letter-phrases.js";
import type { Block, DocumentContent, DocumentContext, RequestKind } from "../kind.js";
import type { ProgrammeRow } from "../layouts.js";
import { annualProgramSample } from "./sample.js";

const ItemSchema = z.object({
  content: text(1000).describe("Nội dung phối hợp"),
  time: text(100).describe("Thời gian, ví dụ: Quý II/2026"),
  lead: text(300).describe("Đơn vị chủ trì"),
  partner: text(300).describe("Đơn vị phối hợp"),
});

const ScopeSchema = z.discriminatedUnion(
  "type",
  [
    z.object({
      type: z.literal("nam"),
      year: z
        .number({ error: "phải là một năm" })
        .int("phải là số nguyên")
        .min(2020, "năm không hợp lệ")
        .max(2100, "năm không hợp lệ"),
    }),
    z.object({
      type: z.literal("toan_khoa"),
      term: z.string().regex(/^\d{4}-\d{4}$/, "nhiệm kỳ dạng 2025-2030"),
    }),
  ],
  { error: "phạm vi phải là năm (nam) hoặc toàn khóa (toan_khoa)" },
);

export const AnnualProgramSchema = z.object({
  scope: ScopeSchema.describe("Chương trình hằng năm hay toàn khóa"),
  basis: list(500, 20, "phải nêu ít nhất một căn cứ").describe("Căn cứ xây dựng chương trình"),
  objectives: list(1000, 20, "phải nêu ít nhất một mục đích, yêu cầu").describe("Mục đích, yêu cầu"),
  items: z
    .array(ItemSchema)
    .min(1, "phải có ít nhất một nội dung phối hợp")
    .max(100, "không quá 100 nội dung")
    .describe("Nội dung phối hợp"),
  implementation: z.array(text(1000)).max(20).default([]).describe("Tổ chức thực hiện"),
});

export type AnnualProgram = z.infer<typeof AnnualProgramSchema>;

function scopeText(p: AnnualProgram): string {
  return p.scope.type === "nam" ? `năm ${p.scope.year}` : `nhiệm kỳ ${p.scope.term.replace("-", " - ")}`;
}

const programmeSubject = (p: AnnualProgram) => `phối hợp kiểm tra, giám sát ${scopeText(p)}`;

function programmeBody(p: AnnualProgram, ctx: DocumentContext): Block[] {
  return [
    ...p.basis.map(basisLine),
    para(
      `${ctx.issuer.name} và ${ctx.recipient.name} thống nhất Chương trình ${programmeSubject(p)}, như sau:`,
    ),
    heading("I- MỤC ĐÍCH, YÊU CẦU"),
    ...dashItems(p.objectives.map(clause)),
    heading("II- NỘI DUNG PHỐI HỢP"),
  ];
}

// Without items of its own the section still says who carries the programme out, never an empty heading.
function programmeAfterTable(p: AnnualProgram, ctx: DocumentContext): Block[] {
  const items = p.implementation.length
    ? dashItems(p.implementation.map(clause))
    : [
        para(
          `Cơ quan Ủy ban Kiểm tra hai bên chủ động phối hợp triển khai các nội dung trên; kết quả thực hiện được tổng hợp trong báo cáo công tác kiểm tra, giám sát ${scopeText(p)} của ${ctx.issuer.name}.`,
        ),
      ];
  return [heading("III- TỔ CHỨC THỰC HIỆN"), ...items];
}

function programme(p: AnnualProgram, ctx: DocumentContext): DocumentContent {
  const rows: ProgrammeRow[] = p.items.map(({ content, time, lead, partner }) => ({
    content,
    time,
    lead,
    partner,
  }));
  return {
    subject: programmeSubject(p),
    body: programmeBody(p, ctx),
    rows,
    afterTable: programmeAfterTable(p, ctx),
  };
}

// A chương trình has no "Kính gửi", so, as for a plan, a letter sends it to the counterpart by name.
function coverLetter(p: AnnualProgram, ctx: DocumentContext): DocumentContent {
  return {
    subject: `gửi Chương trình ${programmeSubject(p)}`,
    recipients: [ctx.recipient.name],
    body: [
      para(
        `${ctx.issuer.name} gửi ${ctx.recipient.name} Chương trình ${programmeSubject(p)} (gửi kèm theo).`,
      ),
      para(
        `Đề nghị ${ctx.recipient.name} phối hợp triển khai thực hiện các nội dung được phân công; quá trình thực hiện nếu có vướng mắc, đề nghị trao đổi với Cơ quan ${ctx.issuer.name} để thống nhất giải quyết.`,
      ),
    ],
  };
}

export const annualProgram: RequestKind<AnnualProgram> = {
  kind: "annual_program",
  label: "Chương trình phối hợp kiểm tra, giám sát hằng năm, toàn khóa",
  payloadSchema: AnnualProgramSchema as z.ZodType<AnnualProgram>,
  defaultClassification: "thuong",
  minimumClassification: "thuong",
  subject: (p) => `Chương trình ${programmeSubject(p)}`,
  documents: [
    { type: "CTr", template: "chuong-trinh", content: programme },
    { type: "CV", template: "cong-van", content: coverLetter },
  ],
  // A programme's period ends on 31/12 of its year (or of the term's last year).
  datesFromFilingDay: (p) => [
    p.scope.type === "nam"
      ? {
          path: ["scope", "year"],
          date: `${p.scope.year}-12-31`,
          label: "năm của chương trình (kết thúc ngày)",
        }
      : {
          path: ["scope", "term"],
          date: `${p.scope.term.slice(5)}-12-31`,
          label: "nhiệm kỳ (kết thúc ngày)",
        },
  ],
  sample: annualProgramSample,
};
