import type pg from "pg";
import type { Principal } from "../auth/tokens.js";
import { withTransaction } from "../db/db.js";
import { listDispatchesOfRequest } from "../db/queries/dispatches.js";
import { listDocumentsOfRequest } from "../db/queries/documents.js";
import { findHandover, insertHandover } from "../db/queries/handovers.js";
import { findRequest, isVisibleTo } from "../db/queries/requests.js";
import type { DeadlineCalendar } from "../domain/reply-policy.js";
import { transition } from "../domain/request-state.js";
import { dateInVietnam, isoDate } from "../domain/vn-format.js";
import { AppError } from "../errors.js";
import { startAnswerDeadline } from "../mail/start-deadline.js";
import type { Clock } from "../runtime/clock.js";
import { registerLettersReceived } from "./incoming.js";
import { moveRequest } from "../requests/move-request.js";

export interface HandoverInput {
  method: "courier" | "by_hand";
  carriedBy: string;
  receivedBy: string;
  handedOverAt: string;
  receiptNumber?: string | undefined;
}

export const HANDOVER_LABELS: Record<HandoverInput["method"], string> = {
  courier: "Giao liên (đường công văn mật)",
  by_hand: "Giao trực tiếp",
};

/**
 * Records how a classified letter reached the counterpart. From that moment the answer deadline runs and the
 * reminders follow, exactly as from an e-mail's delivery (the one writer: startAnswerDeadline), and the letters
 * enter the counterpart's sổ văn bản đến.
 */
export async function recordHandover(
  deps: { db: pg.Pool; clock: Clock; calendar: DeadlineCalendar },
  actor: Principal,
  requestId: string,
  input: HandoverInput,
) {
  const at = new Date(input.handedOverAt);
  if (at.getTime() > deps.clock.now().getTime() + 5 * 60_000) {
    throw new AppError("validation_failed", "Thời điểm bàn giao không được ở tương lai", [
      { field: "handedOverAt", message: "ở tương lai" },
    ]);
  }
  return withTransaction(deps.db, async (tx) => {
    const request = await findRequest(tx, requestId, { forUpdate: true });
    if (!request || !isVisibleTo(request, actor.committeeId))
      throw new AppError("not_found", "Không tìm thấy yêu cầu");
    if (request.fromCommitteeId !== actor.committeeId)
      throw new AppError("forbidden", "Chỉ ủy ban ban hành văn bản mới ghi nhận việc bàn giao");
    if (request.classification === "thuong") {
      throw new AppError("conflict", "Văn bản không mật được gửi bằng thư điện tử; không cần ghi bàn giao", [
        { field: "classification", message: "không phải văn bản mật" },
      ]);
    }
    const dispatch = (await listDispatchesOfRequest(tx, request.id)).find(
      (d) => d.toCommitteeId === request.toCommitteeId,
    );
    if (!dispatch || request.status !== "issued") {
      if (dispatch && (await findHandover(tx, dispatch.id)))
        throw new AppError("conflict", "Việc bàn giao văn bản này đã được ghi nhận", [
          { field: "handedOverAt", message: "đã ghi nhận" },
        ]);
      throw new AppError("transition_not_allowed", "Chỉ ghi bàn giao khi văn bản đã ban hành, chưa gửi", [
        { field: "status", message: `trạng thái hiện tại: ${request.status}` },
      ]);
    }
    const issuedOn = (await listDocumentsOfRequest(tx, request.id))[0]?.issuedOn;
    if (issuedOn && isoDate(dateInVietnam(at)) < issuedOn) {
      throw new AppError("validation_failed", "Thời điểm bàn giao không được trước ngày ban hành văn bản", [
        { field: "handedOverAt", message: `văn bản ban hành ngày ${issuedOn}` },
      ]);
    }
    const step = transition(request.status, "send", "system");
    if (!step.ok) throw new AppError("transition_not_allowed", "Không ghi được bàn giao ở trạng thái này");
    await insertHandover(tx, {
      dispatchId: dispatch.id,
      ...input,
      handedOverAt: at,
      recordedByToken: actor.tokenId,
      recordedByUser: actor.userId,
    });
    const { deadlineAt } = await startAnswerDeadline(tx, {
      dispatchId: dispatch.id,
      request,
      at,
      calendar: deps.calendar,
    });
    await registerLettersReceived(tx, request, { receivedAt: at, delivery: input.method });
    await moveRequest(tx, request, step, {
      action: "handed_over",
      actorTokenId: actor.tokenId,
      actorUserId: actor.userId,
      actorCommitteeId: actor.committeeId,
      detail: {
        dispatchId: dispatch.id,
        method: input.method,
        carriedBy: input.carriedBy,
        receivedBy: input.receivedBy,
        handedOverAt: at.toISOString(),
        receiptNumber: input.receiptNumber ?? null,
        deadlineAt: deadlineAt.toISOString(),
      },
    });
    return { dispatchId: dispatch.id, deadlineAt, status: step.to };
  });
}
