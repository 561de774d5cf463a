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

describe("an attempt at processing an inbound message", () => {
  it("is counted and committed, and leaves the connection's commits synchronous", async () => {
    const raw = Buffer.from("Message-ID: <attempt-1@mail.example>\r\nSubject: x\r\n\r\nbody\r\n");
    const stored = await storeInboundRaw(onePool, {
      source: "webhook",
      raw,
      ...inboundDigests(raw),
      messageId: "<attempt-1@mail.example>",
    });
    const first = await beginInboundAttempt(onePool, stored.id);
    const second = await beginInboundAttempt(onePool, stored.id);
    expect(first).toMatchObject({ status: "received", attempts: 1 });
    expect(second).toMatchObject({ status: "received", attempts: 2 });
    expect(second.status === "received" && second.raw.equals(raw)).toBe(true);

    const setting = await onePool.query<{ synchronous_commit: string }>("show synchronous_commit");
    expect(setting.rows[0]?.synchronous_commit).toBe("on");
    // Seen from another connection: the count is committed, not held in an open transaction.
    const seen = await db.pool.query<{ attempts: number }>(
      "select attempts from inbound_messages where id = $1",
      [stored.id],
    );
    expect(seen.rows[0]?.attempts).toBe(2);
  });

  it("is not counted for a message already processed", async () => {
    const raw = Buffer.from("Message-ID: <attempt-2@mail.example>\r\nSubject: y\r\n\r\nbody\r\n");
    const stored = await storeInboundRaw(onePool, {
      source: "webhook",
      raw,
      ...inboundDigests(raw),
      messageId: "<attempt-2@mail.example>",
    });
    await db.pool.query("update inbound_messages set status = 'ignored' where id = $1", [stored.id]);
    expect(await beginInboundAttempt(onePool, stored.id)).toEqual({ status: "ignored" });
    const seen = await db.pool.query<{ attempts: number }>(
      "select attempts from inbound_messages where id = $1",
      [stored.id],
    );
    expect(seen.rows[0]?.attempts).toBe(0);
  });
});
