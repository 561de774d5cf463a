import type pg from "pg";
import { withTransaction } from "../db/db.js";
import {
  findOutboundMessage,
  findOutboundRaw,
  markSending,
  type OutboundStatus,
  settleOutboundMessage,
} from "../db/queries/outbound-messages.js";
import { insertRequestEvent } from "../db/queries/request-events.js";
import { findRequest, updateRequestStatus } from "../db/queries/requests.js";
import { type SystemAction, transition } from "../domain/request-state.js";
import type { MailTransport } from "../runtime/mail-transport.js";

export type SendResult =
  | { kind: "done"; status: OutboundStatus }
  | { kind: "retry"; error: string }
  | { kind: "final"; status: OutboundStatus; error: string };

/**
 * Sends one stored message (the same bytes on every attempt) and records the outcome on the message and the
 * request. The caller (a job) retries on `retry`, and stops on `final`.
 */
export async function sendOutboundMessage(
  deps: { db: pg.Pool; transport: MailTransport },
  messageId: string,
): Promise<SendResult> {
  const message = await findOutboundMessage(deps.db, messageId);
  if (!message) return { kind: "final", status: "refused", error: "no such message" };
  if (["sent", "outbox", "delivery_failed", "refused"].includes(message.status)) {
    return { kind: "done", status: message.status };
  }
  const request = await findRequest(deps.db, message.requestId);
  if (request && request.classification !== "thuong") {
    // The API never composes mail for classified requests; this guards against any path that would.
    await settleOutboundMessage(deps.db, messageId, {
      status: "refused",
      lastError: "classified: never e-mailed",
    });
    return { kind: "final", status: "refused", error: "classified" };
  }
  if (!(await markSending(deps.db, messageId))) return { kind: "done", status: message.status };

  if (deps.transport.kind === "outbox") {
    await settle(deps.db, message, { status: "outbox" }, "send", { transport: "outbox" });
    return { kind: "done", status: "outbox" };
  }
  const raw = (await findOutboundRaw(deps.db, messageId))!;
  const outcome = await deps.transport.send({ from: message.fromAddress, to: message.toAddress }, raw);
  switch (outcome.kind) {
    case "sent":
      await settle(deps.db, message, { status: "sent", smtpResponse: outcome.response }, "send", {
        transport: "smtp",
        response: outcome.response,
      });
      return { kind: "done", status: "sent" };
    case "permanent":
      await settle(
        deps.db,
        message,
        { status: "delivery_failed", lastError: outcome.error },
        "fail_delivery",
        {
          error: outcome.error,
        },
      );
      return { kind: "final", status: "delivery_failed", error: outcome.error };
    case "uncertain":
      await settleOutboundMessage(deps.db, messageId, { status: "uncertain", lastError: outcome.error });
      return { kind: "retry", error: outcome.error };
    case "retry":
      await settleOutboundMessage(deps.db, messageId, { status: "pending", lastError: outcome.error });
      return { kind: "retry", error: outcome.error };
  }
}

async function settle(
  db: pg.Pool,
  message: { id: string; requestId: string; messageId: string; toAddress: string },
  s: { status: OutboundStatus; smtpResponse?: string; lastError?: string },
  action: SystemAction,
  detail: Record<string, unknown>,
): Promise<void> {
  await withTransaction(db, async (tx) => {
    await settleOutboundMessage(tx, message.id, s);
    const request = await findRequest(tx, message.requestId, { forUpdate: true });
    const step = request && transition(request.status, action, "system");
    if (!step?.ok) return;
    await updateRequestStatus(tx, message.requestId, step.to);
    await insertRequestEvent(tx, {
      requestId: message.requestId,
      action: action === "send" ? "sent" : "delivery_failed",
      fromStatus: step.from,
      toStatus: step.to,
      detail: {
        outboundMessageId: message.id,
        messageId: message.messageId,
        to: message.toAddress,
        ...detail,
      },
    });
  });
}
