import type pg from "pg";
import { withTransaction } from "../db/db.js";
import { findDispatch, setDispatchStatus } from "../db/queries/dispatches.js";
import {
  findOutboundMessage,
  findOutboundRaw,
  markSending,
  type OutboundMessage,
  type OutboundStatus,
  settleOutboundMessage,
} from "../db/queries/outbound-messages.js";
import { insertRequestEvent } from "../db/queries/request-events.js";
import { findRequest, updateRequestStatus } from "../db/queries/requests.js";
import type { DeadlineCalendar } from "../domain/reply-policy.js";
import { type SystemAction, transition } from "../domain/request-state.js";
import type { Clock } from "../runtime/clock.js";
import type { Logger } from "../runtime/logger.js";
import type { MailTransport } from "../runtime/mail-transport.js";
import { startAnswerDeadline } from "./start-deadline.js";

export type SendResult =
  | { kind: "done"; status: OutboundStatus }
  | { kind: "retry"; error: string }
  | { kind: "final"; status: OutboundStatus; error: string };

export interface SendDeps {
  db: pg.Pool;
  transport: MailTransport;
  clock: Clock;
  calendar: DeadlineCalendar;
  /** Where the SMTP answer is logged with the Message-ID (the job's trace is added by the logger). */
  log?: Logger;
}

const SETTLED: OutboundStatus[] = ["sent", "outbox", "delivery_failed", "refused", "cancelled"];

/**
 * Sends one stored message (the same bytes on every attempt) and records the outcome on the message, its
 * dispatch and the request. The caller (a job) retries on `retry`, and stops on `final`.
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
  if (!(await markSending(deps.db, messageId))) return { kind: "done", status: message.status };

  if (deps.transport.kind === "outbox") {
    await settle(deps, message, { status: "outbox" }, { transport: "outbox" });
    return { kind: "done", status: "outbox" };
  }
  const raw = (await findOutboundRaw(deps.db, messageId))!;
  const outcome = await deps.transport.send({ from: message.fromAddress, to: message.toAddress }, raw);
  deps.log?.[outcome.kind === "sent" ? "info" : "warn"](`smtp: ${outcome.kind}`, {
    outboundMessageId: message.id,
    messageId: message.messageId,
    purpose: message.purpose,
    answer: outcome.kind === "sent" ? outcome.response : outcome.error,
  });
  switch (outcome.kind) {
    case "sent":
      await settle(
        deps,
        message,
        { status: "sent", smtpResponse: outcome.response },
        { transport: "smtp", response: outcome.response },
      );
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
      // The server may have it: retried with the same bytes and Message-ID, so a duplicate is recognisable.
      await settleOutboundMessage(deps.db, messageId, { status: "uncertain", lastError: outcome.error });
      return { kind: "retry", error: outcome.error };
    case "retry":
      await settleOutboundMessage(deps.db, messageId, { status: "pending", lastError: outcome.error });
      return { kind: "retry", error: outcome.error };
  }
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
    await settleOutboundMessage(tx, message.id, s);
    // A notification e-mail belongs to a user: nothing on a request moves with it.
    if (!message.requestId) return;
    const request = (await findRequest(tx, message.requestId, { forUpdate: true }))!;
    const action: SystemAction | null = failed
      ? "fail_delivery"
      : message.purpose === "letter"
        ? "send"
        : null;
    const step = action ? transition(request.status, action, "system") : null;
    if (step?.ok) await updateRequestStatus(tx, request.id, step.to);
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
    await insertRequestEvent(tx, {
      requestId: message.requestId,
      action: failed ? "delivery_failed" : (EVENT_OF[message.purpose] ?? "sent"),
      fromStatus: request.status,
      toStatus: step?.ok ? step.to : request.status,
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
