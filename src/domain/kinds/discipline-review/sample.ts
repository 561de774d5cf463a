import type { DisciplineReview } from "./index.js";

/** A valid payload for docs, previews and demos (the person is invented). */
export const disciplineReviewSample: DisciplineReview = {
  member: {
    name: "Nguyễn Văn Bình",
    position: "Phó Trưởng phòng Cảnh sát kinh tế, Công an tỉnh Nghệ An",
    partyOrganisation: "Chi bộ Phòng Cảnh sát kinh tế, Đảng bộ Công an tỉnh Nghệ An",
  },
  violation:
    "thiếu trách nhiệm trong lãnh đạo, chỉ đạo, để cán bộ thuộc quyền vi phạm quy định về quản lý tài sản công năm 2025.",
  basis: "Kết luận kiểm tra số 05-KL/UBKTTU ngày 20/01/2026",
  proposedForm: "canh_cao",
  opinionDeadline: "2026-03-20",
  files: [
    "Kết luận kiểm tra số 05-KL/UBKTTU ngày 20/01/2026 của Ủy ban Kiểm tra Tỉnh ủy Nghệ An",
    "Bản tự kiểm điểm của đồng chí Nguyễn Văn Bình ngày 10/02/2026",
  ],
  contact: { name: "Trần Thị Lan", position: "Phó Chủ nhiệm Ủy ban Kiểm tra", phone: "0238 3844 123" },
};
