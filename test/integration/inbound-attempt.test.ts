import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beginInboundAttempt, storeInboundRaw } from "../../src/db/queries/inbound-messages.js";
import { inboundDigests } from "../../src/mail/receive.js";
import { createTestDatabase } from "../support/harness.js";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let onePool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  // One connection: what the attempt's statement sets must not stay on it for the next caller.
  onePool = new pg.Pool({ connectionString: db.url, max: 1 });
});

afterAll(async () => {
  await onePool.end();
  await db.drop();
});

/** A message as a source stores it: still `received`, no attempt yet. */
async function storedMessage(messageId: string): Promise<{ id: string; raw: Buffer }> {
  const raw = Buffer.from(`Message-ID: ${messageId}\r\nSubject: x\r\n\r\nbody\r\n`);
  const stored = await storeInboundRaw(onePool, {
    source: "webhook",
    raw,
    ...inboundDigests(raw),
    messageId,
  });
  return { id: stored.id, raw };
}

const attemptsOf = async (id: string) =>
  (await db.pool.query<{ attempts: number }>("select attempts from inbound_messages where id = $1", [id]))
    .rows[0]?.attempts;

describe("an attempt at processing an inbound message", () => {
  it("is counted and committed, and leaves the connection's commits synchronous", async () => {
    const stored = await storedMessage("<attempt-1@mail.example>");
    const first = await beginInboundAttempt(onePool, stored.id);
    const second = await beginInboundAttempt(onePool, stored.id);
    expect(first).toMatchObject({ status: "received", attempts: 1 });
    expect(second).toMatchObject({ status: "received", attempts: 2 });
    expect(second.status === "received" && second.raw.equals(stored.raw)).toBe(true);

    const setting = await onePool.query<{ synchronous_commit: string }>("show synchronous_commit");
    expect(setting.rows[0]?.synchronous_commit).toBe("on");
    // Seen from another connection: the count is committed, not held in an open transaction.
    expect(await attemptsOf(stored.id)).toBe(2);
  });

  it("is not counted for a message already processed", async () => {
    const stored = await storedMessage("<attempt-2@mail.example>");
    await db.pool.query("update inbound_messages set status = 'ignored' where id = $1", [stored.id]);
    expect(await beginInboundAttempt(onePool, stored.id)).toEqual({ status: "ignored" });
    expect(await attemptsOf(stored.id)).toBe(0);
  });
});
