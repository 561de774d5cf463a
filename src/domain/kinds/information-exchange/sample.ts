import type { InformationExchange } from "./index.js";

/** A valid payload for docs, previews and demos. */
export const informationExchangeSample: InformationExchange = {
  about: { type: "to_chuc_dang", name: "Đảng ủy Công an tỉnh Hà Tĩnh" },
  items: [
    "báo cáo kết quả thực hiện nhiệm vụ kiểm tra, giám sát năm 2025",
    "danh sách đảng viên bị thi hành kỷ luật năm 2025 (họ tên, chức vụ, hình thức kỷ luật)",
  ],
  purpose: "việc xây dựng Chương trình phối hợp kiểm tra, giám sát năm 2026",
  deadline: "2026-03-25",
  delivery: "buu_chinh",
  contact: { name: "Đỗ Minh Tuấn", position: "Cán bộ Cơ quan Ủy ban Kiểm tra", phone: "069 234 5678" },
};
