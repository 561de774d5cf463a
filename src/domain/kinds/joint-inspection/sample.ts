import type { JointInspection } from "./index.js";

/** A valid payload for docs, previews and demos. */
export const jointInspectionSample: JointInspection = {
  activity: "kiem_tra",
  subjectMatter: "việc lãnh đạo, chỉ đạo công tác quản lý tài chính, tài sản của Đảng",
  legalBasis: [
    "Quy định số 296-QĐ/TW ngày 30/5/2025 của Ban Chấp hành Trung ương về công tác kiểm tra, giám sát và kỷ luật của Đảng",
    "Chương trình kiểm tra, giám sát năm 2026 của Ủy ban Kiểm tra Đảng ủy Công an Trung ương",
  ],
  purposes: [
    "Đánh giá đúng ưu điểm, hạn chế trong lãnh đạo, chỉ đạo công tác quản lý tài chính, tài sản của Đảng",
    "Kiểm tra đúng nguyên tắc, phương pháp, quy trình; bảo đảm khách quan, không gây cản trở hoạt động của đơn vị",
  ],
  organisations: ["Ban Thường vụ Đảng ủy Công an tỉnh Nghệ An"],
  members: [],
  period: { from: "2025-01-01", to: "2025-12-31" },
  timeline: { from: "2026-03-16", to: "2026-04-30" },
  team: [
    {
      name: "Lê Văn Hùng",
      position: "Phó Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Công an Trung ương",
      role: "Trưởng đoàn",
    },
    { name: "Phạm Thị Mai", position: "Ủy viên Ủy ban Kiểm tra Tỉnh ủy Nghệ An", role: "Phó Trưởng đoàn" },
    {
      name: "Đỗ Minh Tuấn",
      position: "Cán bộ Cơ quan Ủy ban Kiểm tra Đảng ủy Công an Trung ương",
      role: "Thành viên, thư ký",
    },
  ],
  leader: "Lê Văn Hùng",
  counterpartRequest:
    "cử 01 đồng chí tham gia Đoàn kiểm tra và chỉ đạo Ban Thường vụ Đảng ủy Công an tỉnh chuẩn bị báo cáo theo đề cương gửi kèm",
  contact: { name: "Đỗ Minh Tuấn", position: "Cán bộ Cơ quan Ủy ban Kiểm tra", phone: "069 234 5678" },
};
