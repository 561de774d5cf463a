import { z } from "zod";
import policies from "./reference-data/reply-policies.json" with { type: "json" };

const PolicySchema = z
  .object({
    deadlineWorkingDays: z.number().int().min(1).max(60),
    reminderWorkingDays: z.array(z.number().int().min(1).max(120)).max(5),
    escalationWorkingDays: z.number().int().min(1).max(120).nullable(),
  })
  .refine((p) => p.reminderWorkingDays.every((d, i, all) => i === 0 || d > all[i - 1]!), {
    message: "reminderWorkingDays must increase",
  });
export type ReplyPolicy = z.infer<typeof PolicySchema>;

const TABLE = z.object({ default: PolicySchema, kinds: z.record(z.string(), PolicySchema) }).parse(policies);

export function replyPolicyFor(kind: string): ReplyPolicy {
  return Object.hasOwn(TABLE.kinds, kind) ? TABLE.kinds[kind]! : TABLE.default;
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
