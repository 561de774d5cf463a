import type { AnnualProgram } from "./index.js";

/** A valid payload for docs, previews and demos. */
export const annualProgramSample: AnnualProgram = {
  scope: { type: "nam", year: 2026 },
  basis: [
    "Quy chế phối hợp trong công tác kiểm tra, giám sát giữa Đảng ủy Công an Trung ương với các tỉnh ủy, thành ủy",
    "Chương trình kiểm tra, giám sát năm 2026 của Ủy ban Kiểm tra Tỉnh ủy Nghệ An",
  ],
  objectives: [
    "Nâng cao chất lượng, hiệu quả phối hợp kiểm tra, giám sát đối với đảng bộ công an tỉnh",
    "Phát hiện sớm, xử lý kịp thời tổ chức đảng, đảng viên có dấu hiệu vi phạm",
  ],
  items: [
    {
      content: "Kiểm tra chuyên đề việc lãnh đạo, chỉ đạo công tác quản lý tài chính, tài sản của Đảng",
      time: "Quý II/2026",
      lead: "Ủy ban Kiểm tra Đảng ủy Công an Trung ương",
      partner: "Ủy ban Kiểm tra Tỉnh ủy Nghệ An",
    },
    {
      content: "Giám sát chuyên đề việc thực hiện quy định về những điều đảng viên không được làm",
      time: "Quý III/2026",
      lead: "Ủy ban Kiểm tra Tỉnh ủy Nghệ An",
      partner: "Ủy ban Kiểm tra Đảng ủy Công an Trung ương",
    },
  ],
  implementation: [],
};
