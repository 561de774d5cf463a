import type pg from "pg";
import { mustFind, withTransaction } from "../db/db.js";
import { findCommitteeOnDate } from "../db/queries/committees.js";
import {
  advanceReminder,
  findDispatch,
  listDueDispatchIds,
  listNewlyOverdueDispatchIds,
  markDispatchOverdue,
} from "../db/queries/dispatches.js";
import { findLetterMessageId, insertOutboundMessage } from "../db/queries/outbound-messages.js";
import { notifyCommittee } from "../db/queries/notifications.js";
import { insertRequestEvent } from "../db/queries/request-events.js";
import { COMMITTEE_EVENTS } from "../domain/notification-events.js";
import { findRequest } from "../db/queries/requests.js";
import { type DeadlineCalendar, nextStep, replyScheduleOf } from "../domain/reply-policy.js";
import { settleIfSubmitted } from "../reports/submissions.js";
import { transition } from "../domain/request-state.js";
import { dateInVietnam, isoDate } from "../domain/vn-format.js";
import type { Clock } from "../runtime/clock.js";
import { composeReminderMail, type MailSettings } from "./request-mail.js";
import { moveRequest } from "../requests/move-request.js";

export interface RemindDeps {
  db: pg.Pool;
  clock: Clock;
  calendar: DeadlineCalendar;
  mail: MailSettings;
}

/**
 * The reminder sweep: composes each due reminder (numbered per dispatch, so none is composed twice however often
 * the sweep runs) and marks dispatches past their deadline overdue. Returns the messages to send.
 */
export async function sweepReminders(deps: RemindDeps): Promise<{ messageIds: string[]; overdue: number }> {
  const now = deps.clock.now();
  const messageIds: string[] = [];
  for (const id of await listDueDispatchIds(deps.db, now)) {
    const messageId = await composeNextReminder(deps, id, now);
    if (messageId) messageIds.push(messageId);
  }
  let overdue = 0;
  for (const id of await listNewlyOverdueDispatchIds(deps.db, now))
    if (await markOverdue(deps, id, now)) overdue++;
  return { messageIds, overdue };
}

/**
 * The dispatch and its request, both locked, in the order every other writer takes them: the request first (a reply,
 * a send, an answer lock it and then change its dispatch). Taking the dispatch first would deadlock with a reply
 * arriving at the same moment, and a request read without its lock could be moved from a status it has left.
 */
async function lockDispatchWithRequest(tx: pg.PoolClient, dispatchId: string) {
  const seen = await findDispatch(tx, dispatchId);
  if (!seen) return undefined;
  const request = mustFind(
    await findRequest(tx, seen.requestId, { forUpdate: true }),
    `request ${seen.requestId}`,
  );
  const dispatch = await findDispatch(tx, dispatchId, { forUpdate: true });
  return dispatch && { dispatch, request };
}

async function composeNextReminder(deps: RemindDeps, dispatchId: string, now: Date): Promise<string | null> {
  return withTransaction(deps.db, async (tx) => {
    const locked = await lockDispatchWithRequest(tx, dispatchId);
    if (!locked) return null;
    const { dispatch, request } = locked;
    if (dispatch.status !== "sent" || !dispatch.sentAt || !dispatch.nextReminderAt) return null;
    if (dispatch.nextReminderAt > now) return null;
    // A committee that has sent its figures is not chased for them (even when it sent them before the report).
    if (await settleIfSubmitted(tx, request, dispatch, now)) return null;
    const schedule = replyScheduleOf(request, dispatch.sentAt, deps.calendar);
    const step = nextStep(schedule, dispatch.remindersSent);
    const following = nextStep(schedule, dispatch.remindersSent + 1);
    if (!step) {
      await advanceReminder(tx, dispatch.id, dispatch.remindersSent, null, false);
      return null;
    }
    // This step is taken (in this transaction) whether it is e-mailed or, for a classified letter, left to clerks.
    await advanceReminder(
      tx,
      dispatch.id,
      dispatch.remindersSent + 1,
      following?.at ?? null,
      step.purpose === "escalation",
    );
    if (request.classification !== "thuong") {
      // A classified letter went by hand and no reminder may be e-mailed about it: its own clerks are told to
      // chase the answer through the confidential channel, on the same schedule.
      await insertRequestEvent(tx, {
        requestId: request.id,
        action: "reminder_due_classified",
        fromStatus: request.status,
        toStatus: request.status,
        detail: { dispatchId: dispatch.id, sequence: step.sequence, purpose: step.purpose },
      });
      return null;
    }
    // E-mailed letters only (a classified one returned above): the letter's message is stored with the dispatch.
    const original = mustFind(
      await findLetterMessageId(tx, dispatch.id),
      `the letter of dispatch ${dispatch.id}`,
    );
    const today = isoDate(dateInVietnam(now));
    const [issuer, recipient] = await Promise.all([
      findCommitteeOnDate(tx, request.fromCommitteeId, today),
      findCommitteeOnDate(tx, dispatch.toCommitteeId, today),
    ]);
    const from = mustFind(issuer, `committee ${request.fromCommitteeId} on ${today}`);
    const to = mustFind(recipient, `committee ${dispatch.toCommitteeId} on ${today}`);
    const message = await composeReminderMail({
      request,
      dispatch,
      original: { messageId: original },
      issuerName: from.name,
      recipient: { name: to.name, email: to.email },
      purpose: step.purpose,
      sequence: step.sequence,
      settings: deps.mail,
      now,
    });
    const id = await insertOutboundMessage(tx, message);
    if (request.kind === "periodic_report") {
      // A report's reminder chases the counterpart's figures: its own people hear of it too.
      const periodKey = String((request.payload as { periodKey?: string }).periodKey ?? "");
      await notifyCommittee(tx, {
        committeeId: dispatch.toCommitteeId,
        type: "submission_missing",
        roles: COMMITTEE_EVENTS.submission_missing.roles,
        title: COMMITTEE_EVENTS.submission_missing.title(periodKey),
        body: "Đề nghị gửi số liệu của kỳ qua POST /v1/report-submissions.",
        link: `/yeu-cau/${request.id}`,
        requestId: request.id,
      });
    }
    await insertRequestEvent(tx, {
      requestId: request.id,
      action: step.purpose === "escalation" ? "escalation_composed" : "reminder_composed",
      fromStatus: request.status,
      toStatus: request.status,
      detail: { dispatchId: dispatch.id, sequence: step.sequence, outboundMessageId: id },
    });
    return id;
  });
}

async function markOverdue(deps: RemindDeps, dispatchId: string, now: Date): Promise<boolean> {
  return withTransaction(deps.db, async (tx) => {
    const locked = await lockDispatchWithRequest(tx, dispatchId);
    if (locked?.dispatch.status !== "sent") return false;
    const { dispatch, request } = locked;
    if (await settleIfSubmitted(tx, request, dispatch, now)) return false;
    if (!(await markDispatchOverdue(tx, dispatchId, now))) return false;
    const step = transition(request.status, "mark_overdue", "system");
    await moveRequest(tx, request, step, {
      action: "overdue",
      detail: { dispatchId, deadlineAt: dispatch.deadlineAt?.toISOString() },
    });
    return true;
  });
}
