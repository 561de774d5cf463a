import { createHash } from "node:crypto";
import type pg from "pg";
import { z } from "zod";
import type { Principal } from "../auth/tokens.js";
import { isUniqueViolation } from "../db/db.js";
import { findCommitteeByCodeCached } from "../db/queries/committees.js";
import {
  findRequestByIdempotencyKey,
  insertRequestWithEvent,
  type RequestRow,
} from "../db/queries/requests.js";
import { CLASSIFICATIONS, URGENCIES } from "../domain/document-marks.js";
import { FILEABLE_KIND_NAMES, findKind, isBelow } from "../domain/kinds/index.js";
import { datesBefore } from "../domain/kinds/payload-fields.js";
import { dateInVietnam, isoDate } from "../domain/vn-format.js";
import { AppError, detailsFromIssues } from "../errors.js";
import type { Clock } from "../runtime/clock.js";

export { CLASSIFICATIONS, URGENCIES };

export const CreateRequestSchema = z.object({
  kind: z
    .string()
    .min(1)
    .describe(`Loại yêu cầu: ${FILEABLE_KIND_NAMES.join(", ")}`),
  to: z.string().min(1).max(40).describe("Mã ủy ban kiểm tra nhận (ví dụ CATW)"),
  classification: z
    .enum(CLASSIFICATIONS)
    .optional()
    .describe("Độ mật; mặc định theo loại yêu cầu, không thấp hơn mức tối thiểu của loại"),
  urgency: z.enum(URGENCIES).default("thuong").describe("Độ khẩn"),
  copyTo: z
    .array(z.string().trim().min(1).max(200))
    .max(20)
    .default([])
    .describe("Nơi nhận khác ngoài “Như trên” và “Lưu VP”"),
  payload: z.record(z.string(), z.unknown()).describe("Nội dung theo loại yêu cầu"),
});
export type CreateRequestInput = z.infer<typeof CreateRequestSchema>;

export interface CreateResult {
  request: RequestRow;
  created: boolean;
}

function bodyHash(input: CreateRequestInput): string {
  return createHash("sha256").update(JSON.stringify(input)).digest("hex");
}

export async function createRequest(
  deps: { db: pg.Pool; clock: Clock },
  actor: Principal,
  input: CreateRequestInput,
  idempotencyKey: string | undefined,
): Promise<CreateResult> {
  const hash = bodyHash(input);
  if (idempotencyKey) {
    const earlier = await replayIdempotent(deps.db, actor, idempotencyKey, hash);
    if (earlier) return { request: earlier, created: false };
  }
  const kind = findKind(input.kind);
  if (!kind || kind.systemOnly) {
    throw new AppError("validation_failed", `Loại yêu cầu không tồn tại: ${input.kind}`, [
      { field: "kind", message: `phải là một trong: ${FILEABLE_KIND_NAMES.join(", ")}` },
    ]);
  }
  if (input.classification && isBelow(input.classification, kind.minimumClassification)) {
    throw new AppError("validation_failed", "Độ mật thấp hơn mức tối thiểu của loại yêu cầu này", [
      {
        field: "classification",
        message: `tối thiểu là “${kind.minimumClassification}”; chỉ người phê duyệt được hạ độ mật, khi phê duyệt, kèm lý do`,
      },
    ]);
  }
  const payload = kind.payloadSchema.safeParse(input.payload);
  if (!payload.success) {
    throw new AppError(
      "validation_failed",
      "Nội dung yêu cầu không hợp lệ",
      detailsFromIssues(payload.error.issues, "payload"),
    );
  }
  // Deadlines and periods that have already passed are refused here, naming the field.
  const stale = datesBefore(
    kind.datesFromFilingDay?.(payload.data) ?? [],
    isoDate(dateInVietnam(deps.clock.now())),
  );
  if (stale.length) {
    throw new AppError(
      "validation_failed",
      "Nội dung yêu cầu có ngày đã qua",
      detailsFromIssues(stale, "payload"),
    );
  }
  const to = await findCommitteeByCodeCached(deps.db, input.to);
  if (!to)
    throw new AppError("validation_failed", `Không có ủy ban kiểm tra mã ${input.to}`, [
      { field: "to", message: "mã ủy ban không tồn tại" },
    ]);
  if (to.id === actor.committeeId) {
    throw new AppError("validation_failed", "Không thể gửi yêu cầu cho chính ủy ban mình", [
      { field: "to", message: "phải là ủy ban khác" },
    ]);
  }
  try {
    const request = await insertRequestWithEvent(deps.db, {
      year: dateInVietnam(deps.clock.now()).year,
      kind: kind.kind,
      fromCommitteeId: actor.committeeId,
      toCommitteeId: to.id,
      status: "draft",
      classification: input.classification ?? kind.defaultClassification,
      urgency: input.urgency,
      subject: kind.subject(payload.data),
      payload: payload.data,
      copyTo: input.copyTo,
      idempotencyKey: idempotencyKey ?? null,
      bodyHash: hash,
      createdBy: actor.tokenId,
    });
    return { request, created: true };
  } catch (err) {
    // Two calls with one key raced: the loser answers with the winner's request.
    if (idempotencyKey && isUniqueViolation(err)) {
      const earlier = await replayIdempotent(deps.db, actor, idempotencyKey, hash);
      if (earlier) return { request: earlier, created: false };
    }
    throw err;
  }
}

async function replayIdempotent(db: pg.Pool, actor: Principal, key: string, hash: string) {
  const earlier = await findRequestByIdempotencyKey(db, actor.committeeId, key);
  if (earlier && earlier.bodyHash !== hash) {
    throw new AppError(
      "idempotency_conflict",
      "Idempotency-Key này đã được dùng cho một yêu cầu có nội dung khác",
      [{ field: "Idempotency-Key", message: "khóa đã dùng với nội dung khác" }],
    );
  }
  return earlier;
}
