import type { PeriodicReport } from "./index.js";

export const samplePeriodicReport: PeriodicReport = {
  scheduleCode: "catw-quy-tinh",
  scheduleName: "Báo cáo quý gửi ủy ban kiểm tra tỉnh ủy, thành ủy",
  periodKey: "2026-Q1",
  periodLabel: "quý I năm 2026",
  from: "2025-12-15",
  to: "2026-03-14",
  counterpartName: "Ủy ban Kiểm tra Tỉnh ủy Nghệ An",
  figures: [
    { content: "Yêu cầu phối hợp đã gửi", total: "4", coordinated: "3", rate: "75,00%" },
    { content: "Trả lời đúng hạn", total: "3", coordinated: "2", rate: "66,67%" },
  ],
  overdue: [{ reference: "PH-2026-0007", deadline: "12/03/2026" }],
  submitted: true,
};
