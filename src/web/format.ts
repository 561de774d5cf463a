// How the screens write dates, people and states: Vietnamese, in Hà Nội time.
import type { Role } from "../domain/request-state.js";
import { numericDateTimeVi, numericDateVi, parseIsoDate, wallClockInVietnam } from "../domain/vn-format.js";

/** "05/03/2026 10:00" */
export function dateTimeVi(iso: string | null | undefined): string {
  return iso ? numericDateTimeVi(new Date(iso)) : "—";
}

/** "05/03/2026" from an ISO date or instant. */
export function dateVi(iso: string | null | undefined): string {
  if (!iso) return "—";
  return numericDateVi(
    /^\d{4}-\d{2}-\d{2}$/.test(iso) ? parseIsoDate(iso) : wallClockInVietnam(new Date(iso)),
  );
}

/** "Tháng 3 năm 2026" from "tháng 3 năm 2026". */
export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

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
  const code = /^classified:(\w+)$/.exec(reason)?.[1];
  if (code !== undefined) {
    const level = CLASSIFICATION_LABELS[code] ?? code;
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
