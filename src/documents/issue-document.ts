import { createHash } from "node:crypto";
import type pg from "pg";
import { withTransaction } from "../db/db.js";
import { findCommitteeOnDate } from "../db/queries/committees.js";
import { findDocumentMeta, recordRenderError, storeRenderedDocument } from "../db/queries/documents.js";
import { insertOutboundMessage } from "../db/queries/outbound-messages.js";
import { insertRequestEvent } from "../db/queries/request-events.js";
import { findRequest, updateRequestStatus } from "../db/queries/requests.js";
import { findKind } from "../domain/kinds/index.js";
import { transition } from "../domain/request-state.js";
import { asciiSlug } from "../domain/text.js";
import { parseIsoDate, shortDateVi } from "../domain/vn-format.js";
import { composeLetterMail, DOCX_MIME, newMessageId, subjectLine } from "../mail/compose.js";
import { buildLetterData } from "./letter-data.js";
import { renderDocx, TemplateRenderError } from "./render-docx.js";
import { styleProfile } from "./style-profiles.js";
import type { TemplateStore } from "./template-store.js";

export interface IssueDeps {
  db: pg.Pool;
  templates: TemplateStore;
  mailFrom: string;
}

export type IssueOutcome =
  | { kind: "issued"; messageId: string | null }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; reason: string };

/**
 * The render step: fills the template for a numbered document, stores it with its SHA-256, moves the request to
 * `issued` and composes the letter's e-mail, all in one transaction. Safe to run twice: bytes are written once.
 */
export async function issueDocument(deps: IssueDeps, documentId: string): Promise<IssueOutcome> {
  const meta = await findDocumentMeta(deps.db, documentId);
  if (!meta) return { kind: "skipped", reason: "no such document" };
  if (meta.sha256) return { kind: "skipped", reason: "already rendered" };
  const request = await findRequest(deps.db, meta.requestId);
  const kind = request && findKind(request.kind);
  if (!request || !kind) return { kind: "skipped", reason: "request or kind missing" };
  if (request.status !== "approved") return { kind: "skipped", reason: `request is ${request.status}` };

  const [issuer, recipient] = await Promise.all([
    findCommitteeOnDate(deps.db, meta.issuerCommitteeId, meta.issuedOn),
    findCommitteeOnDate(deps.db, request.toCommitteeId, meta.issuedOn),
  ]);
  if (!issuer || !recipient)
    return fail(deps, meta.id, "ủy ban không có thông tin hiệu lực vào ngày ban hành");
  const template = await deps.templates.load(meta.templateName);
  const data = buildLetterData({
    kind,
    payload: request.payload,
    copyTo: request.copyTo,
    number: meta.number,
    typeCode: meta.typeCode,
    issuedOn: meta.issuedOn,
    issuer,
    recipient,
    profile: styleProfile(meta.styleProfile),
  });
  let bytes: Buffer;
  try {
    bytes = renderDocx(template.bytes, data);
  } catch (err) {
    if (err instanceof TemplateRenderError) return fail(deps, meta.id, err.message);
    throw err;
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const filename = `${asciiSlug(meta.symbol)}.docx`;
  const classified = request.classification !== "thuong";
  const messageRow = classified
    ? null
    : await composeOutbound(deps, {
        request,
        meta,
        recipient,
        issuerName: issuer.name,
        subject: data.doc.subject,
        bytes,
        filename,
      });

  return withTransaction(deps.db, async (tx) => {
    const stored = await storeRenderedDocument(tx, meta.id, {
      bytes,
      sha256,
      filename,
      templateVersion: template.version,
    });
    if (!stored) return { kind: "skipped", reason: "rendered concurrently" } as const;
    const locked = await findRequest(tx, request.id, { forUpdate: true });
    const step = transition(locked!.status, "issue", "system");
    if (!step.ok) return { kind: "skipped", reason: `request is ${locked!.status}` } as const;
    await updateRequestStatus(tx, request.id, step.to);
    await insertRequestEvent(tx, {
      requestId: request.id,
      action: "issued",
      fromStatus: step.from,
      toStatus: step.to,
      detail: { documentId: meta.id, symbol: meta.symbol, sha256 },
    });
    if (!messageRow) {
      // State Secrets Law art. 5: classified material is never e-mailed; it goes by the confidential channel.
      await insertRequestEvent(tx, {
        requestId: request.id,
        action: "mail_withheld",
        fromStatus: step.to,
        toStatus: step.to,
        detail: { reason: "classified", classification: request.classification },
      });
      return { kind: "issued", messageId: null } as const;
    }
    const messageId = await insertOutboundMessage(tx, { ...messageRow, documentId: meta.id });
    return { kind: "issued", messageId } as const;
  });
}

async function fail(deps: IssueDeps, documentId: string, reason: string): Promise<IssueOutcome> {
  await recordRenderError(deps.db, documentId, reason);
  return { kind: "failed", reason };
}

async function composeOutbound(
  deps: IssueDeps,
  p: {
    request: { id: string; reference: string; toCommitteeId: number };
    meta: { id: string; symbol: string; issuedOn: string };
    recipient: { name: string; email: string };
    issuerName: string;
    subject: string;
    bytes: Buffer;
    filename: string;
  },
) {
  const domain = deps.mailFrom.split("@")[1] ?? "phoihop.invalid";
  const messageId = newMessageId(p.meta.id, domain);
  const text = [
    `Kính gửi: ${p.recipient.name}.`,
    "",
    `${p.issuerName} gửi kèm Công văn số ${p.meta.symbol} ngày ${shortDateVi(parseIsoDate(p.meta.issuedOn))} ${p.subject}.`,
    "",
    `Đề nghị đồng chí trả lời bằng cách phản hồi (Reply) thư này, giữ nguyên mã [${p.request.reference}] trong tiêu đề.`,
    "",
    "Thư được gửi từ hệ thống phối hợp công tác kiểm tra, giám sát (phoihop).",
  ].join("\r\n");
  const raw = await composeLetterMail({
    from: { name: p.issuerName, address: deps.mailFrom },
    to: { name: p.recipient.name, address: p.recipient.email },
    reference: p.request.reference,
    subject: p.subject,
    text,
    messageId,
    date: new Date(),
    attachment: { filename: p.filename, content: p.bytes, contentType: DOCX_MIME },
  });
  return {
    requestId: p.request.id,
    toCommitteeId: p.request.toCommitteeId,
    toAddress: p.recipient.email,
    fromAddress: deps.mailFrom,
    messageId,
    subject: subjectLine(p.request.reference, p.subject),
    raw,
  };
}
