import type { Job } from "bullmq";
import { mailInbound } from "../../src/jobs/catalog.js";
import { processInbound } from "../../src/mail/receive.js";
import type { WorkerDeps } from "../deps.js";

export function mailInboundProcessor(deps: WorkerDeps) {
  return async (job: Job) => {
    const { inboundId } = mailInbound.schema.parse(job.data);
    return processInbound(deps, inboundId);
  };
}
