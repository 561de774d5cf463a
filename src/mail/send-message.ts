import type pg from "pg";
import { mustFind, withTransaction } from "../db/db.js";
import { findDispatch, setDispatchStatus } from "../db/queries/dispatches.js";
import {
  claimForSending,
  deferOutboundMessage,
  findOutboundMessage,
  findOutboundRaw,
  lockOutboundStatus,
  releaseClaim,
  type OutboundMessage,
  type OutboundStatus,
  settleOutboundMessage,
} from "../db/queries/outbound-messages.js";
import { findRequest } from "../db/queries/requests.js";
import type { DeadlineCalendar } from "../domain/reply-policy.js";
import { type SystemAction, transition } from "../domain/request-state.js";
import type { Clock } from "../runtime/clock.js";
import type { Logger } from "../runtime/logger.js";
import type { MailTransport } from "../runtime/mail-transport.js";
import { moveRequest } from "../requests/move-request.js";
import type { AcceptanceLedger } from "./acceptance-ledger.js";
import { startAnswerDeadline } from "./start-deadline.js";

export type SendResult =
  | { kind: "done"; status: OutboundStatus }
  /** `retryAt`: when the database has the next attempt due (a temporary refusal); else the job's own backoff. */
  | { kind: "retry"; error: string; retryAt?: Date }
  | { kind: "final"; status: OutboundStatus; error: string };

export interface SendDeps {
  db: pg.Pool;
  transport: MailTransport;
  clock: Clock;
  calendar: DeadlineCalendar;
  acceptances: AcceptanceLedger;
  delivery: DeliveryPolicy;
  /** Where the SMTP answer is logged with the Message-ID (the job's trace is added by the logger). */
  log: Logger;
}

export interface DeliveryPolicy {
  /** Temporary refusals are retried this long after the first attempt, then the message has failed. */
  retryLifetimeMs: number;
  /** An attempt holds its message this long; one held longer was interrupted and may be taken again. */
  leaseSeconds: number;
  /** The first wait after a temporary refusal, doubling per attempt (capped at an hour). */
  backoffSeconds: number;
}

/** A send waits at most this long between SMTP answers; a message is held for twice that. */
export function deliveryPolicy(cfg: { MAIL_RETRY_LIFETIME_MS: number; MAIL_SEND_TIMEOUT_MS: number }) {
  return {
    retryLifetimeMs: cfg.MAIL_RETRY_LIFETIME_MS,
    leaseSeconds: Math.ceil((2 * cfg.MAIL_SEND_TIMEOUT_MS) / 1000),
    backoffSeconds: 5,
  } satisfies DeliveryPolicy;
}

const SETTLED: OutboundStatus[] = ["sent", "outbox", "delivery_failed", "refused", "cancelled"];

/**
 * Sends one stored message (the same bytes on every attempt) and records the outcome on the message, its
 * dispatch and the request. The caller (a job) retries on `retry`, and stops on `final`.
 *
 * At most once where it can be known: a message is claimed before it is sent, so two attempts never send it at
 * once; what the server accepted is kept in the acceptance ledger until the database has recorded it, so neither a
 * database error nor a crash after the answer sends it again. Only an attempt interrupted before the server's
 * answer (a lost connection, a killed worker) may send it a second time, with the same bytes and Message-ID.
 */
export async function sendOutboundMessage(deps: SendDeps, messageId: string): Promise<SendResult> {
  const message = await findOutboundMessage(deps.db, messageId);
  if (!message) return { kind: "final", status: "refused", error: "no such message" };
  if (SETTLED.includes(message.status)) return { kind: "done", status: message.status };
  const request = message.requestId ? await findRequest(deps.db, message.requestId) : undefined;
  if (request && request.classification !== "thuong") {
    // Classified requests never get mail composed; this guards against any path that would (State Secrets Law).
    await settleOutboundMessage(deps.db, messageId, {
      status: "refused",
      lastError: "classified: never e-mailed",
    });
    return { kind: "final", status: "refused", error: "classified" };
  }
  if (message.purpose !== "letter" && message.dispatchId) {
    // A reply that arrived after this reminder was composed makes it pointless: never chase an answer we have.
    const dispatch = await findDispatch(deps.db, message.dispatchId);
    if (dispatch?.status !== "sent") {
      await settleOutboundMessage(deps.db, messageId, {
        status: "cancelled",
        lastError: `dispatch ${dispatch?.status}`,
      });
      return { kind: "done", status: "cancelled" };
    }
  }
  const claim = await claimForSending(deps.db, messageId, deps.delivery.leaseSeconds);
  if (claim.kind === "settled") return { kind: "done", status: claim.status };
  if (claim.kind === "held") return { kind: "retry", error: "another attempt is sending this message" };

  // An earlier attempt was accepted and died before the database heard of it: record it, send nothing.
  const accepted = await deps.acceptances.recall(messageId).catch(async (err: Error) => {
    await releaseClaim(deps.db, messageId).catch(() => {});
    throw err;
  });
  if (accepted !== null) {
    await recordAccepted(deps, message, accepted);
    return { kind: "done", status: "sent" };
  }
  if (deps.transport.kind === "outbox") {
    await settle(deps, message, { status: "outbox" }, { transport: "outbox" });
    return { kind: "done", status: "outbox" };
  }
  const raw = await findOutboundRaw(deps.db, messageId);
  if (!raw) return { kind: "retry", error: "message bytes not readable" };
  const outcome = await deps.transport.send({ from: message.fromAddress, to: message.toAddress }, raw);
  deps.log[outcome.kind === "sent" ? "info" : "warn"](`smtp: ${outcome.kind}`, {
    outboundMessageId: message.id,
    messageId: message.messageId,
    purpose: message.purpose,
    answer: outcome.kind === "sent" ? outcome.response : outcome.error,
  });
  switch (outcome.kind) {
    case "sent":
      await deps.acceptances.remember(messageId, outcome.response);
      await recordAccepted(deps, message, outcome.response);
      return { kind: "done", status: "sent" };
    case "permanent":
      await settle(
        deps,
        message,
        { status: "delivery_failed", lastError: outcome.error },
        { error: outcome.error },
      );
      return { kind: "final", status: "delivery_failed", error: outcome.error };
    case "uncertain":
    case "retry": {
      if (claim.ageMs >= deps.delivery.retryLifetimeMs) {
        // As long as a real MTA would have kept trying: the message has failed, with the server's last answer.
        const error = `${outcome.error} (đã thử ${claim.attempts} lần trong ${lifetimeText(claim.ageMs)})`;
        await settle(deps, message, { status: "delivery_failed", lastError: error }, { error });
        return { kind: "final", status: "delivery_failed", error };
      }
      // "uncertain": the server may have it; the next attempt sends the same bytes and Message-ID.
      const retryAt = await deferOutboundMessage(deps.db, messageId, {
        status: outcome.kind === "uncertain" ? "uncertain" : "pending",
        lastError: outcome.error,
        backoffSeconds: deps.delivery.backoffSeconds,
      });
      return { kind: "retry", error: outcome.error, ...(retryAt ? { retryAt } : {}) };
    }
  }
}

function lifetimeText(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 24
    ? `${(hours / 24).toFixed(1)} ngày`
    : hours >= 1
      ? `${hours.toFixed(1)} giờ`
      : `${Math.round(ms / 1000)} giây`;
}

// The recording is retried (the acceptance is in the ledger meanwhile) for this long; after it, the job fails and
// the next attempt finds the acceptance in the ledger and records it without sending.
const RECORD_PATIENCE_MS = 10 * 60_000;

/** The server accepted: the database must hear it, however long it is away. */
async function recordAccepted(deps: SendDeps, message: OutboundMessage, response: string): Promise<void> {
  const giveUpAt = Date.now() + RECORD_PATIENCE_MS;
  for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
    try {
      await settle(
        deps,
        message,
        { status: "sent", smtpResponse: response },
        { transport: "smtp", response },
      );
      break;
    } catch (err) {
      if (Date.now() > giveUpAt) throw err;
      // Once per message, not once per retry: an outage would otherwise fill the log.
      if (wait === 250)
        deps.log.warn(
          `recording the accepted message ${message.id} failed, retrying: ${(err as Error).message}`,
        );
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  await deps.acceptances.forget(message.id);
}

const EVENT_OF: Record<string, string> = {
  letter: "sent",
  reminder: "reminder_sent",
  escalation: "escalation_sent",
  notification: "notification_sent",
};

async function settle(
  deps: SendDeps,
  message: OutboundMessage,
  s: { status: OutboundStatus; smtpResponse?: string; lastError?: string },
  detail: Record<string, unknown>,
): Promise<void> {
  const failed = s.status === "delivery_failed";
  await withTransaction(deps.db, async (tx) => {
    // A commit whose answer was lost (the database went away) is found here by the retry: recorded once.
    const current = await lockOutboundStatus(tx, message.id);
    if (!current || SETTLED.includes(current)) return;
    await settleOutboundMessage(tx, message.id, s);
    // A notification e-mail belongs to a user: nothing on a request moves with it.
    if (!message.requestId) return;
    const request = mustFind(
      await findRequest(tx, message.requestId, { forUpdate: true }),
      `request ${message.requestId}`,
    );
    const action: SystemAction | null = failed
      ? "fail_delivery"
      : message.purpose === "letter"
        ? "send"
        : null;
    const step = action ? transition(request.status, action, "system") : null;
    if (message.dispatchId) {
      if (failed) await setDispatchStatus(tx, message.dispatchId, "delivery_failed");
      else if (message.purpose === "letter") {
        const { deadlineAt } = await startAnswerDeadline(tx, {
          dispatchId: message.dispatchId,
          request,
          at: deps.clock.now(),
          calendar: deps.calendar,
        });
        detail = { ...detail, deadlineAt: deadlineAt.toISOString() };
      }
    }
    await moveRequest(tx, request, step, {
      action: failed ? "delivery_failed" : (EVENT_OF[message.purpose] ?? "sent"),
      detail: {
        outboundMessageId: message.id,
        messageId: message.messageId,
        to: message.toAddress,
        purpose: message.purpose,
        ...(message.purpose !== "letter" ? { sequence: message.sequence } : {}),
        ...detail,
      },
    });
  });
}
