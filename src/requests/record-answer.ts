import type pg from "pg";
import type { Principal } from "../auth/tokens.js";
import { mustFind, withTransaction } from "../db/db.js";
import { listDispatchesOfRequest, recordDispatchAnswer } from "../db/queries/dispatches.js";
import { findRequest, isVisibleTo, type RequestRow } from "../db/queries/requests.js";
import { STATUS_LABELS, transition } from "../domain/request-state.js";
import { AppError } from "../errors.js";
import { moveRequest } from "./move-request.js";

export interface AnswerInput {
  answer: "accepted" | "declined" | "needs_info";
  note?: string | undefined;
  staff: string[];
}

/**
 * A clerk confirms what the counterpart answered (the service may have suggested it; a person decides):
 * accepted → in progress, declined → concluded, needs more information → stays responded, recorded.
 */
export async function recordAnswer(
  db: pg.Pool,
  actor: Principal,
  requestId: string,
  input: AnswerInput,
): Promise<RequestRow> {
  return withTransaction(db, async (tx) => {
    const request = await findRequest(tx, requestId, { forUpdate: true });
    if (!request || !isVisibleTo(request, actor.committeeId))
      throw new AppError("not_found", "Không tìm thấy yêu cầu");
    if (request.fromCommitteeId !== actor.committeeId) {
      throw new AppError("forbidden", "Chỉ ủy ban gửi yêu cầu mới ghi nhận nội dung trả lời");
    }
    const action =
      input.answer === "accepted" ? "accept_answer" : input.answer === "declined" ? "decline_answer" : null;
    const step = transition(request.status, action ?? "accept_answer", actor.roles);
    if (!step.ok) {
      if (step.reason === "role")
        throw new AppError("forbidden", "Chức năng này dành cho vai trò: clerk, approver");
      throw new AppError(
        "transition_not_allowed",
        `Yêu cầu đang ở trạng thái “${STATUS_LABELS[request.status]}”: chưa có trả lời để ghi nhận`,
        [{ field: "status", message: "chỉ được khi trạng thái là: responded" }],
      );
    }
    const [dispatch] = await listDispatchesOfRequest(tx, request.id);
    if (dispatch) {
      await recordDispatchAnswer(tx, dispatch.id, {
        answer: input.answer,
        note: input.note ?? null,
        staff: input.staff,
        confirmedBy: actor.tokenId,
      });
    }
    await moveRequest(tx, request, action ? step : null, {
      action: "answer_recorded",
      actorTokenId: actor.tokenId,
      actorUserId: actor.userId,
      actorCommitteeId: actor.committeeId,
      detail: { answer: input.answer, ...(input.note ? { note: input.note } : {}), staff: input.staff },
    });
    return mustFind(await findRequest(tx, request.id), `request ${request.id}`);
  });
}
