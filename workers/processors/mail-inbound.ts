import type { Job } from "bullmq";
import { markInboundFailed, noteInboundError } from "../../src/db/queries/inbound-messages.js";
import { mailInbound } from "../../src/jobs/catalog.js";
import { storableText } from "../../src/mail/inbound/storable.js";
import { processInbound } from "../../src/mail/receive.js";
import type { WorkerDeps } from "../deps.js";

export function mailInboundProcessor(deps: WorkerDeps) {
  return async (job: Job) => {
    const { inboundId } = mailInbound.schema.parse(job.data);
    try {
      return await processInbound(deps, inboundId);
    } catch (err) {
      // The last try: the message goes to triage with the reason instead of staying "received" for ever.
      const reason = storableText(`lỗi khi xử lý: ${(err as Error).message}`);
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await markInboundFailed(deps.db, inboundId, reason);
        return { status: "failed" };
      }
      await noteInboundError(deps.db, inboundId, reason).catch(() => {});
      throw err;
    }
  };
}
