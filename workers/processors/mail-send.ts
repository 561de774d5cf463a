import { UnrecoverableError, type Job } from "bullmq";
import { mailSend } from "../../src/jobs/catalog.js";
import { sendOutboundMessage } from "../../src/mail/send-message.js";
import type { WorkerDeps } from "../deps.js";

export function mailSendProcessor(deps: WorkerDeps) {
  return async (job: Job) => {
    const { messageId } = mailSend.schema.parse(job.data);
    const result = await sendOutboundMessage(deps, messageId);
    if (result.kind === "retry") throw new Error(result.error);
    if (result.kind === "final") throw new UnrecoverableError(`${result.status}: ${result.error}`);
    return result;
  };
}
