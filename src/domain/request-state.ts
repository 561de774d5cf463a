/** The request lifecycle (DESIGN.md "Request lifecycle"): what is allowed, from where, for whom. Pure. */
export const REQUEST_STATUSES = [
  "draft",
  "submitted",
  "approved",
  "issued",
  "sent",
  "delivery_failed",
  "responded",
  "in_progress",
  "overdue",
  "concluded",
  "cancelled",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Roles a person holds in a committee: its admin grants them (web, API). */
export const COMMITTEE_ROLES = ["clerk", "approver", "admin", "auditor"] as const;
/**
 * Roles of the deployment, not of a committee: `operator` runs the service (the queue dashboard and the shared
 * queues of every committee). Only the command line grants it (`phoihop user create --role operator`); no
 * committee admin can, so no committee controls another's work.
 */
export const DEPLOYMENT_ROLES = ["operator"] as const;
/** The roles people hold. */
export const ROLES = [...COMMITTEE_ROLES, ...DEPLOYMENT_ROLES] as const;
/**
 * The mail gateway's credential (never a person's, never combined with another role): it may only post raw mail
 * to POST /v1/inbound/mime, and a committee's admin may not.
 */
export const GATEWAY_ROLE = "mail_gateway";
export type Role = (typeof ROLES)[number] | typeof GATEWAY_ROLE;
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number];

/** Actions people take through the API, and actions the system takes when work completes. */
export type UserAction = "submit" | "approve" | "cancel" | "accept_answer" | "decline_answer";
export type SystemAction = "issue" | "send" | "fail_delivery" | "respond" | "mark_overdue" | "auto_approve";
export type RequestAction = UserAction | SystemAction;

interface Rule {
  from: readonly RequestStatus[];
  to: RequestStatus;
  roles: readonly Role[] | "system";
}

const FINAL: readonly RequestStatus[] = ["concluded", "cancelled"];

const RULES: Record<RequestAction, Rule> = {
  submit: { from: ["draft"], to: "submitted", roles: ["clerk", "approver"] },
  approve: { from: ["submitted"], to: "approved", roles: ["approver"] },
  cancel: {
    from: REQUEST_STATUSES.filter((s) => !FINAL.includes(s)),
    to: "cancelled",
    roles: ["clerk", "approver"],
  },
  issue: { from: ["approved"], to: "issued", roles: "system" },
  send: { from: ["issued", "delivery_failed"], to: "sent", roles: "system" },
  fail_delivery: { from: ["issued", "sent", "overdue"], to: "delivery_failed", roles: "system" },
  // A human reply matched to the request; an out-of-office never gets here.
  respond: { from: ["sent", "overdue", "delivery_failed"], to: "responded", roles: "system" },
  mark_overdue: { from: ["sent"], to: "overdue", roles: "system" },
  // A scheduled report: the schedule was approved when it was configured, each run is issued by the service.
  auto_approve: { from: ["submitted"], to: "approved", roles: "system" },
  // A clerk confirms what the answer says (the service only suggests it).
  accept_answer: { from: ["responded"], to: "in_progress", roles: ["clerk", "approver"] },
  decline_answer: { from: ["responded"], to: "concluded", roles: ["clerk", "approver"] },
};

/** Who may take a person's action (the route says so in its `x-roles`; transition() enforces it again). */
export function rolesFor(action: UserAction): Role[] {
  const roles = RULES[action].roles;
  return roles === "system" ? [] : [...roles];
}

export type TransitionResult =
  | { ok: true; from: RequestStatus; to: RequestStatus }
  | {
      ok: false;
      reason: "role" | "state";
      allowedFrom: readonly RequestStatus[];
      roles: readonly Role[] | "system";
    };

export function transition(
  status: RequestStatus,
  action: RequestAction,
  actorRoles: readonly Role[] | "system",
): TransitionResult {
  const rule = RULES[action];
  const permitted =
    rule.roles === "system"
      ? actorRoles === "system"
      : actorRoles !== "system" && actorRoles.some((r) => (rule.roles as readonly Role[]).includes(r));
  if (!permitted) return { ok: false, reason: "role", allowedFrom: rule.from, roles: rule.roles };
  if (!rule.from.includes(status))
    return { ok: false, reason: "state", allowedFrom: rule.from, roles: rule.roles };
  return { ok: true, from: status, to: rule.to };
}

export const STATUS_LABELS: Record<RequestStatus, string> = {
  draft: "Dự thảo",
  submitted: "Chờ phê duyệt",
  approved: "Đã phê duyệt",
  issued: "Đã ban hành",
  sent: "Đã gửi",
  delivery_failed: "Gửi không thành công",
  responded: "Đã trả lời",
  in_progress: "Đang thực hiện",
  overdue: "Quá hạn",
  concluded: "Đã kết thúc",
  cancelled: "Đã hủy",
};
