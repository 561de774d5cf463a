import type pg from "pg";
import type { Principal } from "../auth/tokens.js";
import { mustFind, withTransaction } from "../db/db.js";
import {
  findRequest,
  isVisibleTo,
  type RequestRow,
  updateRequestClassification,
} from "../db/queries/requests.js";
import { findKind, isBelow } from "../domain/kinds/index.js";
import type { Classification } from "../domain/kinds/kind.js";
import { STATUS_LABELS, transition, type UserAction } from "../domain/request-state.js";
import { dateInVietnam, isoDate } from "../domain/vn-format.js";
import { datesBefore } from "../domain/kinds/payload-fields.js";
import { AppError, detailsFromIssues } from "../errors.js";
import type { Clock } from "../runtime/clock.js";
import { moveRequest } from "./move-request.js";
import { numberDocuments } from "./number-documents.js";
import { findRegistryGaps, notifyRegistryGaps, RegistryIncompleteError } from "./registry-check.js";

/** An approver's change of the secrecy level at approval; below the kind's minimum it needs a reason. */
export interface ClassificationChange {
  classification: Classification;
  reason?: string | undefined;
}

export interface TransitionOutcome {
  request: RequestRow;
  /** The documents numbered by an approval: the caller enqueues their render after commit. */
  documentIds: string[];
}

const ACTION_LABELS: Record<UserAction, string> = {
  submit: "trình",
  approve: "phê duyệt",
  cancel: "hủy",
  accept_answer: "ghi nhận đồng ý",
  decline_answer: "ghi nhận từ chối",
};

/**
 * Applies a person's action in one transaction with its audit event; approval numbers the document too. An
 * approval the registry cannot back (placeholder signer or address) is refused and the admins are told.
 */
export async function applyUserAction(
  deps: { db: pg.Pool; clock: Clock },
  actor: Principal,
  requestId: string,
  action: UserAction,
  note?: string,
  change?: ClassificationChange,
): Promise<TransitionOutcome> {
  try {
    return await applyInTransaction(deps, actor, requestId, action, note, change);
  } catch (err) {
    if (err instanceof RegistryIncompleteError) {
      const request = await findRequest(deps.db, requestId);
      await notifyRegistryGaps(deps.db, actor, request?.reference ?? requestId, err.gaps);
    }
    throw err;
  }
}

async function applyInTransaction(
  deps: { db: pg.Pool; clock: Clock },
  actor: Principal,
  requestId: string,
  action: UserAction,
  note?: string,
  change?: ClassificationChange,
): Promise<TransitionOutcome> {
  return withTransaction(deps.db, async (tx) => {
    const request = await findRequest(tx, requestId, { forUpdate: true });
    if (!request || !isVisibleTo(request, actor.committeeId)) {
      throw new AppError("not_found", "Không tìm thấy yêu cầu");
    }
    // Only the filing committee acts on its request's lifecycle; the counterpart answers by letter.
    if (request.fromCommitteeId !== actor.committeeId) {
      throw new AppError("forbidden", `Chỉ ủy ban gửi yêu cầu mới được ${ACTION_LABELS[action]} yêu cầu này`);
    }
    const result = transition(request.status, action, actor.roles);
    if (!result.ok) {
      if (result.reason === "role") {
        const roles = result.roles === "system" ? "hệ thống" : result.roles.join(", ");
        throw new AppError("forbidden", `Chỉ vai trò ${roles} mới được ${ACTION_LABELS[action]} yêu cầu`);
      }
      throw new AppError(
        "transition_not_allowed",
        `Không thể ${ACTION_LABELS[action]} yêu cầu đang ở trạng thái “${STATUS_LABELS[request.status]}”`,
        [{ field: "status", message: `chỉ được khi trạng thái là: ${result.allowedFrom.join(", ")}` }],
      );
    }
    const reclassified =
      action === "approve" && change && change.classification !== request.classification
        ? reclassify(request, change)
        : undefined;
    if (reclassified) await updateRequestClassification(tx, request.id, reclassified.to);
    if (action === "approve") {
      const today = isoDate(dateInVietnam(deps.clock.now()));
      const asIssued = reclassified ? { ...request, classification: reclassified.to } : request;
      refuseStaleDates(asIssued, today);
      const gaps = await findRegistryGaps(tx, asIssued, today);
      if (gaps.length) throw new RegistryIncompleteError(gaps);
    }
    const documentIds = action === "approve" ? await numberDocuments(tx, request, deps.clock) : [];
    await moveRequest(tx, request, result, {
      action,
      actorTokenId: actor.tokenId,
      actorUserId: actor.userId,
      actorCommitteeId: actor.committeeId,
      detail: {
        ...(note ? { note } : {}),
        ...(documentIds.length ? { documentIds } : {}),
        ...(reclassified ? { classification: reclassified } : {}),
      },
    });
    return { request: mustFind(await findRequest(tx, request.id), `request ${request.id}`), documentIds };
  });
}

/** The recorded change of secrecy level; lowering below the kind's minimum is refused without a reason. */
function reclassify(request: RequestRow, change: ClassificationChange) {
  const kind = findKind(request.kind);
  const floor = kind?.minimumClassification ?? "thuong";
  const reason = change.reason?.trim();
  if (isBelow(change.classification, floor) && !reason) {
    throw new AppError("validation_failed", "Hạ độ mật dưới mức tối thiểu của loại yêu cầu phải nêu lý do", [
      { field: "classificationReason", message: `bắt buộc khi độ mật thấp hơn “${floor}”` },
    ]);
  }
  return { from: request.classification, to: change.classification, ...(reason ? { reason } : {}) };
}

/** A deadline that passed while the request waited is not printed as one: the clerk corrects it first. */
function refuseStaleDates(request: RequestRow, today: string): void {
  const kind = findKind(request.kind);
  const stale = datesBefore(
    kind?.datesFromFilingDay?.(request.payload as never) ?? [],
    today,
    "ngày phê duyệt",
  );
  if (stale.length) {
    throw new AppError(
      "conflict",
      "Chưa thể phê duyệt: nội dung có ngày đã qua, cần lập lại yêu cầu với ngày mới",
      detailsFromIssues(stale, "payload"),
    );
  }
}
