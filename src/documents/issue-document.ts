import { createHash } from "node:crypto";
import type pg from "pg";
import { mustFind, withTransaction } from "../db/db.js";
import {
  type DocumentMeta,
  findDocumentMeta,
  listRenderedDocumentsOfRequest,
  recordRenderError,
  storeRenderedDocument,
} from "../db/queries/documents.js";
import { insertDispatch } from "../db/queries/dispatches.js";
import { insertRequestEvent } from "../db/queries/request-events.js";
import { findRequest, type RequestRow } from "../db/queries/requests.js";
import { transition } from "../domain/request-state.js";
import { asciiSlug } from "../domain/text.js";
import { newReplyToken } from "../mail/reply-token.js";
import { composeLetterIfReady } from "../mail/letter-mail.js";
import type { MailSettings } from "../mail/request-mail.js";
import type { Clock } from "../runtime/clock.js";
import type { AttachmentStore } from "../attachments/store.js";
import { moveRequest } from "../requests/move-request.js";
import { registerLettersReceived } from "../registers/incoming.js";
import { docxText } from "./docx-text.js";
import { documentSpecs, findLetterParties, type LetterParties, letterData } from "./letter-data.js";
import { TemplateRenderError } from "./render-docx.js";
import { templateThreads, threadFailure } from "./template-thread.js";
import type { TemplateStore } from "./template-store.js";

export interface IssueDeps {
  db: pg.Pool;
  templates: TemplateStore;
  mail: MailSettings;
  clock: Clock;
  /** Where LibreOffice runs, the letter waits for the PDFs and carries them (make-pdf.ts composes it). */
  pdf?: unknown;
  /** Where request attachments' bytes live (the database when absent). */
  attachmentStore?: AttachmentStore | undefined;
}

export type IssueOutcome =
  | { kind: "rendered"; messageId: string | null }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; reason: string };

/**
 * The render step for one numbered document: fills its template and stores it with its SHA-256. The step that
 * renders the request's last document also moves the request to `issued` and opens its dispatch — in the same
 * transaction — and composes the e-mail carrying all of them, unless LibreOffice runs here: then the last PDF step
 * composes it with the PDFs (make-pdf.ts). Safe to run twice: bytes are written once.
 */
export async function issueDocument(deps: IssueDeps, documentId: string): Promise<IssueOutcome> {
  const meta = await findDocumentMeta(deps.db, documentId);
  if (!meta) return { kind: "skipped", reason: "no such document" };
  if (meta.sha256) return { kind: "skipped", reason: "already rendered" };
  const request = await findRequest(deps.db, meta.requestId);
  if (!request) return { kind: "skipped", reason: "request missing" };
  if (request.status !== "approved") return { kind: "skipped", reason: `request is ${request.status}` };

  const rendered = await render(deps, request, meta);
  if ("failed" in rendered) {
    await recordRenderError(deps.db, meta.id, rendered.failed);
    return { kind: "failed", reason: rendered.failed };
  }
  const sha256 = createHash("sha256").update(rendered.bytes).digest("hex");
  const filename = `${asciiSlug(meta.symbol)}.docx`;

  return withTransaction(deps.db, async (tx) => {
    // The request row lock orders concurrent render steps: exactly one sees the last document stored.
    const locked = mustFind(await findRequest(tx, request.id, { forUpdate: true }), `request ${request.id}`);
    const stored = await storeRenderedDocument(tx, meta.id, {
      bytes: rendered.bytes,
      sha256,
      filename,
      templateId: rendered.templateId,
      templateVersion: rendered.templateVersion,
      text: rendered.text,
    });
    if (!stored) return { kind: "skipped", reason: "rendered concurrently" } as const;
    const documents = await listRenderedDocumentsOfRequest(tx, request.id);
    if (documents.some((d) => !d.bytes)) return { kind: "rendered", messageId: null } as const;
    const step = transition(locked.status, "issue", "system");
    if (!step.ok) return { kind: "skipped", reason: `request is ${locked.status}` } as const;
    await moveRequest(tx, locked, step, {
      action: "issued",
      detail: { documents: documents.map((d) => ({ id: d.id, symbol: d.symbol, sha256: d.sha256 })) },
    });
    if (locked.classification !== "thuong") {
      // State Secrets Law art. 5: classified material is never e-mailed; the dispatch records why, and the
      // documents go by the confidential channel.
      await insertDispatch(tx, {
        requestId: request.id,
        toCommitteeId: locked.toCommitteeId,
        token: newReplyToken(),
        status: "withheld",
        withheldReason: `classified:${locked.classification}`,
      });
      await insertRequestEvent(tx, {
        requestId: request.id,
        action: "mail_withheld",
        fromStatus: step.to,
        toStatus: step.to,
        detail: { reason: "classified", classification: locked.classification },
      });
      return { kind: "rendered", messageId: null } as const;
    }
    // The letters reach the counterpart through phoihop now: they enter its sổ văn bản đến.
    await registerLettersReceived(tx, locked, { receivedAt: deps.clock.now(), delivery: "email" });
    await insertDispatch(tx, {
      requestId: request.id,
      toCommitteeId: locked.toCommitteeId,
      token: newReplyToken(),
      status: "pending",
    });
    const messageId = deps.pdf
      ? null
      : await composeLetterIfReady(tx, deps, locked, {
          waitForPdf: false,
          parties: { issuedOn: meta.issuedOn, ...rendered.parties },
        });
    return { kind: "rendered", messageId } as const;
  });
}

async function render(
  deps: IssueDeps,
  request: RequestRow,
  meta: DocumentMeta,
): Promise<
  | {
      bytes: Buffer;
      text: string | null;
      parties: LetterParties;
      templateId: string;
      templateVersion: number;
    }
  | { failed: string }
> {
  const spec = documentSpecs(request).find(
    (d) => d.type === meta.typeCode && d.template === meta.templateName,
  );
  if (!spec) return { failed: `loại yêu cầu ${request.kind} không có văn bản ${meta.typeCode}` };
  const parties = await findLetterParties(deps.db, request, meta.issuedOn);
  if (!parties) return { failed: "ủy ban không có thông tin hiệu lực vào ngày ban hành" };
  const template = await deps.templates.load(request.fromCommitteeId, meta.templateName);
  const data = letterData(request, spec, parties, {
    number: meta.number,
    issuedOn: meta.issuedOn,
    draft: null,
    profile: meta.styleProfile,
  });
  // Off the event loop with a time budget: a committee's own template must never stall the workers. The text for
  // search is read there too (~1 ms a document that the event loop of a 5,000-document run does not spend).
  const outcome = await templateThreads().run({ op: "render", bytes: template.bytes, data, withText: true });
  if (outcome.ok && "rendered" in outcome) {
    const bytes = Buffer.from(outcome.rendered);
    return {
      bytes,
      text: outcome.text === undefined ? docxText(bytes) : outcome.text,
      parties,
      templateId: template.id,
      templateVersion: template.version,
    };
  }
  if (!outcome.ok && "renderErrors" in outcome)
    return { failed: new TemplateRenderError(outcome.renderErrors).message };
  // Not the template's fault (a thread that could not start or died): the job is retried, nothing is recorded.
  if (!outcome.ok && "unavailable" in outcome) throw new Error(outcome.unavailable);
  return { failed: threadFailure(outcome)?.message ?? "không tạo được văn bản" };
}
