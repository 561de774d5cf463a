import { withTransaction } from "../../src/db/db.js";
import { mailSend } from "../../src/jobs/catalog.js";
import { reconcile, reconcileChangedSomething } from "../../src/jobs/reconcile.js";
import { reconcileRederived } from "../../src/runtime/metrics.js";
import { composeWaitingLetters } from "../../src/mail/letter-mail.js";
import { notifyExpiringCertificates } from "../../src/signing/expiry.js";
import type { WorkerDeps } from "../deps.js";

export function reconcileProcessor(deps: WorkerDeps) {
  return async () => {
    const found = await reconcile(deps.db, deps.queues, {
      pdf: Boolean(deps.pdf),
      sendLeaseSeconds: deps.delivery.leaseSeconds,
    });
    // Counted: what was actually put back on a queue (missing, or behind a failed job of the same id).
    for (const [kind, n] of Object.entries(found))
      if (n.added + n.replaced) reconcileRederived.inc({ kind }, n.added + n.replaced);
    for (const messageId of await composeWaitingLetters(deps, { waitForPdf: Boolean(deps.pdf) }))
      await deps.queues.enqueue(mailSend, { messageId });
    // One transaction: a worker killed between the claim and the notice must not leave a certificate marked as
    // notified that nobody heard about.
    await withTransaction(deps.db, (tx) =>
      notifyExpiringCertificates(tx, deps.clock.now(), deps.signing.expiryNoticeDays),
    );
    // Only what was missing from the queue or replaced: work that is merely waiting is not "re-enqueued".
    if (reconcileChangedSomething(found)) deps.log.info("reconcile: put due work back on the queues", found);
    return found;
  };
}
