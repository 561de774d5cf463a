import { mailSend } from "../../src/jobs/catalog.js";
import { reconcile, reconcileChangedSomething } from "../../src/jobs/reconcile.js";
import { composeWaitingLetters } from "../../src/mail/letter-mail.js";
import { notifyExpiringCertificates } from "../../src/signing/expiry.js";
import type { WorkerDeps } from "../deps.js";

export function reconcileProcessor(deps: WorkerDeps) {
  return async () => {
    const found = await reconcile(deps.db, deps.queues, {
      pdf: Boolean(deps.pdf),
      sendLeaseSeconds: deps.delivery.leaseSeconds,
    });
    for (const messageId of await composeWaitingLetters(deps, { waitForPdf: Boolean(deps.pdf) }))
      await deps.queues.enqueue(mailSend, { messageId });
    await notifyExpiringCertificates(deps.db, deps.clock.now(), deps.signing.expiryNoticeDays);
    // Only what was missing from the queue or replaced: work that is merely waiting is not "re-enqueued".
    if (reconcileChangedSomething(found)) deps.log.info("reconcile: put due work back on the queues", found);
    return found;
  };
}
