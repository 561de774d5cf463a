import { createHash } from "node:crypto";
import type pg from "pg";
import type { Principal } from "../auth/tokens.js";
import { isUniqueViolation, withTransaction } from "../db/db.js";
import {
  countAttachmentsOfRequest,
  deleteRequestAttachment,
  findRequestAttachment,
  insertRequestAttachment,
  totalAttachmentBytes,
} from "../db/queries/attachments.js";
import { insertRequestEvent } from "../db/queries/request-events.js";
import { findRequest, isVisibleTo, type RequestRow } from "../db/queries/requests.js";
import type { RequestStatus } from "../domain/request-state.js";
import { AppError } from "../errors.js";
import { detectAttachment } from "./detect.js";
import type { AttachmentSettings } from "./settings.js";

/** Attachments change while the request is being prepared; from approval on they are part of the record. */
const EDITABLE: RequestStatus[] = ["draft", "submitted"];

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

async function lockEditable(tx: pg.PoolClient, actor: Principal, requestId: string): Promise<RequestRow> {
  const request = await findRequest(tx, requestId, { forUpdate: true });
  if (!request || !isVisibleTo(request, actor.committeeId))
    throw new AppError("not_found", "Không tìm thấy yêu cầu");
  if (
    request.fromCommitteeId !== actor.committeeId ||
    !actor.roles.some((r) => r === "clerk" || r === "approver")
  ) {
    throw new AppError("forbidden", "Chỉ cán bộ của ủy ban gửi yêu cầu mới được thay đổi tệp đính kèm", [
      { field: "requestId", message: "không có quyền thay đổi yêu cầu này" },
    ]);
  }
  if (!EDITABLE.includes(request.status)) {
    throw new AppError("conflict", "Yêu cầu đã được phê duyệt: tệp đính kèm không thay đổi được nữa", [
      { field: "requestId", message: `trạng thái ${request.status}` },
    ]);
  }
  return request;
}

/** Checks the bytes (type, limits, zip bomb, macros, encryption), stores them under their SHA-256, records the row. */
export async function addAttachment(
  deps: { db: pg.Pool; attachments: AttachmentSettings },
  actor: Principal,
  requestId: string,
  file: { filename: string; bytes: Buffer },
) {
  const limits = deps.attachments;
  if (!file.bytes.length)
    throw new AppError("validation_failed", "Tệp rỗng", [{ field: "file", message: "rỗng" }]);
  if (file.bytes.length > limits.maxFileBytes) {
    throw new AppError("payload_too_large", `Tệp vượt giới hạn ${mb(limits.maxFileBytes)} mỗi tệp`, [
      { field: "file", message: `${mb(file.bytes.length)} > ${mb(limits.maxFileBytes)}` },
    ]);
  }
  const detected = await detectAttachment(file.bytes);
  if (!detected.ok) {
    throw new AppError("unsupported_media_type", `Tệp không được nhận: ${detected.reason}`, [
      { field: "file", message: detected.reason },
    ]);
  }
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  try {
    return await withTransaction(deps.db, async (tx) => {
      const request = await lockEditable(tx, actor, requestId);
      if ((await countAttachmentsOfRequest(tx, request.id)) >= limits.maxFiles) {
        throw new AppError("conflict", `Mỗi yêu cầu có tối đa ${limits.maxFiles} tệp đính kèm`, [
          { field: "file", message: "quá số tệp" },
        ]);
      }
      const total = (await totalAttachmentBytes(tx, request.id)) + file.bytes.length;
      if (total > limits.maxRequestBytes) {
        throw new AppError(
          "payload_too_large",
          `Tổng dung lượng tệp đính kèm vượt ${mb(limits.maxRequestBytes)}`,
          [{ field: "file", message: `tổng ${mb(total)}` }],
        );
      }
      await limits.store.put(tx, sha256, file.bytes);
      const row = await insertRequestAttachment(tx, {
        requestId: request.id,
        filename: file.filename.normalize("NFC").slice(0, 200),
        contentType: detected.contentType,
        extension: detected.extension,
        size: file.bytes.length,
        sha256,
        storage: limits.store.kind,
        createdByToken: actor.tokenId,
        createdByUser: actor.userId,
      });
      await insertRequestEvent(tx, {
        requestId: request.id,
        action: "attachment_added",
        fromStatus: request.status,
        toStatus: request.status,
        actorTokenId: actor.tokenId,
        actorUserId: actor.userId,
        actorCommitteeId: actor.committeeId,
        detail: { attachmentId: row.id, filename: row.filename, sha256, size: row.size },
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err, "request_attachments_request_id_sha256_key")) {
      throw new AppError("conflict", "Tệp này đã được đính kèm vào yêu cầu", [
        { field: "file", message: "trùng tệp" },
      ]);
    }
    throw err;
  }
}

export async function removeAttachment(deps: { db: pg.Pool }, actor: Principal, attachmentId: string) {
  await withTransaction(deps.db, async (tx) => {
    const found = await findRequestAttachment(tx, attachmentId);
    if (!found) throw new AppError("not_found", "Không tìm thấy tệp đính kèm");
    const request = await lockEditable(tx, actor, found.requestId);
    await deleteRequestAttachment(tx, found.id);
    await insertRequestEvent(tx, {
      requestId: request.id,
      action: "attachment_removed",
      fromStatus: request.status,
      toStatus: request.status,
      actorTokenId: actor.tokenId,
      actorUserId: actor.userId,
      actorCommitteeId: actor.committeeId,
      detail: { attachmentId: found.id, filename: found.filename, sha256: found.sha256 },
    });
  });
}
