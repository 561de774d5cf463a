import { z } from "zod";
import policies from "./reference-data/reply-policies.json" with { type: "json" };

/** `d` comes after the offset before it (the first has none). */
const increasesFrom = (before: number | undefined, d: number) => before === undefined || d > before;

const PolicySchema = z
  .object({
    deadlineWorkingDays: z.number().int().min(1).max(60),
    reminderWorkingDays: z.array(z.number().int().min(1).max(120)).max(5),
    escalationWorkingDays: z.number().int().min(1).max(120).nullable(),
  })
  .refine((p) => p.reminderWorkingDays.every((d, i, all) => increasesFrom(all[i - 1], d)), {
    message: "reminderWorkingDays must increase",
  });
export type ReplyPolicy = z.infer<typeof PolicySchema>;

const TABLE = z.object({ default: PolicySchema, kinds: z.record(z.string(), PolicySchema) }).parse(policies);
const KIND_POLICIES = new Map(Object.entries(TABLE.kinds));

export function replyPolicyFor(kind: string): ReplyPolicy {
  return KIND_POLICIES.get(kind) ?? TABLE.default;
}

/** What the calendar must answer: the instant a working-day offset ends (or starts the day, for reminders). */
export interface DeadlineCalendar {
  deadlineInstant(start: Date, workingDays: number, endOfDay?: string): Date;
}

export interface ReplySchedule {
  deadlineAt: Date;
  /** Reminders then the escalation, in order; a sent dispatch works through them. */
  steps: { at: Date; purpose: "reminder" | "escalation"; sequence: number }[];
}

// Reminders go out at the start of the working day, the deadline is the end of its day.
const REMINDER_HOUR = "08:00";
const DEADLINE_HOUR = "17:00";

export function replySchedule(policy: ReplyPolicy, sentAt: Date, calendar: DeadlineCalendar): ReplySchedule {
  const steps: ReplySchedule["steps"] = policy.reminderWorkingDays.map((days, i) => ({
    at: calendar.deadlineInstant(sentAt, days, REMINDER_HOUR),
    purpose: "reminder",
    sequence: i + 1,
  }));
  if (policy.escalationWorkingDays !== null) {
    steps.push({
      at: calendar.deadlineInstant(sentAt, policy.escalationWorkingDays, REMINDER_HOUR),
      purpose: "escalation",
      sequence: 1,
    });
  }
  return { deadlineAt: calendar.deadlineInstant(sentAt, policy.deadlineWorkingDays, DEADLINE_HOUR), steps };
}

/** The step after `done` steps have been taken, or null when the dispatch has nothing left to send. */
export function nextStep(schedule: ReplySchedule, done: number): ReplySchedule["steps"][number] | null {
  return schedule.steps[done] ?? null;
}

/**
 * The schedule of one request's dispatch. A periodic report names its own due day (`payload.dueOn`: the schedule's
 * cut-off plus its working days, on the working-day calendar), so its deadline is that day at 17:00 — the one
 * deadline the schedule page, the request, the e-mail and the submission form all show — with a reminder on the
 * morning of the due day and the policy's later steps counted from the deadline.
 */
export function replyScheduleOf(
  request: { kind: string; payload?: unknown },
  sentAt: Date,
  calendar: DeadlineCalendar,
): ReplySchedule {
  const policy = replyPolicyFor(request.kind);
  const dueOn = (request.payload as { dueOn?: unknown } | undefined)?.dueOn;
  if (request.kind !== "periodic_report" || typeof dueOn !== "string")
    return replySchedule(policy, sentAt, calendar);
  const deadlineAt = dueInstant(dueOn, DEADLINE_HOUR);
  const steps: ReplySchedule["steps"] = [];
  const morning = dueInstant(dueOn, REMINDER_HOUR);
  if (morning > sentAt) steps.push({ at: morning, purpose: "reminder", sequence: 1 });
  steps.push({
    at: calendar.deadlineInstant(deadlineAt, 2, REMINDER_HOUR),
    purpose: "reminder",
    sequence: steps.length + 1,
  });
  if (policy.escalationWorkingDays !== null)
    steps.push({
      at: calendar.deadlineInstant(deadlineAt, 5, REMINDER_HOUR),
      purpose: "escalation",
      sequence: 1,
    });
  return { deadlineAt, steps };
}

/** "2026-12-08" at "17:00" in Hà Nội (UTC+7, no DST). */
function dueInstant(isoDay: string, clock: string): Date {
  const [y, m, d] = isoDay.split("-").map(Number) as [number, number, number];
  const [hh, mm] = clock.split(":").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, d, hh - 7, mm));
}
