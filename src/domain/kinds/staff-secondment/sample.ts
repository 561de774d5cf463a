import type { StaffSecondment } from "./index.js";

/** A valid payload for docs, previews and demos. */
export const staffSecondmentSample: StaffSecondment = {
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
};
