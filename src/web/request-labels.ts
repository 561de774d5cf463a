// What the request screens call things, in Vietnamese.
import type { RequestStatus } from "../domain/request-state.js";

export const EVENT_LABELS: Record<string, string> = {
  created: "Tạo dự thảo",
  submit: "Trình lãnh đạo phê duyệt",
  approve: "Phê duyệt, cấp số văn bản",
  issued: "Ban hành văn bản",
  sent: "Đã gửi thư điện tử",
  delivery_failed: "Gửi thư không thành công",
  mail_withheld: "Không gửi qua thư điện tử (văn bản mật: chuyển theo đường giao liên)",
  reminder_composed: "Gửi thư nhắc trả lời",
  escalation_composed: "Báo cáo lãnh đạo: quá hạn kéo dài",
  overdue: "Quá hạn trả lời",
  reply_received: "Nhận được thư trả lời",
  reply_needs_review: "Nhận được thư trả lời, cần cán bộ xem xét",
  auto_reply_received: "Nhận thư trả lời tự động (vắng mặt), chưa phải trả lời",
  bounce_received: "Thư báo không gửi tới được người nhận",
  bounce_needs_review: "Nhận thư báo lỗi gửi, cần cán bộ xem xét",
  delivery_delayed: "Máy chủ thư báo đang chậm chuyển (chưa phải lỗi)",
  reply_confirmed: "Cán bộ xác nhận thư trả lời",
  bounce_confirmed: "Cán bộ xác nhận thư báo lỗi gửi",
  inbound_dismissed: "Cán bộ bỏ qua thư đến (không tính)",
  answer_recorded: "Ghi nhận nội dung trả lời",
  cancel: "Hủy yêu cầu",
  document_read: "Đã tải văn bản",
  submission_received: "Nhận báo cáo",
  handed_over: "Đã bàn giao văn bản mật (giao liên / trực tiếp): bắt đầu tính hạn trả lời",
  reminder_due_classified: "Đến hạn nhắc trả lời văn bản mật: nhắc qua đường giao liên",
  attachment_added: "Đính kèm tệp",
  attachment_removed: "Gỡ tệp đính kèm",
  attachment_read: "Tải tệp đính kèm",
  letter_registered: "Vào sổ văn bản đến",
};

/**
 * The timeline's words for an event. A download says who downloaded: the filing committee (the sender) or the
 * counterpart (the receiver); events recorded before the side was stored are told apart by the committee.
 */
export function eventLabel(
  e: { action: string; actorCommittee: string | null; detail: Record<string, unknown> | null },
  requestFrom: string,
): string {
  if (e.action === "document_read") {
    const side = e.detail?.side ?? (e.actorCommittee === requestFrom ? "sender" : "receiver");
    const format = e.detail?.format === "pdf" ? " (PDF)" : "";
    return side === "sender" ? `Bên gửi đã tải văn bản${format}` : `Bên nhận đã tải văn bản${format}`;
  }
  return EVENT_LABELS[e.action] ?? e.action;
}

/** How the timeline marks an event: a problem, a good outcome, or neither. */
export function eventTone(action: string): "bad" | "ok" | "" {
  if (
    [
      "delivery_failed",
      "bounce_received",
      "bounce_confirmed",
      "overdue",
      "escalation_composed",
      "cancel",
    ].includes(action)
  ) {
    return "bad";
  }
  if (["reply_received", "reply_confirmed", "answer_recorded", "approve", "sent"].includes(action))
    return "ok";
  return "";
}

export function statusTone(status: RequestStatus): "bad" | "warn" | "ok" | "" {
  if (status === "overdue" || status === "delivery_failed") return "bad";
  if (status === "submitted" || status === "draft") return "warn";
  if (status === "responded" || status === "in_progress" || status === "concluded") return "ok";
  return "";
}

export const INBOUND_KIND_LABELS: Record<string, string> = {
  human: "Thư trả lời",
  auto_reply: "Trả lời tự động (vắng mặt)",
  bounce: "Thư báo lỗi gửi",
  loop: "Thư lặp (bỏ qua)",
};

export const PURPOSE_LABELS: Record<string, string> = {
  letter: "Văn bản",
  reminder: "Thư nhắc",
  escalation: "Báo cáo quá hạn",
  notification: "Thông báo",
};
