import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcile } from "../../src/jobs/reconcile.js";
import { findCommitteeByCode } from "../../src/db/queries/committees.js";
import { applyUserAction } from "../../src/requests/transition-request.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.js";
import { queuesIdle } from "../support/queues-idle.js";

let smtp: SmtpSink;
let h: Harness;
let token: string;
let principal: Parameters<typeof applyUserAction>[1];

beforeAll(async () => {
  smtp = await startSmtpSink();
  // The Postgres queue backend here: the production mode without Redis, and the embedded mode's backend.
  // Workers start inside the first test, after the crash has been staged.
  h = await createHarness({ queue: "postgres", smtpUrl: smtp.url, workers: false });
  token = await h.token("HUE", ["clerk", "approver"]);
  const hue = (await findCommitteeByCode(h.db, "HUE"))!;
  const { rows } = await h.db.query("select id from api_tokens where committee_id = $1", [hue.id]);
  principal = {
    tokenId: rows[0].id,
    committeeId: hue.id,
    committeeCode: "HUE",
    roles: ["clerk", "approver"],
    userId: null,
    userName: null,
  };
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});

async function submitted(): Promise<string> {
  const r = await json(await h.call("POST", "/v1/requests", { token, body: staffSecondmentBody() }));
  await h.call("POST", `/v1/requests/${r.id}/submit`, { token });
  return r.id;
}

const statusOf = async (id: string) =>
  (await json(await h.call("GET", `/v1/requests/${id}`, { token }))).status;

describe("nothing is lost between two steps", () => {
  it("renders and sends an approval whose render job was never enqueued (crash after commit)", async () => {
    const id = await submitted();
    // The approving transaction commits, then the process dies before enqueue(): no job exists.
    await applyUserAction(h, principal, id, "approve");
    expect(await statusOf(id)).toBe("approved");
    const found = await reconcile(h.db, h.queues);
    expect(found.documents).toEqual({ due: 1, added: 1, replaced: 0 });
    expect([found.pdfs.due, found.messages.due, found.inbound.due]).toEqual([0, 0, 0]);
    // The workers come back and find the work the reconciler re-derived.
    await h.startWorkers();
    await eventually(async () => (await statusOf(id)) === "sent");
  });

  it("re-sends a message left in 'sending' by a dead worker, once", async () => {
    const id = await submitted();
    await h.call("POST", `/v1/requests/${id}/approve`, { token });
    await eventually(async () => (await statusOf(id)) === "sent");
    const { rows } = await h.db.query("select id, message_id from outbound_messages where request_id = $1", [
      id,
    ]);
    const before = smtp.received.filter((m) => m.parsed.messageId === rows[0].message_id).length;
    expect(before).toBe(1);
    // A worker claimed the next message and died: status 'sending', untouched for longer than a send takes.
    await h.db.query(
      "update outbound_messages set status = 'sending', updated_at = now() - interval '1 hour' where id = $1",
      [rows[0].id],
    );
    await reconcile(h.db, h.queues);
    await eventually(async () => {
      const r = await h.db.query("select status from outbound_messages where id = $1", [rows[0].id]);
      return r.rows[0].status === "sent";
    });
    // Same bytes, same Message-ID: the receiving side sees a duplicate it can drop, never a second letter.
    const copies = smtp.received.filter((m) => m.parsed.messageId === rows[0].message_id);
    expect(copies).toHaveLength(2);
    expect(copies[0]!.raw.equals(copies[1]!.raw)).toBe(true);
  });

  it("re-enqueueing work that is already queued or done changes nothing", async () => {
    const id = await submitted();
    await h.call("POST", `/v1/requests/${id}/approve`, { token });
    await Promise.all([reconcile(h.db, h.queues), reconcile(h.db, h.queues)]);
    await eventually(async () => (await statusOf(id)) === "sent");
    await reconcile(h.db, h.queues);
    await eventually(() => queuesIdle(h.queues));
    const { rows } = await h.db.query(
      "select (select count(*)::int from documents where request_id = $1) as docs, (select count(*)::int from outbound_messages where request_id = $1) as msgs",
      [id],
    );
    expect(rows[0]).toEqual({ docs: 1, msgs: 1 });
  });

  it("retries a temporary 451 and delivers once it clears", async () => {
    smtp.respondWith({ code: 451, message: "4.3.0 Try again later" });
    const id = await submitted();
    await h.call("POST", `/v1/requests/${id}/approve`, { token });
    const { rows } = await eventually(async () => {
      const r = await h.db.query(
        "select id, status, attempts, last_error from outbound_messages where request_id = $1",
        [id],
      );
      return r.rows[0]?.attempts >= 1 && r.rows[0].status === "pending" ? r : undefined;
    });
    expect(rows[0].last_error).toContain("Try again later");
    smtp.respondWith("accept");
    await eventually(async () => (await statusOf(id)) === "sent", 30_000);
  });
});
