import { mailSend } from "../../src/jobs/catalog.js";
import { sweepReminders } from "../../src/mail/remind.js";
import type { WorkerDeps } from "../deps.js";

export function remindersSweepProcessor(deps: WorkerDeps) {
  return async () => {
    const swept = await sweepReminders(deps);
    for (const messageId of swept.messageIds) await deps.queues.enqueue(mailSend, { messageId });
    return { reminders: swept.messageIds.length, overdue: swept.overdue };
  };
}
