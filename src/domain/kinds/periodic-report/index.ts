import { z } from "zod";
import { d } from "../letter-phrases.js";
import type { DocumentContent, RequestKind } from "../kind.js";
import { dueDayText } from "../../vn-format.js";
import { samplePeriodicReport } from "./sample.js";

const Figure = z.object({
  content: z.string(),
  total: z.string(),
  coordinated: z.string(),
  rate: z.string(),
});

export const PeriodicReportSchema = z.object({
  scheduleCode: z.string(),
  scheduleName: z.string(),
  periodKey: z.string(),
  /** "quý I năm 2026", "6 tháng đầu năm 2026", … */
  periodLabel: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  /** The day the counterpart's figures are due (the schedule's cut-off on the working-day calendar). */
  dueOn: z.iso.date().optional(),
  counterpartName: z.string(),
  figures: z.array(Figure),
  overdue: z.array(z.object({ reference: z.string(), deadline: z.string() })),
  submitted: z.boolean(),
});
export type PeriodicReport = z.infer<typeof PeriodicReportSchema>;

function report(p: PeriodicReport): DocumentContent {
  return {
    subject: `kết quả phối hợp công tác kiểm tra, giám sát ${p.periodLabel}`,
    body: [
      { text: "I- KẾT QUẢ PHỐI HỢP", heading: true },
      {
        text: `Số liệu từ ngày ${d(p.from)} đến ngày ${d(p.to)} giữa hai ủy ban${p.submitted ? `, gồm số liệu do ${p.counterpartName} gửi` : ""}:`,
      },
    ],
    rows: p.figures,
    afterTable: [
      { text: "II- CÁC VIỆC CHƯA ĐƯỢC TRẢ LỜI ĐÚNG HẠN", heading: true },
      ...(p.overdue.length
        ? p.overdue.map((o) => ({
            text: `- Yêu cầu ${o.reference}: hạn trả lời ${o.deadline}, chưa có trả lời.`,
          }))
        : [{ text: "Không có." }]),
      ...(p.submitted
        ? []
        : [
            {
              text: `${p.counterpartName} chưa gửi số liệu của kỳ này${p.dueOn ? `; đề nghị gửi trước ${dueDayText(p.dueOn)}` : ""}.`,
            },
          ]),
    ],
  };
}

/** The periodic report (báo cáo) a schedule issues each period: made and numbered by the service, never by hand. */
export const periodicReport: RequestKind<PeriodicReport> = {
  kind: "periodic_report",
  label: "Báo cáo định kỳ kết quả phối hợp",
  payloadSchema: PeriodicReportSchema,
  defaultClassification: "thuong",
  minimumClassification: "thuong",
  subject: (p) => `báo cáo kết quả phối hợp ${p.periodLabel}`,
  documents: [{ type: "BC", template: "bao-cao", content: (p) => report(p) }],
  sample: samplePeriodicReport,
  systemOnly: true,
};
