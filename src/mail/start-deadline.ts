import type pg from "pg";
import { markDispatchSent } from "../db/queries/dispatches.js";
import { type DeadlineCalendar, replyScheduleOf } from "../domain/reply-policy.js";

/**
 * The one place a dispatch becomes "sent": its answer deadline and first reminder are set from the moment the
 * letter reached the counterpart — by e-mail (the mail worker) or by hand / the confidential courier (a hand-over).
 */
export async function startAnswerDeadline(
  tx: pg.PoolClient,
  p: {
    dispatchId: string;
    request: { kind: string; payload?: unknown };
    at: Date;
    calendar: DeadlineCalendar;
  },
): Promise<{ deadlineAt: Date }> {
  const schedule = replyScheduleOf(p.request, p.at, p.calendar);
  await markDispatchSent(tx, p.dispatchId, {
    sentAt: p.at,
    deadlineAt: schedule.deadlineAt,
    nextReminderAt: schedule.steps[0]?.at ?? null,
  });
  return { deadlineAt: schedule.deadlineAt };
}
