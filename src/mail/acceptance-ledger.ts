import type { QueueNotes } from "../runtime/queues.js";

/**
 * What an SMTP server accepted, kept from the moment of its answer until the database has recorded it: a database
 * error, a restart or a crash in between must never make the letter go out again. Kept beside the queue (Redis,
 * shared by every worker) and in this process's memory (when Redis is the part that is down).
 */
export interface AcceptanceLedger {
  remember(outboundId: string, smtpResponse: string): Promise<void>;
  /** The server's answer when an earlier attempt was accepted but never recorded. */
  recall(outboundId: string): Promise<string | null>;
  forget(outboundId: string): Promise<void>;
}

// Longer than any outage the database may have: a fact forgotten too early is a duplicate letter.
const KEEP_SECONDS = 14 * 24 * 3600;
const key = (outboundId: string) => `smtp-accepted:${outboundId}`;

export function createAcceptanceLedger(notes: QueueNotes, warn: (line: string) => void): AcceptanceLedger {
  const local = new Map<string, string>();
  return {
    async remember(outboundId, smtpResponse) {
      local.set(outboundId, smtpResponse);
      await notes.set(key(outboundId), smtpResponse, KEEP_SECONDS).catch((err: Error) => {
        warn(`acceptance of ${outboundId} kept in memory only: ${err.message}`);
      });
    },
    async recall(outboundId) {
      // Unknown is not "not accepted": a queue that cannot answer stops the send (the job retries).
      return local.get(outboundId) ?? (await notes.get(key(outboundId)));
    },
    async forget(outboundId) {
      local.delete(outboundId);
      await notes.delete(key(outboundId)).catch(() => {});
    },
  };
}
