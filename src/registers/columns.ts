import { DOCUMENT_TYPES } from "../domain/document-types.js";
import { numericDateTimeVi } from "../domain/vn-format.js";
import type { DocumentType } from "../domain/kinds/kind.js";
import type { IncomingRow, OutgoingRow } from "../db/queries/registers.js";
import { HANDOVER_LABELS } from "./handover.js";

/** One column of a register, the same in JSON, the printed page, .xlsx and .csv. */
export interface RegisterColumn<R> {
  key: string;
  header: string;
  /** Excel width in characters; the set fits A4 landscape at 100% (≈ 150 characters across). */
  width: number;
  type: "text" | "number" | "date";
  value(row: R): string | number | null;
}

export const CLASSIFICATION_LABELS: Record<string, string> = {
  thuong: "",
  mat: "MẬT",
  toi_mat: "TỐI MẬT",
  tuyet_mat: "TUYỆT MẬT",
};
export const URGENCY_LABELS: Record<string, string> = {
  thuong: "",
  khan: "KHẨN",
  thuong_khan: "THƯỢNG KHẨN",
  hoa_toc: "HỎA TỐC",
};
const MAIL_LABELS: Record<string, string> = {
  pending: "đang gửi",
  sending: "đang gửi",
  uncertain: "chưa rõ đã gửi được chưa",
  sent: "đã gửi",
  outbox: "trong hộp thư đi (chưa cấu hình máy chủ thư)",
  delivery_failed: "gửi không thành công",
  refused: "bị từ chối gửi",
  cancelled: "đã hủy",
};

const timeVi = numericDateTimeVi;

export function deliveryMethod(r: OutgoingRow): string {
  if (r.classification !== "thuong")
    return r.handoverMethod ? HANDOVER_LABELS[r.handoverMethod as "courier"] : "Giao liên / trực tiếp";
  return "Thư điện tử";
}

export function deliveryState(r: OutgoingRow): string {
  if (r.dispatchStatus === "answered") return `Đã trả lời${r.answeredAt ? ` ${timeVi(r.answeredAt)}` : ""}`;
  if (r.classification !== "thuong") {
    if (!r.handoverAt)
      return r.rendered ? "Chờ bàn giao (văn bản mật không gửi thư điện tử)" : "Đang tạo văn bản";
    const receipt = r.handoverReceipt ? `, biên nhận số ${r.handoverReceipt}` : "";
    return `Đã bàn giao ${timeVi(r.handoverAt)}: ${r.handoverCarriedBy} giao, ${r.handoverReceivedBy} nhận${receipt}`;
  }
  if (!r.mailStatus) return r.rendered ? "Chưa gửi" : "Đang tạo văn bản";
  return `Thư ${MAIL_LABELS[r.mailStatus] ?? r.mailStatus}${r.sentAt ? ` ${timeVi(r.sentAt)}` : ""}`;
}

const typeName = (code: string) => DOCUMENT_TYPES[code as DocumentType]?.name ?? code;
const marks = (c: string, u: string) =>
  [CLASSIFICATION_LABELS[c], URGENCY_LABELS[u]].filter(Boolean).join(", ");

export const OUTGOING_COLUMNS: RegisterColumn<OutgoingRow>[] = [
  { key: "number", header: "Số", width: 6, type: "number", value: (r) => r.number },
  { key: "symbol", header: "Số và ký hiệu", width: 16, type: "text", value: (r) => r.symbol },
  { key: "issuedOn", header: "Ngày văn bản", width: 11, type: "date", value: (r) => r.issuedOn },
  { key: "type", header: "Loại văn bản", width: 11, type: "text", value: (r) => typeName(r.typeCode) },
  { key: "subject", header: "Trích yếu nội dung", width: 34, type: "text", value: (r) => r.subject },
  {
    key: "signer",
    header: "Người ký",
    width: 16,
    type: "text",
    value: (r) => [r.signerTitle, r.signerName].filter(Boolean).join(" "),
  },
  {
    key: "recipients",
    header: "Nơi nhận",
    width: 20,
    type: "text",
    value: (r) => [r.recipientName ?? r.recipientCode, ...r.copyTo].join("; "),
  },
  {
    key: "marks",
    header: "Độ mật, độ khẩn",
    width: 10,
    type: "text",
    value: (r) => marks(r.classification, r.urgency),
  },
  { key: "method", header: "Cách gửi", width: 12, type: "text", value: deliveryMethod },
  { key: "state", header: "Tình trạng chuyển giao", width: 24, type: "text", value: deliveryState },
  { key: "reference", header: "Mã yêu cầu", width: 13, type: "text", value: (r) => r.reference },
];

const SOURCE_LABELS: Record<string, string> = {
  phoihop: "Qua hệ thống phối hợp",
  reply_attachment: "Kèm thư trả lời",
  new_mail: "Thư mới",
  manual: "Văn bản giấy",
};
const DELIVERY_LABELS: Record<string, string> = {
  phoihop: "Hệ thống phối hợp",
  email: "Thư điện tử",
  courier: "Giao liên",
  by_hand: "Giao trực tiếp",
  post: "Bưu điện",
};

export const INCOMING_COLUMNS: RegisterColumn<IncomingRow>[] = [
  { key: "number", header: "Số đến", width: 7, type: "number", value: (r) => r.number },
  { key: "receivedOn", header: "Ngày đến", width: 11, type: "date", value: (r) => r.receivedOn },
  { key: "issuer", header: "Cơ quan ban hành", width: 26, type: "text", value: (r) => r.issuerName },
  { key: "symbol", header: "Số và ký hiệu", width: 16, type: "text", value: (r) => r.symbol },
  { key: "issuedOn", header: "Ngày văn bản", width: 11, type: "date", value: (r) => r.issuedOn },
  { key: "summary", header: "Trích yếu nội dung", width: 38, type: "text", value: (r) => r.summary },
  {
    key: "marks",
    header: "Độ mật, độ khẩn",
    width: 10,
    type: "text",
    value: (r) => marks(r.classification, r.urgency),
  },
  {
    key: "delivery",
    header: "Cách nhận",
    width: 14,
    type: "text",
    value: (r) => DELIVERY_LABELS[r.delivery] ?? r.delivery,
  },
  {
    key: "source",
    header: "Nguồn",
    width: 14,
    type: "text",
    value: (r) => SOURCE_LABELS[r.source] ?? r.source,
  },
  { key: "reference", header: "Mã yêu cầu", width: 13, type: "text", value: (r) => r.reference },
];
