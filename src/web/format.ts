// How the screens write dates, people and states: Vietnamese, in Hà Nội time.
import type { Role } from "../domain/request-state.js";

const dateTime = new Intl.DateTimeFormat("vi-VN", {
  timeZone: "Asia/Ho_Chi_Minh",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat("vi-VN", {
  timeZone: "Asia/Ho_Chi_Minh",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});

/** "05/03/2026 10:00" */
export function dateTimeVi(iso: string | null | undefined): string {
  if (!iso) return "—";
  const parts = Object.fromEntries(dateTime.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** "05/03/2026" from an ISO date or instant. */
export function dateVi(iso: string | null | undefined): string {
  if (!iso) return "—";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split("-");
    return `${d}/${m}/${y}`;
  }
  return dateOnly.format(new Date(iso));
}

export const ROLE_LABELS: Record<Role, string> = {
  clerk: "Chuyên viên",
  approver: "Lãnh đạo phê duyệt",
  admin: "Quản trị",
  auditor: "Xem để kiểm tra",
  operator: "Vận hành hệ thống",
  mail_gateway: "Cổng thư",
};

export const CLASSIFICATION_LABELS: Record<string, string> = {
  thuong: "Thường",
  mat: "Mật",
  toi_mat: "Tối mật",
  tuyet_mat: "Tuyệt mật",
};

/** Why a letter was not e-mailed, as stored ("classified:mat"), in words. */
export function withheldWords(reason: string): string {
  const classified = /^classified:(\w+)$/.exec(reason);
  if (classified) {
    const level = CLASSIFICATION_LABELS[classified[1]!] ?? classified[1]!;
    return `Văn bản ${level.toLowerCase()}: không gửi qua thư điện tử, chuyển theo đường giao liên`;
  }
  return reason;
}

export const URGENCY_LABELS: Record<string, string> = {
  thuong: "Thường",
  khan: "Khẩn",
  thuong_khan: "Thượng khẩn",
  hoa_toc: "Hỏa tốc",
};

export const ANSWER_LABELS: Record<string, string> = {
  accepted: "Đồng ý",
  declined: "Từ chối",
  needs_info: "Cần bổ sung thông tin",
};
