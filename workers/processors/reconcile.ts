import { mailSend } from "../../src/jobs/catalog.js";
import { reconcile } from "../../src/jobs/reconcile.js";
import { reconcileRederived } from "../../src/runtime/metrics.js";
import { composeWaitingLetters } from "../../src/mail/letter-mail.js";
import { notifyExpiringCertificates } from "../../src/signing/expiry.js";
import type { WorkerDeps } from "../deps.js";

export function reconcileProcessor(deps: WorkerDeps) {
  return async () => {
    const found = await reconcile(deps.db, deps.queues, { pdf: Boolean(deps.pdf) });
    for (const [kind, n] of Object.entries(found)) if (n) reconcileRederived.inc({ kind }, n);
    for (const messageId of await composeWaitingLetters(deps, { waitForPdf: Boolean(deps.pdf) }))
      await deps.queues.enqueue(mailSend, { messageId });
    await notifyExpiringCertificates(deps.db, deps.clock.now(), deps.signing.expiryNoticeDays);
    if (found.documents || found.pdfs || found.messages || found.inbound)
      deps.log.info("reconcile: re-enqueued due work", found);
    return found;
  };
}
