import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import { mailSend } from "../../src/jobs/catalog.js";
import { sendOutboundMessage } from "../../src/mail/send-message.js";
import type { WorkerDeps } from "../deps.js";

export function mailSendProcessor(deps: WorkerDeps) {
  return async (job: Job, token?: string) => {
    const { messageId } = mailSend.schema.parse(job.data);
    const result = await sendOutboundMessage(deps, messageId);
    if (result.kind === "retry" && result.retryAt && token) {
      // A temporary refusal: the job waits for the attempt the database has due, without using up its attempts,
      // so the retry lifetime (not a count of job attempts) decides when the message has failed.
      const moved = await job.moveToDelayed(result.retryAt.getTime(), token).then(
        () => true,
        () => false,
      );
      if (moved) throw new DelayedError();
    }
    if (result.kind === "retry") throw new Error(result.error);
    if (result.kind === "final") throw new UnrecoverableError(`${result.status}: ${result.error}`);
    return result;
  };
}
