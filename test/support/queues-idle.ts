import type { Queues } from "../../src/runtime/queues.js";

/**
 * True when no job of any queue waits or runs: what a test waits for before checking that nothing else happened
 * (instead of a fixed sleep). Job schedulers' next runs sit as delayed jobs and do not count.
 */
export async function queuesIdle(queues: Queues): Promise<boolean> {
  const counts = await Promise.all(
    queues.all().map((q) => q.getJobCounts("waiting", "active", "prioritized", "waiting-children")),
  );
  return counts.every((c) => Object.values(c).every((n) => n === 0));
}
