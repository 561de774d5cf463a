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

// Hà Nội has kept UTC+7 without daylight saving since 1975: from then on its wall clock is plain arithmetic,
// several times cheaper than formatToParts on a page that writes a date per row.
const HANOI_OFFSET_MS = 7 * 3600_000;
const FIXED_OFFSET_SINCE = Date.UTC(1975, 5, 13);
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** "05/03/2026 10:00" */
export function dateTimeVi(iso: string | null | undefined): string {
  if (!iso) return "—";
  const at = new Date(iso);
  if (!(at.getTime() >= FIXED_OFFSET_SINCE)) {
    const parts = Object.fromEntries(dateTime.formatToParts(at).map((p) => [p.type, p.value]));
    return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
  }
  const wall = new Date(at.getTime() + HANOI_OFFSET_MS);
  return `${two(wall.getUTCDate())}/${two(wall.getUTCMonth() + 1)}/${wall.getUTCFullYear()} ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`;
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
