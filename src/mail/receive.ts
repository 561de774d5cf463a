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
  markDispatchBounced,
} from "../db/queries/dispatches.js";
import {
  beginInboundAttempt,
  findInbound,
  type InboundSource,
  insertInboundAttachments,
  markInboundFailed,
  recordInboundOutcome,
  storeInboundRaw,
} from "../db/queries/inbound-messages.js";
import { isAnyNotificationMessage, markOutboundBounced } from "../db/queries/outbound-messages.js";
import { findRequest, type RequestRow } from "../db/queries/requests.js";
import { type TransitionResult, transition } from "../domain/request-state.js";
import { emailDomain } from "../domain/text.js";
import type { Clock } from "../runtime/clock.js";
import type { Queues } from "../runtime/queues.js";
import { mailInbound } from "../jobs/catalog.js";
import { moveRequest } from "../requests/move-request.js";
import { analyseInbound, type DsnInfo, type InboundAnalysis, type InboundKind } from "./inbound/index.js";
import { storableJson, storableNullable, storableText } from "./inbound/storable.js";
import { judgeTrust, type TrustVerdict } from "./inbound/trust.js";
import type { MailSettings } from "./request-mail.js";

/** After this many tries (job retries, reconciler rounds) a message stops being retried and waits in triage. */
export const MAX_INBOUND_ATTEMPTS = 8;

/** The header-only peek used for dedupe before parsing: a Message-ID line in the first 64 KB. */
function peekMessageId(raw: Buffer): string | null {
  const head = raw.subarray(0, 65_536).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, " ");
  return /^message-id:\s*(<[^>\s]+>)/im.exec(headers)?.[1] ?? null;
}

/** The bytes after the header block (the first empty line), as the dedupe migration cuts them too. */
function bodyOf(raw: Buffer): Buffer {
  const crlf = raw.indexOf("\r\n\r\n");
  if (crlf >= 0) return raw.subarray(crlf + 4);
  const lf = raw.indexOf("\n\n");
  return lf >= 0 ? raw.subarray(lf + 2) : Buffer.alloc(0);
}

/** What a stored message is deduped by: its whole bytes, and its body beside its Message-ID. */
export function inboundDigests(raw: Buffer): { sha256: string; bodySha256: string } {
  return {
    sha256: createHash("sha256").update(raw).digest("hex"),
    bodySha256: createHash("sha256").update(bodyOf(raw)).digest("hex"),
  };
}

/**
 * Every source (SMTP receiver, IMAP, webhook) comes through here: the raw message is stored first, deduped
 * (the same bytes, or the same Message-ID with the same body: trace headers differ between SMTP and IMAP), then
 * processed by a job. A message that only shares a Message-ID is its own message, read on its own evidence — so a
 * forged copy sent first cannot turn the real reply into a duplicate. Nothing that reached us is ever dropped.
 */
export async function receiveInbound(
  deps: { db: pg.Pool; queues: Queues },
  raw: Buffer,
  source: InboundSource,
  receivedBy: string | null = null,
): Promise<{ id: string; duplicate: boolean }> {
  const messageId = storableNullable(peekMessageId(raw));
  const stored = await storeInboundRaw(deps.db, {
    source,
    raw,
    ...inboundDigests(raw),
    messageId,
    receivedBy,
  });
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

/**
 * The dispatch an inbound message answers (or, for a bounce, the one that failed), found by the keys our letters
 * carry, strongest first: token in the recipient → token in References → our Message-IDs → subject tag → body
 * marker. The method that found it is recorded with the message.
 */
async function findDispatchByReplyKeys(db: pg.Pool, a: InboundAnalysis): Promise<Match | null> {
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
        const dispatch = await findDispatchByOutboundMessageId(db, storableText(id));
        if (dispatch) return { dispatch, method: "message_id" };
      }
      return null;
    },
    async () => {
      for (const tag of a.keys.subjectTags) {
        const found = await findDispatchesByReference(db, tag);
        // A tag names a request; it decides only when the request went to one committee.
        if (found.length === 1 && found[0]) return { dispatch: found[0], method: "subject_tag" };
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
 * its audit event. Only a trusted, readable message changes anything by itself (src/mail/inbound/trust.ts); the
 * rest is matched but waits for a person. An out-of-office never counts as an answer; a permanent bounce marks
 * the dispatch with its evidence; unmatched mail waits in the triage list; a message that cannot be read at all
 * lands there too (status `failed`, with the reason), never stays `received`.
 */
export async function processInbound(
  deps: { db: pg.Pool; mail: MailSettings; clock: Clock },
  inboundId: string,
): Promise<{ status: string; classification?: string; matchMethod?: string | null }> {
  const existing = await beginInboundAttempt(deps.db, inboundId);
  if (existing.status !== "received") return { status: existing.status };
  const { attempts, raw } = existing;
  if (attempts > MAX_INBOUND_ATTEMPTS) {
    await markInboundFailed(
      deps.db,
      inboundId,
      `đã thử xử lý ${MAX_INBOUND_ATTEMPTS} lần không thành công${existing.error ? `: ${existing.error}` : ""}`,
    );
    return { status: "failed" };
  }
  const ourDomains = [deps.mail.replyDomain, emailDomain(deps.mail.mailFrom)];
  let a: InboundAnalysis;
  try {
    a = await analyseInbound(raw, {
      ourDomains,
      ourAddresses: [deps.mail.mailFrom],
      replyDomains: [deps.mail.replyDomain],
    });
  } catch (err) {
    // The reading is pure: the same bytes fail the same way every time, so this is not retried.
    await markInboundFailed(
      deps.db,
      inboundId,
      storableText(`không đọc được thư: ${(err as Error).message}`),
    );
    return { status: "failed" };
  }
  // Attached by hand from the triage list: a person already said which dispatch it answers.
  const manual = existing.dispatchId ? await findDispatch(deps.db, existing.dispatchId) : undefined;
  // A reply to one of our notification e-mails is a person talking to the service, never an answer to a request
  // (the notification's subject names the request, so the subject tag alone would take it for one).
  // Both reads at once (one round trip of waiting instead of two): the match is dropped if it is a notification's.
  const [toNotification, found] = manual
    ? [false, null]
    : await Promise.all([
        isNotificationMessage(deps.db, a.keys.messageIds),
        a.classification.kind === "loop" ? null : findDispatchByReplyKeys(deps.db, a),
      ]);
  const match = manual ? { dispatch: manual, method: "manual" } : toNotification ? null : found;
  const from = a.parsed.from?.address?.toLowerCase() ?? null;
  const verdict = match
    ? judgeTrust({
        parsed: a.parsed,
        classification: a.classification,
        stripped: a.stripped,
        matchMethod: match.method,
        counterpartEmail: match.dispatch.toEmail,
        authservIds: deps.mail.authservIds ?? [],
      })
    : null;

  return withTransaction(deps.db, async (tx) => {
    // The request row first, always: the outcome's foreign keys take share locks on it, and two replies to one
    // request recorded in the other order would deadlock.
    const request = match ? await findRequest(tx, match.dispatch.requestId, { forUpdate: true }) : undefined;
    const status =
      a.classification.kind === "loop" || toNotification ? "ignored" : match ? "processed" : "unmatched";
    const reason = toNotification
      ? `reply to a notification; ${a.classification.reason}`
      : a.classification.reason;
    // Recorded only while still `received`: the update's row lock and recheck stand for a `select … for update`.
    const recorded = await recordInboundOutcome(tx, inboundId, {
      status,
      fromAddress: storableNullable(from),
      subject: storableText(a.parsed.subject ?? ""),
      classification: a.classification.kind,
      classificationReason: storableText(reason),
      matchMethod: match?.method ?? null,
      dispatchId: match?.dispatch.id ?? null,
      requestId: match?.dispatch.requestId ?? null,
      senderMatches: verdict?.senderMatches ?? null,
      needsReview: verdict?.needsReview ?? false,
      strippedText: storableText(a.stripped),
      suggestion: storableJson(a.suggestion),
      problems: a.parsed.problems.map(storableText),
      reviewReasons: verdict?.reasons ?? [],
      dsn: storableJson(a.classification.dsn ?? null),
    });
    if (!recorded) {
      // Another run recorded it first (a job and the reconciler): this one wrote nothing.
      const row = await findInbound(tx, inboundId);
      return { status: row?.status ?? "missing" };
    }
    await insertInboundAttachments(
      tx,
      inboundId,
      a.parsed.attachments.map((att) => ({
        filename: storableNullable(att.filename),
        contentType: storableText(att.contentType),
        size: att.size,
        sha256: att.sha256,
        bytes: att.content,
      })),
    );
    if (match && verdict && request)
      await recordOnDispatch(tx, request, inboundId, a, match, verdict, deps.clock.now());
    return { status, classification: a.classification.kind, matchMethod: match?.method ?? null };
  });
}

async function recordOnDispatch(
  tx: pg.PoolClient,
  request: RequestRow,
  inboundId: string,
  a: InboundAnalysis,
  match: Match,
  verdict: TrustVerdict,
  now: Date,
): Promise<void> {
  const kind = a.classification.kind;
  const dsn = a.classification.dsn;
  const step = verdict.needsReview
    ? null
    : await applyInboundEffect(tx, request, match.dispatch.id, kind, dsn, now);
  await moveRequest(tx, request, step, {
    action: eventAction(kind, dsn, verdict.needsReview),
    detail: storableJson({
      inboundId,
      dispatchId: match.dispatch.id,
      matchMethod: match.method,
      from: a.parsed.from?.address ?? null,
      reason: a.classification.reason,
      ...(verdict.reasons.length ? { reviewReasons: verdict.reasons } : {}),
      ...(kind === "bounce" && dsn ? bounceEvidence(dsn) : {}),
      ...(a.suggestion?.suggestion ? { suggestion: a.suggestion } : {}),
    }),
  });
}

function eventAction(kind: InboundKind, dsn: DsnInfo | undefined, needsReview: boolean): string {
  if (kind === "bounce")
    return dsn?.delayed ? "delivery_delayed" : needsReview ? "bounce_needs_review" : "bounce_received";
  if (kind === "auto_reply") return "auto_reply_received";
  return needsReview ? "reply_needs_review" : "reply_received";
}

function bounceEvidence(dsn: DsnInfo) {
  return {
    bounceStatus: dsn.status ?? null,
    bounceDiagnostic: dsn.diagnostic ?? null,
    bounceRecipient: dsn.recipient ?? null,
  };
}

/**
 * What a trusted message does to its dispatch, automatically or once a person confirmed it: a human reply answers
 * the dispatch (stopping its reminders), a permanent bounce fails it, keeping its evidence. Returns the step of the
 * request's state machine this brings (`responded`, `delivery_failed`), for the caller to move the request with
 * its event (moveRequest); a delayed DSN and an auto-reply bring none (`null`).
 */
export async function applyInboundEffect(
  tx: pg.PoolClient,
  request: RequestRow,
  dispatchId: string,
  kind: string | null,
  dsn: DsnInfo | null | undefined,
  now: Date,
): Promise<TransitionResult | null> {
  if (kind === "bounce" && dsn && !dsn.delayed) {
    await markDispatchBounced(tx, dispatchId, {
      status: storableNullable(dsn.status),
      diagnostic: storableNullable(dsn.diagnostic),
      recipient: storableNullable(dsn.recipient),
      at: now,
    });
    if (dsn.originalMessageId) await markOutboundBounced(tx, storableText(dsn.originalMessageId));
    return transition(request.status, "fail_delivery", "system");
  }
  if (kind === "human") {
    await markDispatchAnswered(tx, dispatchId, now);
    return transition(request.status, "respond", "system");
  }
  return null;
}

async function isNotificationMessage(db: pg.Pool, messageIds: string[]): Promise<boolean> {
  if (!messageIds.length) return false;
  return isAnyNotificationMessage(db, messageIds.map(storableText));
}
