// Benches use queue prefixes of their own on the shared Redis; whatever they leave there is removed afterwards
// (SCAN + UNLINK of that prefix only — never FLUSHDB on a Redis others use).
import { Redis } from "ioredis";
import { TEST_REDIS_URL } from "../../test/support/harness.js";

/** Removes every key under `prefix:`; returns how many there were. */
export async function removeBenchKeys(prefix: string, url = TEST_REDIS_URL): Promise<number> {
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
