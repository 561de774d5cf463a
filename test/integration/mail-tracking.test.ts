import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailSettings } from "../../src/config.js";
import { createCalendar } from "../../src/domain/working-days.js";
import { mailSend } from "../../src/jobs/catalog.js";
import { sweepReminders } from "../../src/mail/remind.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { sentRequest as sentRequestOf } from "../support/sent-request.js";
import { staffSecondmentBody } from "../support/samples.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.js";
import { queuesIdle } from "../support/queues-idle.js";

// Thursday 5 March 2026, 10:00 in Hà Nội. staff_secondment: deadline 5 working days, reminders on days 3, 6, 8.
const clock = fixedClock("2026-03-05T03:00:00Z");
let smtp: SmtpSink;
let h: Harness;
let clerk: string;
let operator: string;
let gateway: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  h = await createHarness({ queue: "redis", smtpUrl: smtp.url, workers: true, clock });
  clerk = await h.token("NGHE-AN", ["clerk", "approver"]);
  operator = await h.token("CATW", ["admin"]);
  gateway = await h.token("CATW", ["mail_gateway"]);
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});

const sweepDeps = () => ({ db: h.db, clock, calendar: createCalendar(), mail: mailSettings(h.cfg) });
const detailOf = async (id: string) => json(await h.call("GET", `/v1/requests/${id}`, { token: clerk }));

async function sentRequest() {
  clock.set("2026-03-05T03:00:00Z");
  return sentRequestOf(h, clerk);
}

function reply(p: {
  token?: string;
  inReplyTo?: string;
  subject: string;
  from?: string;
  body: string;
  headers?: string;
}) {
  return Buffer.from(
    [
      `From: UBKT Dang uy CATW <${p.from ?? "ubkt-catw@uy-ban-kiem-tra.example"}>`,
      `To: ${p.token ? `reply+${p.token}@phoihop.example` : "phoihop@phoihop.example"}`,
      `Subject: ${p.subject}`,
      `Message-ID: <${Math.random().toString(36).slice(2)}@mail.catw.example>`,
      ...(p.inReplyTo ? [`In-Reply-To: ${p.inReplyTo}`, `References: ${p.inReplyTo}`] : []),
      "Date: Fri, 06 Mar 2026 09:00:00 +0700",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      ...(p.headers ? [p.headers] : []),
      "",
      p.body,
      "",
    ].join("\r\n"),
  );
}

const postMime = (raw: Buffer) =>
  h.call("POST", "/v1/inbound/mime", {
    token: gateway,
    body: raw,
    headers: { "content-type": "message/rfc822" },
  });

describe("the letter carries what replies need", () => {
  it("has a fixed Message-ID, a tokened Reply-To and References, the tag and no Auto-Submitted", async () => {
    const r = await sentRequest();
    const mail = smtp.received.find((m) => m.parsed.messageId === r.messageId)!;
    expect(mail.parsed.replyTo?.value[0]?.address).toBe(`reply+${r.token}@phoihop.example`);
    expect(mail.parsed.references).toContain(`<reply-${r.token}@phoihop.example>`);
    expect(mail.parsed.subject).toMatch(/^\[PH-2026-\d{4}\] /);
    expect(mail.parsed.headers.has("auto-submitted")).toBe(false);
    expect(mail.parsed.text).toContain(`Mã theo dõi: ${r.reference}/${r.token}`);
    const detail = await detailOf(r.id);
    // Deadline: 5 working days after Thursday 5/3 is Thursday 12/3, at 17:00 in Hà Nội.
    expect(detail.dispatches[0]).toMatchObject({
      status: "sent",
      deadlineAt: "2026-03-12T10:00:00.000Z",
      remindersSent: 0,
    });
  });
});

describe("reminders on working days", () => {
  it("sends reminder 1 on working day 3, threaded under the letter, once however often the sweep runs", async () => {
    const r = await sentRequest();
    clock.set("2026-03-10T01:30:00Z"); // Tuesday 10/3 08:30: working day 3
    const [a, b] = await Promise.all([sweepReminders(sweepDeps()), sweepReminders(sweepDeps())]);
    const ids = [...a.messageIds, ...b.messageIds];
    const again = await sweepReminders(sweepDeps());
    expect(again.messageIds).toEqual([]);
    const { rows } = await h.db.query(
      "select id, sequence from outbound_messages where request_id = $1 and purpose = 'reminder'",
      [r.id],
    );
    expect(rows).toHaveLength(1);
    for (const id of ids) await h.queues.enqueue(mailSend, { messageId: id });
    await h.queues.enqueue(mailSend, { messageId: rows[0].id });
    const reminder = await eventually(async () =>
      smtp.received.find(
        (m) => m.parsed.inReplyTo === r.messageId && m.parsed.subject?.includes("Nhắc lần 1"),
      ),
    );
    expect(reminder.parsed.references).toEqual(
      expect.arrayContaining([r.messageId, `<reply-${r.token}@phoihop.example>`]),
    );
    await eventually(() => queuesIdle(h.queues));
    expect(smtp.received.filter((m) => m.parsed.inReplyTo === r.messageId)).toHaveLength(1);
  });

  it("marks the request overdue after the deadline, and escalates at the end", async () => {
    const r = await sentRequest();
    for (const at of [
      "2026-03-10T01:30:00Z",
      "2026-03-13T01:30:00Z",
      "2026-03-17T01:30:00Z",
      "2026-03-19T01:30:00Z",
    ]) {
      clock.set(at);
      await sweepReminders(sweepDeps());
    }
    const detail = await detailOf(r.id);
    expect(detail.status).toBe("overdue");
    expect(detail.dispatches[0]).toMatchObject({ overdue: true, remindersSent: 4 });
    expect(detail.dispatches[0].escalatedAt).not.toBeNull();
    const { rows } = await h.db.query(
      "select purpose, sequence from outbound_messages where request_id = $1 order by created_at",
      [r.id],
    );
    expect(rows.map((x) => `${x.purpose}${x.sequence}`)).toEqual([
      "letter0",
      "reminder1",
      "reminder2",
      "reminder3",
      "escalation1",
    ]);
  });
});

// A reply locks the request and then changes its dispatch; the sweep must take them in the same order. Here the
// test holds the request as a reply would, waits until the sweep waits for it, and then takes the dispatch without
// waiting: a sweep that had locked the dispatch first would refuse it (and, with a real reply, deadlock).
describe("the sweep and a reply meeting on the same request", () => {
  async function whileRequestHeld(requestId: string, sweep: () => Promise<unknown>) {
    // No job of the workers may be what waits for the lock below: only the sweep.
    await eventually(() => queuesIdle(h.queues));
    const reply = await h.db.connect();
    try {
      await reply.query("begin");
      await reply.query("select id from requests where id = $1 for update", [requestId]);
      const swept = sweep();
      await eventually(async () => {
        const { rows } = await h.db.query(
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`,
        );
        return rows[0].n > 0;
      });
      await reply.query("select id from dispatches where request_id = $1 for update nowait", [requestId]);
      await reply.query("commit");
      return await swept;
    } catch (error) {
      await reply.query("rollback");
      throw error;
    } finally {
      reply.release();
    }
  }

  it("composes the reminder after the reply's transaction, never holding the dispatch meanwhile", async () => {
    const r = await sentRequest();
    clock.set("2026-03-10T01:30:00Z"); // working day 3: reminder 1 due
    await whileRequestHeld(r.id, () => sweepReminders(sweepDeps()));
    const { rows } = await h.db.query(
      "select count(*)::int as n from outbound_messages where request_id = $1 and purpose = 'reminder'",
      [r.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it("marks the request overdue after the reply's transaction, never holding the dispatch meanwhile", async () => {
    const r = await sentRequest();
    // Only the deadline is due: the reminders are taken out of the way.
    await h.db.query("update dispatches set next_reminder_at = null where request_id = $1", [r.id]);
    clock.set("2026-03-13T01:30:00Z"); // past the 5 working days
    await whileRequestHeld(r.id, () => sweepReminders(sweepDeps()));
    expect((await detailOf(r.id)).status).toBe("overdue");
  });
});

describe("replies", () => {
  it("a reply moves the request to responded, stops reminders, and a clerk confirms what it says", async () => {
    const r = await sentRequest();
    const res = await postMime(
      reply({
        token: r.token,
        inReplyTo: r.messageId,
        subject: `Re: [${r.reference}] V/v đề nghị cử cán bộ`,
        body: "Đồng ý cử đồng chí Nguyễn Văn An tham gia Đoàn kiểm tra.\r\n\r\n> trích thư cũ",
      }),
    );
    expect(res.status).toBe(202);
    const detail = await eventually(async () => {
      const d = await detailOf(r.id);
      return d.status === "responded" ? d : undefined;
    });
    expect(detail.dispatches[0]).toMatchObject({ status: "answered", nextReminderAt: null });
    expect(detail.inbound[0]).toMatchObject({
      classification: "human",
      matchMethod: "recipient_token",
      senderMatches: true,
    });
    expect(detail.inbound[0].text).not.toContain("trích thư cũ");
    expect(detail.inbound[0].suggestion.suggestion).toBe("accepted");
    clock.set("2026-03-10T01:30:00Z");
    const swept = await sweepReminders(sweepDeps());
    expect(swept.messageIds).toEqual([]);
    const answered = await h.call("POST", `/v1/requests/${r.id}/answer`, {
      token: clerk,
      body: { answer: "accepted", staff: ["Nguyễn Văn An"] },
    });
    expect((await json(answered)).status).toBe("in_progress");
  });

  it("an out-of-office never counts as an answer", async () => {
    const r = await sentRequest();
    await postMime(
      reply({
        token: r.token,
        subject: "Trả lời tự động: Vắng mặt",
        body: "Tôi đang nghỉ phép đến 20/3.",
        headers: "Auto-Submitted: auto-replied",
      }),
    );
    const detail = await eventually(async () => {
      const d = await detailOf(r.id);
      return d.inbound.length ? d : undefined;
    });
    expect(detail.status).toBe("sent");
    expect(detail.inbound[0].classification).toBe("auto_reply");
    expect(detail.events.map((e: { action: string }) => e.action)).toContain("auto_reply_received");
  });

  it("the same message delivered twice is stored once", async () => {
    const r = await sentRequest();
    const raw = reply({ token: r.token, subject: "Re: x", body: "Đã nhận." });
    const first = await json(await postMime(raw));
    const second = await json(await postMime(raw));
    expect(second).toEqual({ id: first.id, duplicate: true });
  });

  it("a reply arriving between a reminder's scheduling and its sending cancels it", async () => {
    const r = await sentRequest();
    clock.set("2026-03-10T01:30:00Z");
    await sweepReminders(sweepDeps());
    const { rows } = await h.db.query(
      "select id from outbound_messages where request_id = $1 and purpose = 'reminder'",
      [r.id],
    );
    const messageIds: string[] = rows.map((x) => x.id);
    expect(messageIds).toHaveLength(1);
    await postMime(reply({ token: r.token, subject: "Re: nhắc", body: "Thống nhất cử cán bộ." }));
    await eventually(async () => (await detailOf(r.id)).status === "responded");
    await h.queues.enqueue(mailSend, { messageId: messageIds[0]! });
    const status = await eventually(async () => {
      const { rows } = await h.db.query("select status from outbound_messages where id = $1", [
        messageIds[0],
      ]);
      return rows[0].status === "cancelled" ? rows[0].status : undefined;
    });
    expect(status).toBe("cancelled");
    expect(
      smtp.received.some(
        (m) => m.parsed.subject?.includes("Nhắc lần 1") && m.parsed.inReplyTo === r.messageId,
      ),
    ).toBe(false);
  });

  it("a reply from a stranger is matched but flagged for review, and does not count yet", async () => {
    const r = await sentRequest();
    await postMime(
      reply({ token: r.token, from: "someone@gmail.example", subject: "Re: x", body: "Đồng ý." }),
    );
    const detail = await eventually(async () => {
      const d = await detailOf(r.id);
      return d.inbound.length ? d : undefined;
    });
    expect(detail.inbound[0]).toMatchObject({ senderMatches: false, needsReview: true });
    expect(detail.status).toBe("sent");
  });

  it("unmatched mail waits for triage and can be attached by hand", async () => {
    const r = await sentRequest();
    const stored = await json(
      await postMime(reply({ subject: "Về việc cử cán bộ", body: "Chúng tôi đồng ý cử cán bộ." })),
    );
    const list = await eventually(async () => {
      const l = await json(await h.call("GET", "/v1/inbound?status=unmatched", { token: operator }));
      return l.items.some((i: { id: string }) => i.id === stored.id) ? l : undefined;
    });
    expect(list.items.length).toBeGreaterThan(0);
    expect((await h.call("GET", "/v1/inbound?status=unmatched", { token: clerk })).status).toBe(403);
    const attached = await h.call("POST", `/v1/inbound/${stored.id}/attach`, {
      token: operator,
      body: { reference: r.reference },
    });
    expect(attached.status).toBe(200);
    await eventually(async () => (await detailOf(r.id)).status === "responded");
    const bad = await h.call("POST", `/v1/inbound/${stored.id}/attach`, {
      token: operator,
      body: { reference: "nope" },
    });
    expect(bad.status).toBe(400);
  });
});

describe("SMTP outcomes", () => {
  it("a connection lost after DATA is uncertain and resent with the same bytes", async () => {
    smtp.respondWith("drop-after-data");
    const created = await json(
      await h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody() }),
    );
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerk });
    await h.call("POST", `/v1/requests/${created.id}/approve`, { token: clerk });
    const row = await eventually(async () => {
      const { rows } = await h.db.query(
        "select id, status, raw, message_id from outbound_messages where request_id = $1",
        [created.id],
      );
      return rows[0]?.status === "uncertain" ? rows[0] : undefined;
    });
    smtp.respondWith("accept");
    await eventually(async () => (await detailOf(created.id)).status === "sent", 30_000);
    const got = smtp.received.find((m) => m.parsed.messageId === row.message_id)!;
    expect(got.raw.equals(row.raw)).toBe(true);
  });

  it("a MẬT request has its dispatch withheld with the reason", async () => {
    const created = await json(
      await h.call("POST", "/v1/requests", {
        token: clerk,
        body: staffSecondmentBody({ classification: "mat" }),
      }),
    );
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerk });
    await h.call("POST", `/v1/requests/${created.id}/approve`, { token: clerk });
    const detail = await eventually(async () => {
      const d = await detailOf(created.id);
      return d.status === "issued" && d.dispatches.length ? d : undefined;
    });
    expect(detail.dispatches[0]).toMatchObject({ status: "withheld", withheldReason: "classified:mat" });
  });
});

describe("the in-process SMTP receiver", () => {
  it("takes a reply for the reply domain over SMTP and refuses to relay elsewhere", async () => {
    const { startSmtpReceiver } = await import("../../src/mail/smtp-receiver.js");
    const { receiveInbound } = await import("../../src/mail/receive.js");
    const nodemailer = (await import("nodemailer")).default;
    const { log } = await import("../support/harness.js");
    const receiver = await startSmtpReceiver({
      host: "127.0.0.1",
      port: 0,
      domains: ["phoihop.example"],
      accept: (raw) => receiveInbound(h, raw, "smtp"),
      log,
    });
    const client = nodemailer.createTransport({
      host: "127.0.0.1",
      port: receiver.port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      const r = await sentRequest();
      await client.sendMail({
        envelope: { from: "ubkt-catw@uy-ban-kiem-tra.example", to: `reply+${r.token}@phoihop.example` },
        raw: reply({ subject: `Re: [${r.reference}]`, body: "Đồng ý cử cán bộ." }),
      });
      const detail = await eventually(async () => {
        const d = await detailOf(r.id);
        return d.status === "responded" ? d : undefined;
      });
      // The token was only in the envelope (Delivered-To), as for a Bcc.
      expect(detail.inbound[0]).toMatchObject({ source: "smtp", matchMethod: "recipient_token" });
      await expect(
        client.sendMail({
          envelope: { from: "x@y.example", to: "someone@elsewhere.example" },
          raw: Buffer.from("Subject: x\r\n\r\nx"),
        }),
      ).rejects.toThrow(/Relaying denied/);
    } finally {
      client.close();
      await receiver.close();
    }
  });
});
