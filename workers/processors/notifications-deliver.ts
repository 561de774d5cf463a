import { mailSend } from "../../src/jobs/catalog.js";
import { composeNotificationMail } from "../../src/notifications/deliver.js";
import type { WorkerDeps } from "../deps.js";

export function notificationsDeliverProcessor(deps: WorkerDeps) {
  return async () => {
    const ids = await composeNotificationMail(deps);
    for (const messageId of ids) await deps.queues.enqueue(mailSend, { messageId });
    return { composed: ids.length };
  };
}
