import type { FC } from "hono/jsx";
import { OUTBOX_WORDS } from "./sent-words.js";

const MESSAGE_STATUS: Record<string, { label: string; tone: "" | "ok" | "warn" | "bad" }> = {
  pending: { label: "Chờ gửi", tone: "warn" },
  sending: { label: "Đang gửi", tone: "warn" },
  sent: { label: "Đã gửi", tone: "ok" },
  outbox: { label: OUTBOX_WORDS, tone: "" },
  uncertain: { label: "Chưa rõ đã gửi chưa, sẽ gửi lại", tone: "warn" },
  delivery_failed: { label: "Gửi không thành công", tone: "bad" },
  refused: { label: "Máy chủ thư từ chối", tone: "bad" },
  cancelled: { label: "Đã hủy", tone: "" },
};

/** An outgoing message's state, in words and colour. */
export const MessageStatusBadge: FC<{ status: string }> = ({ status }) => {
  const s = MESSAGE_STATUS[status] ?? { label: status, tone: "" };
  return <span class={`badge${s.tone ? ` ${s.tone}` : ""}`}>{s.label}</span>;
};
