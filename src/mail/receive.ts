import { createHash } from "node:crypto";
import type pg from "pg";
import { withTransaction } from "../db/db.js";
import {
  type Dispatch,
  findDispatch,
  findDispatchByOutboundMessageId,
  findDispatchByToken,
  findDispatchesByReference,
  markDispatchAnswered,
  setDispatchStatus,
} from "../db/queries/dispatches.js";
import {
  findInbound,
  findInboundRaw,
  type InboundSource,
  insertInboundAttachment,
  recordInboundOutcome,
  storeInboundRaw,
} from "../db/queries/inbound-messages.js";
import { markOutboundBounced } from "../db/queries/outbound-messages.js";
import { insertRequestEvent } from "../db/queries/request-events.js";
import { findRequest, updateRequestStatus } from "../db/queries/requests.js";
import { transition } from "../domain/request-state.js";
import type { Clock } from "../runtime/clock.js";
import type { Queues } from "../runtime/queues.js";
import { mailInbound } from "../jobs/catalog.js";
import { analyseInbound, type InboundAnalysis } from "./inbound/index.js";
import type { MailSettings } from "./request-mail.js";

/** The header-only peek used for dedupe before parsing: a Message-ID line in the first 64 KB. */
function peekMessageId(raw: Buffer): string | null {
  const head = raw.subarray(0, 65_536).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, " ");
  return /^message-id:\s*(<[^>\s]+>)/im.exec(headers)?.[1] ?? null;
}

/**
 * Every source (SMTP receiver, IMAP, webhook) comes through here: the raw message is stored first, deduped
 * (Message-ID, else SHA-256), then processed by a job. Nothing that reached us is ever dropped.
 */
export async function receiveInbound(
  deps: { db: pg.Pool; queues: Queues },
  raw: Buffer,
  source: InboundSource,
): Promise<{ id: string; duplicate: boolean }> {
  const sha256 = createHash("sha256").update(raw).digest("hex");
  const stored = await storeInboundRaw(deps.db, { source, raw, sha256, messageId: peekMessageId(raw) });
  if (!stored.duplicate) {
    // If the queue is down the reconciler finds the row still "received" and enqueues it.
    await deps.queues.enqueue(mailInbound, { inboundId: stored.id }).catch(() => {});
  }
  return stored;
}

interface Match {
  dispatch: Dispatch;
  method: string;
}

/** token in the recipient → token in References → our Message-IDs → subject tag → body marker. */
async function matchDispatch(db: pg.Pool, a: InboundAnalysis): Promise<Match | null> {
  const byToken = async (tokens: string[], method: string) => {
    for (const t of tokens) {
      const dispatch = await findDispatchByToken(db, t);
      if (dispatch) return { dispatch, method };
    }
    return null;
  };
  const bounced = a.classification.dsn?.originalMessageId;
  const candidates: (() => Promise<Match | null>)[] = [
    () => byToken(a.keys.tokens.fromRecipients, "recipient_token"),
    // A bounce quotes our original headers: the token in them names the dispatch that failed.
    () =>
      byToken(a.classification.dsn?.originalToken ? [a.classification.dsn.originalToken] : [], "dsn_token"),
    () => byToken(a.keys.tokens.fromReferences, "references_token"),
    async () => {
      for (const id of [...(bounced ? [bounced] : []), ...a.keys.messageIds]) {
        const dispatch = await findDispatchByOutboundMessageId(db, id);
        if (dispatch) return { dispatch, method: "message_id" };
      }
      return null;
    },
    async () => {
      for (const tag of a.keys.subjectTags) {
        const found = await findDispatchesByReference(db, tag);
        // A tag names a request; it decides only when the request went to one committee.
        if (found.length === 1) return { dispatch: found[0]!, method: "subject_tag" };
      }
      return null;
    },
    () =>
      byToken(
        a.keys.bodyMarkers.map((m) => m.token),
        "body_marker",
      ),
  ];
  for (const candidate of candidates) {
    const found = await candidate();
    if (found) return found;
  }
  return null;
}

/**
 * Classifies and matches one stored message and records it on its dispatch and request in one transaction with
 * its audit event. An out-of-office never counts as an answer; a bounce marks the dispatch; unmatched mail waits
 * in the triage list.
 */
export async function processInbound(
  deps: { db: pg.Pool; mail: MailSettings; clock: Clock },
  inboundId: string,
): Promise<{ status: string; classification?: string; matchMethod?: string | null }> {
  const existing = await findInbound(deps.db, inboundId);
  if (!existing || existing.status !== "received") return { status: existing?.status ?? "missing" };
  const raw = (await findInboundRaw(deps.db, inboundId))!;
  const ourDomains = [deps.mail.replyDomain, deps.mail.mailFrom.split("@")[1]!];
  const a = await analyseInbound(raw, {
    ourDomains,
    ourAddresses: [deps.mail.mailFrom],
    replyDomains: [deps.mail.replyDomain],
  });
  // Attached by hand from the triage list: a person already said which dispatch it answers.
  const manual = existing.dispatchId ? await findDispatch(deps.db, existing.dispatchId) : undefined;
  // A reply to one of our notification e-mails is a person talking to the service, never an answer to a request
  // (the notification's subject names the request, so the subject tag alone would take it for one).
  const toNotification = !manual && (await isNotificationMessage(deps.db, a.keys.messageIds));
  const match = manual
    ? { dispatch: manual, method: "manual" }
    : a.classification.kind === "loop" || toNotification
      ? null
      : await matchDispatch(deps.db, a);
  const from = a.parsed.from?.address?.toLowerCase() ?? null;
  const senderMatches = match ? from === match.dispatch.toEmail.toLowerCase() : null;

  return withTransaction(deps.db, async (tx) => {
    // The request row first, always: the outcome's foreign keys take share locks on it, and two replies to one
    // request recorded in the other order would deadlock.
    if (match) await findRequest(tx, match.dispatch.requestId, { forUpdate: true });
    const row = await findInbound(tx, inboundId, { forUpdate: true });
    if (row?.status !== "received") return { status: row?.status ?? "missing" };
    for (const att of a.parsed.attachments) {
      await insertInboundAttachment(tx, {
        inboundId,
        filename: att.filename ?? null,
        contentType: att.contentType,
        size: att.size,
        sha256: att.sha256,
        bytes: att.content,
      });
    }
    const status =
      a.classification.kind === "loop" || toNotification ? "ignored" : match ? "processed" : "unmatched";
    await recordInboundOutcome(tx, inboundId, {
      status,
      fromAddress: from,
      subject: a.parsed.subject ?? null,
      classification: a.classification.kind,
      classificationReason: toNotification
        ? `reply to a notification; ${a.classification.reason}`
        : a.classification.reason,
      matchMethod: match?.method ?? null,
      dispatchId: match?.dispatch.id ?? null,
      requestId: match?.dispatch.requestId ?? null,
      senderMatches,
      // Matched, but from an address that is not the counterpart's: a person looks before it counts.
      needsReview: senderMatches === false,
      strippedText: a.stripped,
      suggestion: a.suggestion,
    });
    if (match) await applyToDispatch(tx, inboundId, a, match, senderMatches === false, deps.clock.now());
    return { status, classification: a.classification.kind, matchMethod: match?.method ?? null };
  });
}

async function applyToDispatch(
  tx: pg.PoolClient,
  inboundId: string,
  a: InboundAnalysis,
  match: Match,
  needsReview: boolean,
  now: Date,
): Promise<void> {
  const request = (await findRequest(tx, match.dispatch.requestId, { forUpdate: true }))!;
  const kind = a.classification.kind;
  let toStatus = request.status;
  if (kind === "bounce" && !a.classification.dsn?.delayed) {
    await setDispatchStatus(tx, match.dispatch.id, "delivery_failed");
    if (a.classification.dsn?.originalMessageId)
      await markOutboundBounced(tx, a.classification.dsn.originalMessageId);
    const step = transition(request.status, "fail_delivery", "system");
    if (step.ok) toStatus = step.to;
  } else if (kind === "human" && !needsReview) {
    await markDispatchAnswered(tx, match.dispatch.id, now);
    const step = transition(request.status, "respond", "system");
    if (step.ok) toStatus = step.to;
  }
  if (toStatus !== request.status) await updateRequestStatus(tx, request.id, toStatus);
  const action =
    kind === "bounce"
      ? a.classification.dsn?.delayed
        ? "delivery_delayed"
        : "bounce_received"
      : kind === "auto_reply"
        ? "auto_reply_received"
        : needsReview
          ? "reply_needs_review"
          : "reply_received";
  await insertRequestEvent(tx, {
    requestId: request.id,
    action,
    fromStatus: request.status,
    toStatus,
    detail: {
      inboundId,
      dispatchId: match.dispatch.id,
      matchMethod: match.method,
      from: a.parsed.from?.address ?? null,
      reason: a.classification.reason,
      ...(a.suggestion?.suggestion ? { suggestion: a.suggestion } : {}),
    },
  });
}

async function isNotificationMessage(db: pg.Pool, messageIds: string[]): Promise<boolean> {
  if (!messageIds.length) return false;
  const { rows } = await db.query(
    "select 1 from outbound_messages where message_id = any($1::text[]) and purpose = 'notification' limit 1",
    [messageIds],
  );
  return rows.length > 0;
}
