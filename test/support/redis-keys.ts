import { Redis } from "ioredis";

/**
 * Removes the keys a test or a benchmark left under its own queue prefix (`<prefix>:*`, BullMQ's layout), on the
 * shared Redis: SCAN + UNLINK of that prefix only, never a FLUSH. Returns how many keys went.
 */
export async function removeKeysUnder(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  let removed = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) removed += await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return removed;
}
