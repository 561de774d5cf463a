import type { ComplaintResolution } from "./index.js";

/** A valid payload for docs, previews and demos (the person is invented). */
export const complaintResolutionSample: ComplaintResolution = {
  caseType: "to_cao",
  concerned: {
    type: "dang_vien",
    name: "Hoàng Văn Sơn",
    details: "Đội trưởng Đội Cảnh sát giao thông, Công an xã Diễn Châu, tỉnh Nghệ An",
  },
  summary:
    "đơn phản ánh đồng chí Hoàng Văn Sơn có dấu hiệu vi phạm quy định về những điều đảng viên không được làm trong thực hiện nhiệm vụ được giao.",
  receivedOn: "2026-02-09",
  asks: [
    "cung cấp hồ sơ đảng viên và bản nhận xét của chi bộ nơi đồng chí Hoàng Văn Sơn sinh hoạt",
    "cử 01 đồng chí phối hợp xác minh nội dung tố cáo",
  ],
  deadline: "2026-03-31",
  contact: { name: "Trần Thị Lan", position: "Phó Chủ nhiệm Ủy ban Kiểm tra", phone: "0238 3844 123" },
};
