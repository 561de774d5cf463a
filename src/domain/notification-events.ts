import type { Role } from "./request-state.js";

/**
 * Who among the filing committee's own people hears of what happens to a request. Only that committee's users are
 * ever recipients (the counterpart learns by letter); the person who acted is never told of their own act.
 */
export interface NotificationEvent {
  /** The audit event action that raises it. */
  action: string;
  type: string;
  /** Users of the filing committee holding one of these roles. */
  roles: readonly Role[];
  /** The person who filed the request (its creating token's user). */
  creator: boolean;
  followers: boolean;
  /** Never only in a digest: delivery failures and escalations. */
  urgent: boolean;
  /** Vietnamese, without anything from the request's content. */
  title: (reference: string) => string;
}

export const NOTIFICATION_EVENTS: readonly NotificationEvent[] = [
  {
    action: "submit",
    type: "submitted_for_approval",
    roles: ["approver"],
    creator: false,
    followers: false,
    urgent: false,
    title: (r) => `Yêu cầu ${r} chờ phê duyệt`,
  },
  {
    action: "approve",
    type: "approved",
    roles: [],
    creator: true,
    followers: true,
    urgent: false,
    title: (r) => `Yêu cầu ${r} đã được phê duyệt`,
  },
  {
    action: "sent",
    type: "letter_sent",
    roles: [],
    creator: true,
    followers: true,
    urgent: false,
    title: (r) => `Văn bản của yêu cầu ${r} đã được gửi`,
  },
  {
    action: "delivery_failed",
    type: "delivery_failed",
    roles: ["clerk", "approver"],
    creator: true,
    followers: true,
    urgent: true,
    title: (r) => `Gửi thư yêu cầu ${r} không thành công`,
  },
  {
    action: "bounce_received",
    type: "delivery_failed",
    roles: ["clerk", "approver"],
    creator: true,
    followers: true,
    urgent: true,
    title: (r) => `Thư yêu cầu ${r} bị trả lại`,
  },
  {
    action: "reply_received",
    type: "reply_received",
    roles: ["clerk"],
    creator: true,
    followers: true,
    urgent: false,
    title: (r) => `Đã có trả lời cho yêu cầu ${r}`,
  },
  {
    action: "reply_needs_review",
    type: "reply_received",
    roles: ["clerk"],
    creator: true,
    followers: true,
    urgent: false,
    title: (r) => `Thư trả lời yêu cầu ${r} cần cán bộ xem xét trước khi được tính`,
  },
  {
    action: "bounce_needs_review",
    type: "delivery_failed",
    roles: ["clerk"],
    creator: true,
    followers: true,
    urgent: false,
    title: (r) => `Thư báo lỗi gửi của yêu cầu ${r} cần cán bộ xem xét`,
  },
  {
    action: "auto_reply_received",
    type: "auto_reply_received",
    roles: [],
    creator: true,
    followers: true,
    urgent: false,
    title: (r) => `Thư trả lời tự động (vắng mặt) cho yêu cầu ${r}`,
  },
  {
    action: "reminder_composed",
    type: "deadline_near",
    roles: [],
    creator: true,
    followers: true,
    urgent: false,
    title: (r) => `Đã nhắc bên kia trả lời yêu cầu ${r}`,
  },
  {
    action: "reminder_due_classified",
    type: "deadline_near",
    roles: ["clerk"],
    creator: true,
    followers: true,
    urgent: false,
    title: (r) => `Yêu cầu ${r} (mật) đến hạn nhắc trả lời: nhắc qua đường giao liên, không gửi thư điện tử`,
  },
  {
    action: "overdue",
    type: "overdue",
    roles: ["approver"],
    creator: true,
    followers: true,
    urgent: false,
    title: (r) => `Yêu cầu ${r} đã quá hạn trả lời`,
  },
  {
    action: "escalation_composed",
    type: "escalated",
    roles: ["approver"],
    creator: true,
    followers: true,
    urgent: true,
    title: (r) => `Yêu cầu ${r}: đã đề nghị bên kia trả lời gấp`,
  },
];

/** Events about a committee rather than one of its requests, and who in that committee hears of them. */
export const COMMITTEE_EVENTS = {
  report_due: {
    roles: ["clerk", "approver"] as Role[],
    title: (period: string) => `Đã nhận báo cáo kỳ ${period}: đề nghị gửi số liệu của kỳ`,
  },
  submission_missing: {
    roles: ["clerk", "approver"] as Role[],
    title: (period: string) => `Chưa gửi số liệu kỳ ${period}`,
  },
  registry_incomplete: {
    roles: ["admin"] as Role[],
    title: (reference: string) => `Yêu cầu ${reference} chưa phê duyệt được: danh bạ còn thiếu thông tin`,
  },
  template_changed: {
    roles: ["admin"] as Role[],
    title: (name: string) => `Mẫu văn bản “${name}” đã thay đổi`,
  },
} as const;

export const NOTIFICATION_TYPES = [
  ...new Set([...NOTIFICATION_EVENTS.map((e) => e.type), ...Object.keys(COMMITTEE_EVENTS)]),
];

export function notificationFor(action: string): NotificationEvent | undefined {
  return NOTIFICATION_EVENTS.find((e) => e.action === action);
}
