import { reconcile } from "../../src/jobs/reconcile.js";
import { notifyExpiringCertificates } from "../../src/signing/expiry.js";
import type { WorkerDeps } from "../deps.js";

export function reconcileProcessor(deps: WorkerDeps) {
  return async () => {
    const found = await reconcile(deps.db, deps.queues, { pdf: Boolean(deps.pdf) });
    await notifyExpiringCertificates(deps.db, deps.clock.now(), deps.signing.expiryNoticeDays);
    if (found.documents || found.pdfs || found.messages || found.inbound)
      deps.log.info("reconcile: re-enqueued due work", found);
    return found;
  };
}
