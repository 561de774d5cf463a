import type { z } from "@hono/zod-openapi";
import type { Dispatch } from "../../db/queries/dispatches.js";
import type { DocumentMeta } from "../../db/queries/documents.js";
import type { InboundMessage } from "../../db/queries/inbound-messages.js";
import type { OutboundMessage } from "../../db/queries/outbound-messages.js";
import type { RequestEvent } from "../../db/queries/request-events.js";
import type { RequestDetailParts } from "../../db/queries/request-detail.js";
import type { RequestListRow, RequestRow } from "../../db/queries/requests.js";
import { SuggestedAnswerSchema } from "./schemas.js";
import { STATUS_LABELS } from "../../domain/request-state.js";

/** A request's payload is a JSON object (each kind's schema is one); anything else is shown as empty. */
function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? { ...value } : {};
}

/** The request as both parties know it (the fields its letters state). */
export function presentRequest(r: RequestRow) {
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    from: r.fromCommittee,
    to: r.toCommittee,
    fromName: r.fromCommitteeName,
    toName: r.toCommitteeName,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    classification: r.classification,
    urgency: r.urgency,
    subject: r.subject,
    payload: objectOf(r.payload),
    copyTo: r.copyTo,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function presentListItem(r: RequestListRow) {
  return { ...presentRequest(r), deadlineAt: r.deadlineAt?.toISOString() ?? null, overdue: r.overdue };
}

export function presentDocument(d: DocumentMeta) {
  return {
    id: d.id,
    typeCode: d.typeCode,
    number: d.number,
    symbol: d.symbol,
    term: d.term,
    issuedOn: d.issuedOn,
    templateName: d.templateName,
    templateVersion: d.templateVersion,
    styleProfile: d.styleProfile,
    filename: d.filename,
    sha256: d.sha256,
    size: d.size,
    status: d.sha256
      ? ("rendered" as const)
      : d.renderError
        ? ("render_failed" as const)
        : ("pending" as const),
    renderError: d.renderError,
    download: d.sha256 ? `/v1/documents/${d.id}` : null,
  };
}

export function presentMessage(m: OutboundMessage) {
  return {
    id: m.id,
    requestId: m.requestId,
    reference: m.reference,
    to: m.toCommittee,
    toAddress: m.toAddress,
    messageId: m.messageId,
    subject: m.subject,
    purpose: m.purpose,
    status: m.status,
    attempts: m.attempts,
    smtpResponse: m.smtpResponse,
    lastError: m.lastError,
    sentAt: m.sentAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
    size: m.size,
    eml: `/v1/outbox/${m.id}.eml`,
  };
}

export function presentEvent(e: RequestEvent) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorTokenId: e.actorTokenId,
    actorUser: e.actorUser,
    actorCommittee: e.actorCommittee,
    detail: e.detail,
  };
}

export function presentDispatch(d: Dispatch) {
  return {
    id: d.id,
    to: d.toCommittee,
    status: d.status,
    withheldReason: d.withheldReason,
    sentAt: d.sentAt?.toISOString() ?? null,
    deadlineAt: d.deadlineAt?.toISOString() ?? null,
    overdue: d.overdueAt !== null && d.answeredAt === null,
    remindersSent: d.remindersSent,
    nextReminderAt: d.nextReminderAt?.toISOString() ?? null,
    escalatedAt: d.escalatedAt?.toISOString() ?? null,
    answeredAt: d.answeredAt?.toISOString() ?? null,
    answer: d.answer,
    answerNote: d.answerNote,
    answerStaff: d.answerStaff,
    bounce: d.bouncedAt
      ? {
          status: d.bounceStatus,
          diagnostic: d.bounceDiagnostic,
          recipient: d.bounceRecipient,
          at: d.bouncedAt.toISOString(),
        }
      : null,
  };
}

/** The filer's view: everything, its own people, notes and tokens included. */
export function presentForFiler(p: RequestDetailParts) {
  return {
    ...presentRequest(p.request),
    events: p.events.map(presentEvent),
    documents: p.documents.map(presentDocument),
    messages: p.messages.map(presentMessage),
    dispatches: p.dispatches.map(presentDispatch),
    inbound: p.inbound.map(presentInbound),
    following: p.following,
  };
}

/**
 * What the trail shows the counterpart: when the letters were issued, sent, chased and answered, and that the
 * request was cancelled. Never who in the filing committee did what, nor their notes (submit, approve, answer).
 */
export const COUNTERPART_EVENT_ACTIONS = [
  "issued",
  "sent",
  "mail_withheld",
  "reminder_composed",
  "escalation_composed",
  "overdue",
  "reply_received",
  "answer_recorded",
  "cancel",
] as const;

/**
 * The counterpart's view, an explicit projection (every field named here, nothing spread from a row): the
 * request as the letters state it, the letters themselves, their dispatch to this committee and its answer.
 * Not the filer's events' actors, notes or details, its outbox, its inbound triage, user or token ids.
 */
export function presentForCounterpart(p: RequestDetailParts, counterpartCode: string) {
  const actions: readonly string[] = COUNTERPART_EVENT_ACTIONS;
  return {
    ...presentRequest(p.request),
    events: p.events
      .filter((e) => actions.includes(e.action))
      .map((e) => ({ id: e.id, at: e.at.toISOString(), action: e.action, toStatus: e.toStatus })),
    documents: p.documents
      .filter((d) => d.sha256)
      .map((d) => ({
        id: d.id,
        typeCode: d.typeCode,
        number: d.number,
        symbol: d.symbol,
        issuedOn: d.issuedOn,
        filename: d.filename,
        sha256: d.sha256,
        size: d.size,
        status: "rendered" as const,
        download: `/v1/documents/${d.id}`,
      })),
    messages: [] as [],
    dispatches: p.dispatches
      .filter((d) => d.toCommittee === counterpartCode)
      .map((d) => ({
        id: d.id,
        to: d.toCommittee,
        status: d.status,
        withheldReason: d.withheldReason,
        sentAt: d.sentAt?.toISOString() ?? null,
        deadlineAt: d.deadlineAt?.toISOString() ?? null,
        overdue: d.overdueAt !== null && d.answeredAt === null,
        remindersSent: d.remindersSent,
        answeredAt: d.answeredAt?.toISOString() ?? null,
        answer: d.answer,
        answerStaff: d.answerStaff,
      })),
    inbound: [] as [],
    following: p.following,
  };
}

export function presentInbound(m: InboundMessage) {
  return {
    id: m.id,
    source: m.source,
    receivedAt: m.receivedAt.toISOString(),
    from: m.fromAddress,
    subject: m.subject,
    status: m.status,
    classification: m.classification,
    classificationReason: m.classificationReason,
    matchMethod: m.matchMethod,
    requestId: m.requestId,
    senderMatches: m.senderMatches,
    needsReview: m.needsReview,
    text: m.strippedText,
    suggestion: suggestionOf(m.suggestion),
    error: m.error,
    problems: m.problems,
    reviewReasons: m.reviewReasons,
    reviewOutcome: m.reviewOutcome,
    reviewedAt: m.reviewedAt?.toISOString() ?? null,
    dsn: m.dsn,
    receivedBy: m.receivedBy,
  };
}

/** The stored suggestion as the inbound reading wrote it; an unreadable one is no suggestion. */
function suggestionOf(value: unknown): SuggestedAnswer | null {
  const parsed = SuggestedAnswerSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

type SuggestedAnswer = z.infer<typeof SuggestedAnswerSchema>;
