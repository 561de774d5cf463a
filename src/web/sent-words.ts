// In the outbox mode (no SMTP_URL) nothing leaves the machine: the screens never say "sent" there.
import type { Viewer } from "./context.js";

export const OUTBOX_WORDS = "Lưu trong hộp thư đi (chưa gửi)";
export const OUTBOX_NAV_LABEL = "Hộp thư đi (chưa gửi)";

const keptNotSent = (viewer: Viewer | undefined) => viewer?.mailMode === "outbox";

/** A request's status label as the screens show it. */
export function statusWords(viewer: Viewer | undefined, status: string, label: string): string {
  return status === "sent" && keptNotSent(viewer) ? OUTBOX_WORDS : label;
}

/** An item from the API (a request, a list row) with its status label in the screens' words. */
export function withOutboxWords<T extends { status: string; statusLabel: string }>(
  viewer: Viewer | undefined,
  item: T,
): T {
  return { ...item, statusLabel: statusWords(viewer, item.status, item.statusLabel) };
}
