import type pg from "pg";
import type { Principal } from "../auth/tokens.js";
import { mustFind, withTransaction } from "../db/db.js";
import { findInbound, type InboundMessage, recordInboundReview } from "../db/queries/inbound-messages.js";
import { findRequest, isVisibleTo } from "../db/queries/requests.js";
import { CENTRAL_CODE } from "../db/seed/committee-registry.js";
import { AppError } from "../errors.js";
import { moveRequest } from "../requests/move-request.js";
import type { DsnInfo } from "./inbound/types.js";
import { applyInboundEffect } from "./receive.js";

export type ReviewOutcome = "confirmed" | "dismissed";

/**
 * A person decides on a message that was matched but not trusted enough to count by itself
 * (src/mail/inbound/trust.ts): confirmed, it does what a trusted one does at once (the reply answers the dispatch,
 * the bounce fails it); dismissed, it changes nothing. Either way once, audited with who decided.
 * The filing committee's clerks and approvers decide, and the central UBKT's admins who triage all mail.
 */
export async function reviewInbound(
  db: pg.Pool,
  actor: Principal,
  inboundId: string,
  outcome: ReviewOutcome,
  now: Date,
): Promise<InboundMessage> {
  return withTransaction(db, async (tx) => {
    const row = await findInbound(tx, inboundId);
    if (!row) throw new AppError("not_found", "Không tìm thấy thư");
    const request = row.requestId ? await findRequest(tx, row.requestId, { forUpdate: true }) : undefined;
    const operator = actor.committeeCode === CENTRAL_CODE && actor.roles.includes("admin");
    if (!operator && (!request || !isVisibleTo(request, actor.committeeId)))
      throw new AppError("not_found", "Không tìm thấy thư");
    if (!operator && (request?.fromCommitteeId !== actor.committeeId || !actor.roles.some(isDecider))) {
      throw new AppError("forbidden", "Chỉ chuyên viên, lãnh đạo của ủy ban gửi yêu cầu xem xét thư trả lời");
    }
    const locked = mustFind(
      await findInbound(tx, inboundId, { forUpdate: true }),
      `inbound message ${inboundId}`,
    );
    if (!request || !locked.dispatchId || !locked.needsReview || locked.reviewOutcome) {
      throw new AppError(
        "conflict",
        "Thư này không chờ cán bộ xem xét (đã được xử lý hoặc chưa gắn vào yêu cầu)",
      );
    }
    await recordInboundReview(tx, inboundId, { outcome, by: actor.tokenId });
    const step =
      outcome === "confirmed"
        ? await applyInboundEffect(
            tx,
            request,
            locked.dispatchId,
            locked.classification,
            locked.dsn as DsnInfo | null,
            now,
          )
        : null;
    await moveRequest(tx, request, step, {
      action:
        outcome === "dismissed"
          ? "inbound_dismissed"
          : locked.classification === "bounce"
            ? "bounce_confirmed"
            : "reply_confirmed",
      actorTokenId: actor.tokenId,
      actorUserId: actor.userId,
      actorCommitteeId: actor.committeeId,
      detail: { inboundId, dispatchId: locked.dispatchId, reviewReasons: locked.reviewReasons },
    });
    return mustFind(await findInbound(tx, inboundId), `inbound message ${inboundId}`);
  });
}

function isDecider(role: string): boolean {
  return role === "clerk" || role === "approver";
}
