import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcile } from "../../src/jobs/reconcile.js";
import { type FaultySmtp, startFaultySmtp } from "../faults/support/faulty-smtp.js";
import { createHarness, eventually, type Harness, json, TEST_PG_ADMIN_URL } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

let smtp: FaultySmtp;
let h: Harness;
let token: string;

beforeAll(async () => {
  smtp = await startFaultySmtp();
  h = await createHarness({ queue: "redis", smtpUrl: smtp.url, workers: true });
  token = await h.token("HUE", ["clerk", "approver"]);
});
afterAll(async () => {
  await h.close();
  await smtp.stop();
});

async function approved(): Promise<string> {
  const r = await json(await h.call("POST", "/v1/requests", { token, body: staffSecondmentBody() }));
  await h.call("POST", `/v1/requests/${r.id}/submit`, { token });
  await h.call("POST", `/v1/requests/${r.id}/approve`, { token });
  return r.id;
}

async function letterOf(requestId: string) {
  const { rows } = await h.db.query(
    "select id, message_id, status from outbound_messages where request_id = $1 and purpose = 'letter'",
    [requestId],
  );
  return rows[0] as { id: string; message_id: string; status: string } | undefined;
}

/** The database stops taking writes (every session cut, new ones read-only), as a failing primary would. */
async function databaseRefusesWrites(refuse: boolean): Promise<void> {
  // A connection of its own: every connection of the pool the workers use must be cut.
  const name = new URL(h.cfg.DATABASE_URL!).pathname.slice(1);
  const admin = new pg.Client(TEST_PG_ADMIN_URL);
  await admin.connect();
  await admin.query(`alter database ${name} set default_transaction_read_only = ${refuse ? "on" : "off"}`);
  await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [name]);
  await admin.end();
}

describe("a letter the SMTP server accepted is never sent again", () => {
  it("keeps retrying the record while the database refuses it, and sends one copy", async () => {
    const release = smtp.holdAnswers();
    const ends = smtp.dataEnds();
    const id = await approved();
    // The server has the whole message and is about to accept it: now the database stops taking writes.
    await eventually(async () => smtp.dataEnds() > ends, 60_000);
    await databaseRefusesWrites(true);
    release();
    await eventually(async () => smtp.accepted.size > 0, 10_000);
    await new Promise((r) => setTimeout(r, 3_000));
    const letter = (await letterOf(id))!;
    expect(smtp.accepted.get(letter.message_id)).toBe(1);
    expect(letter.status).toBe("sending");
    // The reconciler runs meanwhile: the message is held by the attempt that is recording it.
    await reconcile(h.db, h.queues).catch(() => {});
    await databaseRefusesWrites(false);
    await eventually(async () => (await letterOf(id))?.status === "sent", 30_000);
    expect(smtp.accepted.get(letter.message_id)).toBe(1);
    const events = await h.db.query(
      "select count(*)::int as n from request_events where request_id = $1 and action = 'sent'",
      [id],
    );
    expect(events.rows[0].n).toBe(1);
  }, 90_000);

  it("an attempt that finds the acceptance in the ledger records it and sends nothing", async () => {
    const id = await approved();
    await eventually(async () => (await letterOf(id))?.status === "sent", 30_000);
    const letter = (await letterOf(id))!;
    // The moment after the server's 250, staged: the acceptance in the ledger, the database not told (the message
    // still 'sending', its claim long expired), the worker that sent it dead.
    await h.db.query(
      "update outbound_messages set status = 'sending', updated_at = now() - interval '1 hour' where id = $1",
      [letter.id],
    );
    await h.queues.notes.set(`smtp-accepted:${letter.id}`, "250 2.0.0 Ok: queued", 60);
    const found = await reconcile(h.db, h.queues);
    expect(found.messages.added + found.messages.replaced).toBe(1);
    await eventually(async () => (await letterOf(id))?.status === "sent", 30_000);
    expect(smtp.accepted.get(letter.message_id)).toBe(1);
    expect(await h.queues.notes.get(`smtp-accepted:${letter.id}`)).toBeNull();
  }, 90_000);
});
