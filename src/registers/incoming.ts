import type pg from "pg";
import type { Principal } from "../auth/tokens.js";
import { isUniqueViolation, mustFind, withSavepoint, withTransaction } from "../db/db.js";
import { findCommitteeOnDate } from "../db/queries/committees.js";
import { listDocumentsOfRequest } from "../db/queries/documents.js";
import { insertRequestEvent } from "../db/queries/request-events.js";
import { findRequest, isVisibleTo, type RequestRow } from "../db/queries/requests.js";
import {
  findPendingAttachment,
  findReceived,
  findRequestIdByReference,
  insertReceived,
  isDocumentReceived,
  linkReceivedToRequest,
  linkSameLetter,
  type NewReceived,
} from "../db/queries/registers.js";
import { CENTRAL_CODE } from "../db/seed/committee-registry.js";
import { dateInVietnam, isoDate } from "../domain/vn-format.js";
import { AppError } from "../errors.js";
import type { Clock } from "../runtime/clock.js";

/**
 * The letters of a request reach its counterpart through phoihop: each is entered in the counterpart's sổ văn
 * bản đến with its own số đến. Called where the letters reach it — at issue (e-mailed) or at the hand-over of a
 * classified letter — in that transaction.
 */
export async function registerLettersReceived(
  tx: pg.PoolClient,
  request: RequestRow,
  p: { receivedAt: Date; delivery: NewReceived["delivery"] },
): Promise<string[]> {
  const receivedOn = isoDate(dateInVietnam(p.receivedAt));
  const ids: string[] = [];
  for (const d of await listDocumentsOfRequest(tx, request.id)) {
    const issuer = await findCommitteeOnDate(tx, d.issuerCommitteeId, d.issuedOn);
    if (await isDocumentReceived(tx, request.toCommitteeId, d.id)) continue;
    const entry = await insertOrLinkReceived(tx, {
      committeeId: request.toCommitteeId,
      receivedOn,
      source: "phoihop",
      documentId: d.id,
      requestId: request.id,
      symbol: d.symbol,
      issuedOn: d.issuedOn,
      issuerName: issuer?.name ?? request.fromCommittee,
      issuerCommitteeId: d.issuerCommitteeId,
      summary: request.subject,
      classification: request.classification,
      urgency: request.urgency,
      delivery: p.delivery,
    });
    ids.push(entry.id);
  }
  return ids;
}

/**
 * The recipient's clerk may have registered the paper copy before phoihop delivered the letter: then that entry
 * (same issuer, number and date) is linked to the document instead, keeping its số đến. Never fails the issue.
 */
async function insertOrLinkReceived(tx: pg.PoolClient, e: NewReceived): Promise<{ id: string }> {
  try {
    return await withSavepoint(tx, "register_letter", () => insertReceived(tx, e));
  } catch (err) {
    if (!isUniqueViolation(err, "received_same_letter_idx")) throw err;
    return mustFind(await linkSameLetter(tx, e), "the entry of the same letter");
  }
}

export interface ClerkEntry {
  attachmentId?: string | undefined;
  requestId?: string | undefined;
  symbol: string;
  issuedOn?: string | undefined;
  issuerName: string;
  summary: string;
  classification: string;
  urgency: string;
  delivery: NewReceived["delivery"];
  receivedOn?: string | undefined;
}

/**
 * A clerk registers a letter that came by mail (attached to a reply, or new mail) or on paper, after checking
 * what the service proposed. Duplicate letters and letters of requests the committee is no party to are refused.
 */
export async function registerByClerk(
  deps: { db: pg.Pool; clock: Clock },
  actor: Principal,
  input: ClerkEntry,
) {
  const unmatched = actor.committeeCode === CENTRAL_CODE && actor.roles.includes("admin");
  const attachment = input.attachmentId
    ? await findPendingAttachment(deps.db, {
        committeeId: actor.committeeId,
        unmatched,
        attachmentId: input.attachmentId,
      })
    : undefined;
  if (input.attachmentId && !attachment) {
    throw new AppError("not_found", "Không có tệp đính kèm thư đến này trong danh sách chờ vào sổ", [
      { field: "attachmentId", message: "không tìm thấy" },
    ]);
  }
  const requestId = input.requestId ?? attachment?.requestId ?? null;
  const request = requestId ? await findRequest(deps.db, requestId) : undefined;
  if (requestId && (!request || !isVisibleTo(request, actor.committeeId))) {
    throw new AppError("not_found", "Không tìm thấy yêu cầu", [
      { field: "requestId", message: "không tìm thấy" },
    ]);
  }
  const receivedOn = input.receivedOn ?? isoDate(dateInVietnam(attachment?.receivedAt ?? deps.clock.now()));
  const counterpart = request
    ? request.fromCommitteeId === actor.committeeId
      ? request.toCommitteeId
      : request.fromCommitteeId
    : null;
  try {
    return await withTransaction(deps.db, async (tx) => {
      const entry = await insertReceived(tx, {
        committeeId: actor.committeeId,
        receivedOn,
        source: attachment ? (attachment.requestId ? "reply_attachment" : "new_mail") : "manual",
        inboundAttachmentId: attachment?.attachmentId ?? null,
        requestId: request?.id ?? null,
        symbol: input.symbol,
        issuedOn: input.issuedOn ?? null,
        issuerName: input.issuerName,
        issuerCommitteeId: counterpart,
        summary: input.summary,
        classification: input.classification,
        urgency: input.urgency,
        delivery: input.delivery,
        recordedByToken: actor.tokenId,
        recordedByUser: actor.userId,
      });
      if (request) {
        await insertRequestEvent(tx, {
          requestId: request.id,
          action: "letter_registered",
          fromStatus: request.status,
          toStatus: request.status,
          actorTokenId: actor.tokenId,
          actorUserId: actor.userId,
          actorCommitteeId: actor.committeeId,
          detail: { receivedId: entry.id, number: entry.number, symbol: input.symbol },
        });
      }
      return mustFind(await findReceived(tx, entry.id), `register entry ${entry.id}`);
    });
  } catch (err) {
    if (isUniqueViolation(err, "received_same_letter_idx")) {
      throw new AppError(
        "conflict",
        `Văn bản số ${input.symbol} của ${input.issuerName} đã có trong sổ văn bản đến`,
        [{ field: "symbol", message: "đã vào sổ" }],
      );
    }
    if (isUniqueViolation(err)) {
      throw new AppError("conflict", "Tệp này đã được vào sổ văn bản đến", [
        { field: "attachmentId", message: "đã vào sổ" },
      ]);
    }
    throw err;
  }
}

/**
 * Links a registered letter to a request of the committee: the one it answers, or the request a clerk filed
 * because of it (a letter that came as new mail starts its own request). Once linked, it stays linked.
 */
export async function linkReceived(
  deps: { db: pg.Pool },
  actor: Principal,
  receivedId: string,
  reference: string,
) {
  const entry = await findReceived(deps.db, receivedId);
  if (!entry || entry.committeeId !== actor.committeeId)
    throw new AppError("not_found", "Không tìm thấy văn bản trong sổ văn bản đến");
  const requestId = await findRequestIdByReference(deps.db, reference);
  const request = requestId ? await findRequest(deps.db, requestId) : undefined;
  if (!request || !isVisibleTo(request, actor.committeeId)) {
    throw new AppError("not_found", `Không tìm thấy yêu cầu ${reference}`, [
      { field: "reference", message: "không tìm thấy" },
    ]);
  }
  return withTransaction(deps.db, async (tx) => {
    if (!(await linkReceivedToRequest(tx, entry.id, request.id))) {
      throw new AppError("conflict", "Văn bản này đã được gắn với một yêu cầu", [
        { field: "reference", message: "đã gắn" },
      ]);
    }
    await insertRequestEvent(tx, {
      requestId: request.id,
      action: "letter_registered",
      fromStatus: request.status,
      toStatus: request.status,
      actorTokenId: actor.tokenId,
      actorUserId: actor.userId,
      actorCommitteeId: actor.committeeId,
      detail: { receivedId: entry.id, number: entry.number, symbol: entry.symbol, linked: true },
    });
    return mustFind(await findReceived(tx, entry.id), `register entry ${entry.id}`);
  });
}
