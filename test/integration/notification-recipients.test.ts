import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailSettings } from "../../src/config.js";
import { insertRequestEvent } from "../../src/db/queries/request-events.js";
import { NOTIFICATION_EVENTS } from "../../src/domain/notification-events.js";
import { composeNotificationMail } from "../../src/notifications/deliver.js";
import { processInbound, receiveInbound } from "../../src/mail/receive.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

// Every event type of the table, against one cast: who gets it and who does not.
let h: Harness;
const cast: Record<string, { userId: string; token: string }> = {};
let requestId: string;
let reference: string;

beforeAll(async () => {
  h = await createHarness({ queue: "redis" });
  cast.creator = await h.user("NGHE-AN", ["clerk"], "Người lập");
  cast.follower = await h.user("NGHE-AN", ["auditor"], "Người theo dõi");
  cast.clerk = await h.user("NGHE-AN", ["clerk"], "Văn thư");
  cast.approver = await h.user("NGHE-AN", ["approver"], "Lãnh đạo");
  cast.admin = await h.user("NGHE-AN", ["admin"], "Quản trị");
  cast.outsider = await h.user("HA-NOI", ["clerk", "approver", "admin", "auditor"], "Ủy ban khác");
  cast.counterpart = await h.user("CATW", ["clerk", "approver", "admin", "auditor"], "Bên nhận");
  const created = await json(
    await h.call("POST", "/v1/requests", { token: cast.creator.token, body: staffSecondmentBody() }),
  );
  requestId = created.id;
  reference = created.reference;
  await h.call("PUT", `/v1/requests/${requestId}/follow`, { token: cast.follower.token });
});
afterAll(() => h.close());

async function recipientsOf(type: string): Promise<string[]> {
  const { rows } = await h.db.query(
    "select user_id from notifications where request_id = $1 and event_type = $2",
    [requestId, type],
  );
  const ids = new Set(rows.map((r) => r.user_id));
  return Object.entries(cast)
    .filter(([, u]) => ids.has(u.userId))
    .map(([name]) => name)
    .sort();
}

describe("the event → recipients table", () => {
  for (const event of NOTIFICATION_EVENTS) {
    it(`${event.action} → ${event.type}`, async () => {
      await h.db.query("delete from notifications where request_id = $1", [requestId]);
      await insertRequestEvent(h.db, { requestId, action: event.action, fromStatus: null, toStatus: null });
      const expected = [
        ...(event.creator ? ["creator"] : []),
        ...(event.followers ? ["follower"] : []),
        ...(event.roles.includes("clerk") ? ["clerk", "creator"] : []),
        ...(event.roles.includes("approver") ? ["approver"] : []),
      ];
      expect(await recipientsOf(event.type)).toEqual([...new Set(expected)].sort());
      // Never another committee's people, the counterpart included.
      const got = await recipientsOf(event.type);
      expect(got).not.toContain("outsider");
      expect(got).not.toContain("counterpart");
    });
  }

  it("never tells the person who acted", async () => {
    await h.db.query("delete from notifications where request_id = $1", [requestId]);
    await insertRequestEvent(h.db, {
      requestId,
      action: "approve",
      fromStatus: null,
      toStatus: null,
      actorUserId: cast.creator!.userId,
    });
    expect(await recipientsOf("approved")).toEqual(["follower"]);
  });
});

describe("replies to notification e-mails", () => {
  it("are never taken for an answer to the request", async () => {
    await h.db.query("delete from notifications where request_id = $1", [requestId]);
    await insertRequestEvent(h.db, { requestId, action: "overdue", fromStatus: null, toStatus: null });
    const ids = await composeNotificationMail({
      db: h.db,
      clock: h.clock,
      mail: mailSettings(h.cfg),
      publicUrl: "https://phoihop.example",
    });
    const { rows } = await h.db.query("select message_id, subject from outbound_messages where id = $1", [
      ids[0],
    ]);
    expect(rows[0].subject).toContain(reference);
    const reply = Buffer.from(
      [
        "From: nguoi-lap@nghe-an.example",
        "To: phoihop@phoihop.example",
        `Subject: Re: ${rows[0].subject}`,
        `In-Reply-To: ${rows[0].message_id}`,
        `References: ${rows[0].message_id}`,
        "Message-ID: <reply-to-notification@nghe-an.example>",
        "",
        "Đã biết, cảm ơn.",
        "",
      ].join("\r\n"),
    );
    const stored = await receiveInbound(h, reply, "webhook");
    await processInbound({ db: h.db, mail: mailSettings(h.cfg), clock: h.clock }, stored.id);
    const { rows: inbound } = await h.db.query(
      "select status, dispatch_id, classification_reason from inbound_messages where id = $1",
      [stored.id],
    );
    expect(inbound[0]).toMatchObject({ status: "ignored", dispatch_id: null });
    expect(inbound[0].classification_reason).toContain("reply to a notification");
  });
});
