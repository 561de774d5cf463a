import type { FC } from "hono/jsx";
import { CsrfField } from "./layout.js";

/** What the request page and the triage page both show of an inbound message's trust. */
export interface InboundTrust {
  id: string;
  needsReview: boolean;
  reviewOutcome: "confirmed" | "dismissed" | null;
  reviewReasons: string[];
  problems: string[];
}

export const awaitingReview = (m: InboundTrust) => m.needsReview && m.reviewOutcome === null;

const OUTCOME_LABELS = {
  confirmed: "Cán bộ đã xác nhận thư này",
  dismissed: "Cán bộ đã bỏ qua thư này (không tính)",
};

/** Why the message waits for a person, and what the reading found wrong with it. */
export const InboundEvidence: FC<{ m: InboundTrust }> = ({ m }) => (
  <>
    {awaitingReview(m) && (
      <div class="notice" role="status">
        <strong>Chờ cán bộ xem xét — thư này chưa được tính là trả lời.</strong>
        <ul>
          {m.reviewReasons.map((r) => (
            <li>{r}</li>
          ))}
        </ul>
      </div>
    )}
    {m.reviewOutcome && <p class="muted">{OUTCOME_LABELS[m.reviewOutcome]}</p>}
    {m.problems.length > 0 && (
      <details>
        <summary>Lỗi định dạng của thư ({m.problems.length})</summary>
        <ul>
          {m.problems.map((p) => (
            <li>
              <code>{p}</code>
            </li>
          ))}
        </ul>
      </details>
    )}
  </>
);

/** Confirm (it counts as a trusted message would) or dismiss (it changes nothing): posted to `action`. */
export const ReviewForms: FC<{ action: string; csrf: string; hidden?: Record<string, string> }> = ({
  action,
  csrf,
  hidden = {},
}) => (
  <div class="actions">
    {(["xac-nhan", "bo-qua"] as const).map((outcome) => (
      <form
        method="post"
        action={`${action}/${outcome}`}
        data-confirm={
          outcome === "xac-nhan" ? "Tính thư này là thư trả lời (hoặc báo lỗi gửi) của bên nhận?" : undefined
        }
      >
        <CsrfField csrf={csrf} />
        {Object.entries(hidden).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" class={outcome === "xac-nhan" ? "primary" : ""}>
          {outcome === "xac-nhan" ? "Xác nhận: tính thư này" : "Bỏ qua: không tính"}
        </button>
      </form>
    ))}
  </div>
);

export const REVIEW_PATHS: Record<string, "confirmed" | "dismissed"> = {
  "xac-nhan": "confirmed",
  "bo-qua": "dismissed",
};
