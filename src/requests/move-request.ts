// The one writer of a request's status. Every change of state goes through here, inside the caller's transaction:
// the step the pure state machine (src/domain/request-state.ts) gave, the status, and the audit event with the
// notifications the event brings (insertRequestEvent). People's actions (transition-request.ts, record-answer.ts),
// the pipeline's steps (issue-document.ts, send-message.ts), inbound mail (receive.ts, review-inbound.ts),
// reminders and overdue marks (remind.ts), hand-overs and report runs all call it; a test
// (test/unit/one-way.test.ts) fails if anything else imports updateRequestStatus.
import type pg from "pg";
import { insertRequestEvent, type NewRequestEvent } from "../db/queries/request-events.js";
import { updateRequestStatus } from "../db/queries/requests.js";
import type { RequestStatus, TransitionResult } from "../domain/request-state.js";

export type RequestEventFields = Omit<NewRequestEvent, "requestId" | "fromStatus" | "toStatus">;

/**
 * Moves `request` by `step` and records `event` from its status to the new one. A step the machine refused, or
 * none (`null`), keeps the status and still records the event (an overdue mark on a request answered meanwhile).
 * Returns the status the request has now.
 */
export async function moveRequest(
  tx: pg.PoolClient,
  request: { id: string; status: RequestStatus },
  step: TransitionResult | null,
  event: RequestEventFields,
): Promise<RequestStatus> {
  const to = step?.ok ? step.to : request.status;
  const recorded = { requestId: request.id, fromStatus: request.status, toStatus: to, ...event };
  // A change of status and its event are one statement (one round trip); an event without one is only inserted.
  if (to !== request.status) await updateRequestStatus(tx, recorded);
  else await insertRequestEvent(tx, recorded);
  return to;
}
