import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startImapReader } from "../../src/mail/imap-reader.js";
import { receiveInbound } from "../../src/mail/receive.js";
import { type Dovecot, hasDovecot, startDovecot } from "../support/dovecot.js";
import { createHarness, eventually, type Harness, json, log } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

// CI installs dovecot-imapd; without it this file says so instead of pretending.
describe.skipIf(!hasDovecot)("IMAP mailbox (real Dovecot on loopback)", () => {
  let dovecot: Dovecot;
  let h: Harness;

  beforeAll(async () => {
    dovecot = await startDovecot();
    h = await createHarness({ queue: "redis", workers: true });
  });
  afterAll(async () => {
    await h?.close();
    await dovecot?.stop();
  });

  it("processes a reply appended to the mailbox and moves it to the processed folder", async () => {
    const clerk = await h.token("HA-TINH", ["clerk", "approver"]);
    const created = await json(
      await h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody() }),
    );
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerk });
    await h.call("POST", `/v1/requests/${created.id}/approve`, { token: clerk });
    await eventually(
      async () =>
        (await json(await h.call("GET", `/v1/requests/${created.id}`, { token: clerk }))).status === "sent",
    );
    const { rows } = await h.db.query("select token from dispatches where request_id = $1", [created.id]);

    const client = new ImapFlow({
      host: "127.0.0.1",
      port: dovecot.port,
      secure: false,
      auth: { user: dovecot.user, pass: dovecot.password },
      logger: false,
    });
    await client.connect();
    await client.append(
      "INBOX",
      [
        "From: ubkt-catw@uy-ban-kiem-tra.example",
        `To: reply+${rows[0].token}@phoihop.example`,
        "Subject: Re: cử cán bộ",
        "Message-ID: <imap-reply-1@mail.catw.example>",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Thống nhất cử đồng chí Phạm Văn Cường tham gia.",
        "",
      ].join("\r\n"),
    );

    const reader = startImapReader({
      url: dovecot.url,
      processedFolder: "Processed",
      accept: (raw) => receiveInbound(h, raw, "imap"),
      log,
    });
    try {
      const detail = await eventually(async () => {
        const d = await json(await h.call("GET", `/v1/requests/${created.id}`, { token: clerk }));
        return d.status === "responded" ? d : undefined;
      });
      expect(detail.inbound[0]).toMatchObject({
        source: "imap",
        classification: "human",
        matchMethod: "recipient_token",
      });
      const counts = await eventually(async () => {
        const inbox = (await client.status("INBOX", { messages: true })) || { messages: -1 };
        const processed = (await client.status("Processed", { messages: true })) || { messages: -1 };
        return inbox.messages === 0 && processed.messages === 1 ? { inbox, processed } : undefined;
      });
      expect(counts.processed.messages).toBe(1);
      // Seen again (e.g. a crash before the move): stored once.
      expect(await reader.sweep()).toBe(0);
    } finally {
      await reader.close();
      await client.logout();
    }
  });

  it("never downloads a message over the limit: it stays in the mailbox, the others are processed", async () => {
    const client = new ImapFlow({
      host: "127.0.0.1",
      port: dovecot.port,
      secure: false,
      auth: { user: dovecot.user, pass: dovecot.password },
      logger: false,
    });
    await client.connect();
    const message = (id: string, body: string) =>
      [
        `From: x@y.example`,
        "To: phoihop@phoihop.example",
        `Message-ID: <${id}@y.example>`,
        "",
        body,
        "",
      ].join("\r\n");
    await client.append("INBOX", message("imap-big", "x".repeat(300_000)));
    await client.append("INBOX", message("imap-small", "nhỏ"));
    const reader = startImapReader({
      url: dovecot.url,
      processedFolder: "Processed",
      accept: (raw) => receiveInbound(h, raw, "imap"),
      log,
      maxBytes: 100_000,
    });
    try {
      await eventually(async () => {
        const { rows } = await h.db.query(
          "select 1 from inbound_messages where message_id = '<imap-small@y.example>'",
        );
        return rows.length === 1;
      });
      await reader.sweep();
      const { rows } = await h.db.query(
        "select 1 from inbound_messages where message_id = '<imap-big@y.example>'",
      );
      expect(rows).toHaveLength(0);
      const inbox = await client.status("INBOX", { messages: true });
      expect(inbox ? inbox.messages : null).toBe(1);
    } finally {
      await reader.close();
      await client.logout();
    }
  });
});
