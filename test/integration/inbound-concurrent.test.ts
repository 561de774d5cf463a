import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailSettings } from "../../src/config.js";
import { insertDispatch } from "../../src/db/queries/dispatches.js";
import { processInbound, receiveInbound } from "../../src/mail/receive.js";
import { newReplyToken } from "../../src/mail/reply-token.js";
import { createHarness, type Harness } from "../support/harness.js";

// The job and the reconciler can process one message at the same time: it is recorded once, whoever wins.
let h: Harness;
let token: string;
let requestId: string;

beforeAll(async () => {
  h = await createHarness({ queue: "postgres" });
  const { rows } = await h.db.query(
    `insert into requests (reference, kind, from_committee_id, to_committee_id, status, subject, payload, body_hash)
     values ('PH-2026-0901', 'staff_secondment', (select id from committees where code = 'NGHE-AN'),
             (select id from committees where code = 'CATW'), 'sent', 'x', '{}', 'x')
     returning id, to_committee_id`,
  );
  requestId = rows[0].id;
  token = newReplyToken();
  await insertDispatch(h.db, { requestId, toCommitteeId: rows[0].to_committee_id, token, status: "sent" });
});
afterAll(() => h.close());

function replyWithAttachment(): Buffer {
  const domain = mailSettings(h.cfg).replyDomain;
  return Buffer.from(
    [
      "From: UBKT <ubkt-catw@uy-ban-kiem-tra.example>",
      `To: reply+${token}@${domain}`,
      "Subject: Re: [PH-2026-0901] V/v đề nghị cử cán bộ",
      "Message-ID: <concurrent-1@uy-ban-kiem-tra.example>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Đồng ý cử cán bộ.",
      "--b",
      'Content-Type: application/pdf; name="cong-van.pdf"',
      'Content-Disposition: attachment; filename="cong-van.pdf"',
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from("%PDF-1.4 trả lời").toString("base64"),
      "--b--",
      "",
    ].join("\r\n"),
  );
}

describe("one message processed by several runs at once", () => {
  it("is recorded once: one outcome, one set of attachments, one event", async () => {
    const stored = await receiveInbound(h, replyWithAttachment(), "webhook");
    const deps = { db: h.db, mail: mailSettings(h.cfg), clock: h.clock };
    const results = await Promise.all(Array.from({ length: 4 }, () => processInbound(deps, stored.id)));
    expect(
      results.every((r) => r.status === "processed"),
      JSON.stringify(results),
    ).toBe(true);
    expect(results.filter((r) => r.classification).length, JSON.stringify(results)).toBe(1);
    const { rows: attachments } = await h.db.query(
      "select filename, convert_from(bytes, 'utf8') as text from inbound_attachments where inbound_id = $1",
      [stored.id],
    );
    expect(attachments).toEqual([{ filename: "cong-van.pdf", text: "%PDF-1.4 trả lời" }]);
    const { rows: events } = await h.db.query(
      "select action from request_events where request_id = $1 and detail->>'inboundId' = $2",
      [requestId, stored.id],
    );
    expect(events.map((e) => e.action)).toEqual(["reply_received"]);
    const { rows } = await h.db.query("select status from requests where id = $1", [requestId]);
    expect(rows[0].status).toBe("responded");
    // A later run finds it done and counts no attempt.
    const { rows: before } = await h.db.query("select attempts from inbound_messages where id = $1", [
      stored.id,
    ]);
    expect(await processInbound(deps, stored.id)).toEqual({ status: "processed" });
    const { rows: after } = await h.db.query("select attempts from inbound_messages where id = $1", [
      stored.id,
    ]);
    expect(after[0].attempts).toBe(before[0].attempts);
  });
});
