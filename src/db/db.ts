import type pg from "pg";

/** A pool or a client inside a transaction: every query function takes one. */
export type Db = Pick<pg.Pool, "query"> | pg.PoolClient;

export async function withTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection the server terminates between two statements emits 'error' on the checked-out client; without a
  // listener that ends the process (the pool only listens on idle clients). The next statement fails instead.
  let lost: Error | undefined;
  const onError = (err: Error) => {
    lost = err;
  };
  client.on("error", onError);
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.off("error", onError);
    // A broken connection is destroyed, not handed to the next caller.
    client.release(lost);
  }
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === "23505" && (!constraint || e.constraint === constraint);
}
