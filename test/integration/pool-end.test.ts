import type pg from "pg";
import { describe, expect, it } from "vitest";
import { createPool, endPool } from "../../src/runtime/database.js";
import { log, TEST_PG_ADMIN_URL } from "../support/harness.js";

/** What pg keeps of a client's socket: closed means no session the server could terminate under it. */
type WithSocket = pg.PoolClient & { connection: { stream: { destroyed: boolean } } };

async function connected(pool: pg.Pool, n: number): Promise<WithSocket[]> {
  return (await Promise.all(Array.from({ length: n }, () => pool.connect()))) as WithSocket[];
}

describe("closing the pool before the embedded server stops", () => {
  it("resolves only once every idle client's socket is closed", async () => {
    const pool = createPool(TEST_PG_ADMIN_URL, log, 4);
    const clients = await connected(pool, 4);
    for (const client of clients) client.release();
    await endPool(pool);
    expect(clients.map((c) => c.connection.stream.destroyed)).toEqual([true, true, true, true]);
  });

  it("resolves at once for a pool that never connected", async () => {
    const pool = createPool(TEST_PG_ADMIN_URL, log);
    await endPool(pool, 60_000);
    expect(pool.ended).toBe(true);
  });
});
