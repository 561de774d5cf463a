import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailInbound } from "../../src/jobs/catalog.js";
import { receiveInbound } from "../../src/mail/receive.js";
import { type SmtpReceiver, startSmtpReceiver } from "../../src/mail/smtp-receiver.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, eventually, type Harness, json, log } from "../support/harness.js";
import { rawSmtpSend, writeFiller } from "../support/raw-smtp.js";
import { type SentRequest as Sent, sentRequest as sentRequestOf } from "../support/sent-request.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.js";

/**
 * Inbound mail nobody can forge into an answer, through the real entry points (the SMTP receiver on loopback and POST /v1/inbound/mime) and the real
 * workers: only a trustworthy, readable reply changes a request by itself; no byte sequence loses a message.
 */
const clock = fixedClock("2026-03-05T03:00:00Z");
const CATW_ADDRESS = "ubkt-catw@uy-ban-kiem-tra.example";
const SMTP_LIMIT = 1024 * 1024;
let smtp: SmtpSink;
let h: Harness;
let receiver: SmtpReceiver;
let clerk: string;
let operator: string;
let gateway: string;
let gatewayId: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  h = await createHarness({
    queue: "redis",
    smtpUrl: smtp.url,
    workers: true,
    clock,
    env: { INBOUND_AUTHSERV_ID: "mx.phoihop.example" },
  });
  clerk = await h.token("NGHE-AN", ["clerk", "approver"]);
  operator = await h.token("CATW", ["admin"]);
  gateway = await h.token("CATW", ["mail_gateway"]);
  gatewayId = (await h.db.query("select id from api_tokens order by created_at desc limit 1")).rows[0].id;
  receiver = await startSmtpReceiver({
    host: "127.0.0.1",
    port: 0,
    domains: ["phoihop.example"],
    accept: (raw) => receiveInbound(h, raw, "smtp"),
    log,
    maxBytes: SMTP_LIMIT,
  });
});
afterAll(async () => {
  await receiver.close();
  await h.close();
  await smtp.close();
});

const detailOf = async (id: string) => json(await h.call("GET", `/v1/requests/${id}`, { token: clerk }));

const sentRequest = () => sentRequestOf(h, clerk);

let seq = 0;
function mail(p: {
  to?: string;
  from?: string;
  subject?: string;
  headers?: string[];
  contentType?: string;
  body: string;
  messageId?: string;
}): Buffer {
  return Buffer.from(
    [
      `From: UBKT <${p.from ?? CATW_ADDRESS}>`,
      `To: ${p.to ?? "phoihop@phoihop.example"}`,
      `Subject: ${p.subject ?? "Re: V/v cử cán bộ"}`,
      `Message-ID: ${p.messageId ?? `<t${++seq}.${Date.now()}@mail.catw.example>`}`,
      "Date: Fri, 06 Mar 2026 09:00:00 +0700",
      "MIME-Version: 1.0",
      ...(p.headers ?? []),
      `Content-Type: ${p.contentType ?? "text/plain; charset=utf-8"}`,
      "",
      p.body,
      "",
    ].join("\r\n"),
    "utf8",
  );
}

const replyTo = (s: Sent) => `reply+${s.token}@phoihop.example`;

const postMime = (raw: Buffer | Uint8Array, token = gateway) =>
  h.call("POST", "/v1/inbound/mime", {
    token,
    body: new Uint8Array(raw),
    headers: { "content-type": "message/rfc822" },
  });

async function settled(inboundId: string) {
  return eventually(async () => {
    const { rows } = await h.db.query("select * from inbound_messages where id = $1", [inboundId]);
    return rows[0] && rows[0].status !== "received" ? rows[0] : undefined;
  });
}

async function viaWebhook(raw: Buffer) {
  const res = await postMime(raw);
  expect(res.status).toBe(202);
  return settled((await json(res)).id);
}

async function viaSmtp(raw: Buffer, to: string[]) {
  const { dataReply } = await rawSmtpSend({
    port: receiver.port,
    from: "ubkt-catw@uy-ban-kiem-tra.example",
    to,
    write: async (socket) => {
      socket.write(raw.toString("latin1").replace(/\r\n\./g, "\r\n.."), "latin1");
    },
  });
  expect(dataReply).toMatch(/^250 /);
  const sha = (await import("node:crypto")).createHash("sha256");
  const { rows } = await h.db.query(
    "select id from inbound_messages where source = 'smtp' and position($1::bytea in raw) > 0 order by received_at desc limit 1",
    [raw],
  );
  sha.destroy();
  return settled(rows[0].id);
}

async function actionsOf(requestId: string): Promise<string[]> {
  return (await detailOf(requestId)).events.map((e: { action: string }) => e.action);
}

describe("what counts by itself, and what waits for a person", () => {
  it("a trusted reply (token address, the counterpart's From, readable) moves the request to responded", async () => {
    const r = await sentRequest();
    const row = await viaWebhook(mail({ to: replyTo(r), body: "Đồng ý cử đồng chí Nguyễn Văn An." }));
    expect(row).toMatchObject({ status: "processed", match_method: "recipient_token", needs_review: false });
    expect(row.review_reasons).toEqual([]);
    expect((await detailOf(r.id)).status).toBe("responded");
  });

  it("In-Reply-To naming our Message-ID is enough evidence, over SMTP", async () => {
    const r = await sentRequest();
    const row = await viaSmtp(
      mail({ headers: [`In-Reply-To: ${r.messageId}`], body: "Nhất trí cử cán bộ tham gia." }),
      ["phoihop@phoihop.example"],
    );
    expect(row).toMatchObject({ match_method: "message_id", needs_review: false });
    expect((await detailOf(r.id)).status).toBe("responded");
  });

  it("a committee admin can no longer post mail; a forged subject-tag reply from the gateway waits for review", async () => {
    const r = await sentRequest();
    const forged = mail({ subject: `Re: [${r.reference}]`, body: "Đồng ý cử cán bộ." });
    const haNoiAdmin = await h.token("HA-NOI", ["admin"]);
    expect((await postMime(forged, haNoiAdmin)).status).toBe(403);
    expect((await postMime(forged, operator)).status).toBe(403);
    const row = await viaWebhook(forged);
    expect(row).toMatchObject({ match_method: "subject_tag", needs_review: true, received_by: gatewayId });
    expect(row.review_reasons.join(" ")).toContain("tiêu đề");
    const detail = await detailOf(r.id);
    expect(detail.status).toBe("sent");
    expect(detail.dispatches[0].status).toBe("sent");
    expect(await actionsOf(r.id)).toContain("reply_needs_review");
    expect(await actionsOf(r.id)).not.toContain("reply_received");
    // Shown in triage with its reason, and a person of the filing committee confirms it.
    const triage = await json(await h.call("GET", "/v1/inbound", { token: operator }));
    const item = triage.items.find((i: { id: string }) => i.id === row.id);
    expect(item.reviewReasons.length).toBeGreaterThan(0);
    const confirmed = await h.call("POST", `/v1/inbound/${row.id}/review`, {
      token: clerk,
      body: { outcome: "confirmed" },
    });
    expect(confirmed.status).toBe(200);
    expect((await detailOf(r.id)).status).toBe("responded");
    expect(await actionsOf(r.id)).toContain("reply_confirmed");
    const again = await h.call("POST", `/v1/inbound/${row.id}/review`, {
      token: clerk,
      body: { outcome: "confirmed" },
    });
    expect(again.status).toBe(409);
  });

  it("the gateway token opens nothing but the webhook", async () => {
    expect((await h.call("GET", "/v1/requests", { token: gateway })).status).toBe(403);
    expect((await h.call("GET", "/v1/inbound", { token: gateway })).status).toBe(403);
  });

  it("a reply on a valid token from another address waits, and can be dismissed", async () => {
    const r = await sentRequest();
    const row = await viaWebhook(
      mail({ to: replyTo(r), from: "attacker@gmail.example", body: "Đồng ý cử cán bộ." }),
    );
    expect(row).toMatchObject({ needs_review: true, sender_matches: false });
    expect(row.review_reasons.join(" ")).toContain("attacker@gmail.example");
    const outsider = await h.token("HA-NOI", ["clerk"]);
    const refused = await h.call("POST", `/v1/inbound/${row.id}/review`, {
      token: outsider,
      body: { outcome: "confirmed" },
    });
    expect(refused.status).toBe(404);
    const bad = await h.call("POST", `/v1/inbound/${row.id}/review`, {
      token: clerk,
      body: { outcome: "maybe" },
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.details[0].field).toContain("outcome");
    const dismissed = await h.call("POST", `/v1/inbound/${row.id}/review`, {
      token: clerk,
      body: { outcome: "dismissed" },
    });
    expect(dismissed.status).toBe(200);
    expect((await detailOf(r.id)).status).toBe("sent");
  });

  it("a forged message sent first with the reply's Message-ID does not make the real reply a duplicate", async () => {
    const r = await sentRequest();
    const messageId = `<forged-first.${Date.now()}@mail.catw.example>`;
    const forged = await viaWebhook(
      mail({ to: replyTo(r), from: "attacker@gmail.example", messageId, body: "Không cử cán bộ." }),
    );
    expect(forged.needs_review).toBe(true);
    const real = mail({ to: replyTo(r), messageId, body: "Đồng ý cử đồng chí Trần Văn Bình." });
    const res = await postMime(real);
    expect(res.status).toBe(202);
    const stored = await json(res);
    expect(stored.duplicate).toBe(false);
    expect(stored.id).not.toBe(forged.id);
    expect((await settled(stored.id)).status).toBe("processed");
    expect((await detailOf(r.id)).status).toBe("responded");
    // The real reply delivered again with another trace header (as by SMTP, then by IMAP) is the same message.
    const again = await json(
      await postMime(Buffer.concat([Buffer.from("Received: from mx2.example\r\n"), real])),
    );
    expect(again).toEqual({ id: stored.id, duplicate: true });
  });

  it("invalid base64 on a valid token is malformed, its problems stored and shown, nothing changes", async () => {
    const r = await sentRequest();
    const row = await viaSmtp(
      mail({
        headers: ["Content-Transfer-Encoding: base64"],
        body: "Kính gửi đồng chí, !!!! đây không phải base64 ***",
      }),
      [replyTo(r)],
    );
    expect(row.needs_review).toBe(true);
    expect(row.problems.join(" ")).toContain("invalid base64");
    expect(row.review_reasons.join(" ")).toContain("lỗi định dạng");
    const detail = await detailOf(r.id);
    expect(detail.status).toBe("sent");
    expect(detail.inbound[0].problems.length).toBeGreaterThan(0);
  });

  it("a message with 2,000 parts is read, keeps a reason and waits; one of 6,000 says it was not read", async () => {
    const r = await sentRequest();
    const parts = Array.from(
      { length: 2000 },
      (_, i) => `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nphần ${i}\r\n`,
    ).join("");
    const row = await viaWebhook(
      mail({ to: replyTo(r), contentType: "multipart/mixed; boundary=b", body: `${parts}--b--` }),
    );
    expect(row.needs_review).toBe(true);
    expect(row.problems.join(" ")).toContain("more than 200 MIME parts");
    // Read all the same: its text is there for the person who looks.
    expect(row.stripped_text).toContain("phần 1999");
    expect((await detailOf(r.id)).status).toBe("sent");
    const many = Array.from(
      { length: 6000 },
      (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\n${i}\r\n`,
    ).join("");
    const huge = await viaWebhook(
      mail({ to: replyTo(r), contentType: "multipart/mixed; boundary=b", body: `${many}--b--` }),
    );
    expect(huge.problems.join(" ")).toContain("more than 5000 MIME parts: only the headers were read");
    expect(huge.needs_review).toBe(true);
  });

  it("no readable text waits", async () => {
    const r = await sentRequest();
    const row = await viaWebhook(mail({ to: replyTo(r), body: "> chỉ có phần trích dẫn thư cũ" }));
    expect(row.review_reasons).toContain("thư không có nội dung chữ đọc được");
    expect((await detailOf(r.id)).status).toBe("sent");
  });

  it("Authentication-Results from our own MTA decide; anyone else's are ignored", async () => {
    const failing = await sentRequest();
    const a = await viaWebhook(
      mail({
        to: replyTo(failing),
        headers: [
          "Authentication-Results: mx.phoihop.example; dkim=none; spf=fail smtp.mailfrom=uy-ban-kiem-tra.example; dmarc=fail header.from=uy-ban-kiem-tra.example",
        ],
        body: "Đồng ý cử cán bộ.",
      }),
    );
    expect(a.needs_review).toBe(true);
    expect(a.review_reasons.join(" ")).toContain("DMARC");
    const foreign = await sentRequest();
    const b = await viaWebhook(
      mail({
        to: replyTo(foreign),
        headers: ["Authentication-Results: mx.evil.example; dkim=fail; dmarc=fail"],
        body: "Đồng ý cử cán bộ.",
      }),
    );
    expect(b.needs_review).toBe(false);
    const passing = await sentRequest();
    const c = await viaWebhook(
      mail({
        to: replyTo(passing),
        headers: [
          "Authentication-Results: mx.phoihop.example; dkim=pass header.d=uy-ban-kiem-tra.example; spf=softfail",
        ],
        body: "Đồng ý cử cán bộ.",
      }),
    );
    expect(c.needs_review).toBe(false);
    expect((await detailOf(passing.id)).status).toBe("responded");
  });
});

describe("no byte sequence loses a message", () => {
  it("NUL in the Message-ID over SMTP: 250, stored with its exact bytes, processed", async () => {
    const r = await sentRequest();
    const raw = mail({ to: replyTo(r), messageId: "<nul\u0000id@x.example>", body: "Đồng ý cử cán bộ." });
    const row = await viaSmtp(raw, [replyTo(r)]);
    expect(row.status).toBe("processed");
    expect(row.message_id).not.toContain("\u0000");
    expect(Buffer.from(row.raw).includes(raw)).toBe(true);
  });

  it("NUL and invalid UTF-8 in the subject and body through the webhook: processed, never stuck", async () => {
    const r = await sentRequest();
    const raw = Buffer.concat([
      mail({ to: replyTo(r), subject: "Re: \u0000 cử", body: "Đồng ý\u0000 cử cán bộ." }),
      Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x0d, 0x0a]),
    ]);
    const res = await postMime(raw);
    expect(res.status).toBe(202);
    const row = await settled((await json(res)).id);
    expect(["processed", "failed"]).toContain(row.status);
    expect(row.status).toBe("processed");
    expect(Buffer.compare(row.raw, raw)).toBe(0);
    expect(row.subject).not.toContain("\u0000");
  });

  it("a message retried past the limit lands in triage with the reason instead of staying received", async () => {
    // Stored without a job, having been tried the most times already (the reconciler re-enqueues what is left).
    const { storeInboundRaw } = await import("../../src/db/queries/inbound-messages.js");
    const { MAX_INBOUND_ATTEMPTS, inboundDigests } = await import("../../src/mail/receive.js");
    const raw = mail({ body: "thử lại nhiều lần" });
    const stored = await storeInboundRaw(h.db, {
      source: "webhook",
      raw,
      ...inboundDigests(raw),
      messageId: null,
    });
    await h.db.query("update inbound_messages set attempts = $2, error = 'mất kết nối' where id = $1", [
      stored.id,
      MAX_INBOUND_ATTEMPTS,
    ]);
    await h.queues.enqueue(mailInbound, { inboundId: stored.id });
    const row = await settled(stored.id);
    expect(row.status).toBe("failed");
    expect(row.error).toContain(`đã thử xử lý ${MAX_INBOUND_ATTEMPTS} lần`);
    expect(row.error).toContain("mất kết nối");
    const triage = await json(
      await h.call("GET", "/v1/inbound?status=triage&limit=100", { token: operator }),
    );
    expect(triage.items.some((i: { id: string }) => i.id === stored.id)).toBe(true);
  });
});

describe("a job that keeps failing", () => {
  it("on its last try puts the message in triage with the reason; earlier tries are retried", async () => {
    const { mailInboundProcessor } = await import("../../workers/processors/mail-inbound.js");
    const { mailSettings } = await import("../../src/config.js");
    // Stored without a job (as if the queue had been down), so only the calls below process it.
    const { storeInboundRaw } = await import("../../src/db/queries/inbound-messages.js");
    const { inboundDigests } = await import("../../src/mail/receive.js");
    const raw = mail({ body: "Đồng ý." });
    const stored = await storeInboundRaw(h.db, {
      source: "webhook",
      raw,
      ...inboundDigests(raw),
      messageId: null,
    });
    // The database refuses transactions (a fault injected on the real pool); plain queries still work.
    const db = new Proxy(h.db, {
      get: (pool, key) => {
        if (key === "connect") return () => Promise.reject(new Error("connection refused"));
        const value = Reflect.get(pool, key);
        return typeof value === "function" ? value.bind(pool) : value;
      },
    });
    const deps = { db, mail: mailSettings(h.cfg), clock } as unknown as Parameters<
      typeof mailInboundProcessor
    >[0];
    const job = (attemptsMade: number) =>
      ({ data: { inboundId: stored.id }, attemptsMade, opts: { attempts: 5 } }) as never;
    await expect(mailInboundProcessor(deps)(job(0))).rejects.toThrow("connection refused");
    expect(
      (await h.db.query("select status from inbound_messages where id = $1", [stored.id])).rows[0].status,
    ).toBe("received");
    await expect(mailInboundProcessor(deps)(job(4))).resolves.toEqual({ status: "failed" });
    const { rows } = await h.db.query("select status, error from inbound_messages where id = $1", [
      stored.id,
    ]);
    expect(rows[0]).toMatchObject({ status: "failed" });
    expect(rows[0].error).toContain("connection refused");
  });
});

describe("limits while streaming", () => {
  it("SMTP: a client that ignores SIZE gets 552, nothing is stored, memory stays bounded by the limit", async () => {
    const before = await h.db.query("select count(*)::int as n from inbound_messages");
    const heapBefore = process.memoryUsage().arrayBuffers;
    let peak = heapBefore;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 20);
    const total = 192 * SMTP_LIMIT;
    const { dataReply } = await rawSmtpSend({
      port: receiver.port,
      from: "big@sender.example",
      to: ["phoihop@phoihop.example"],
      write: (socket) => writeFiller(socket, "From: big@sender.example\r\nSubject: big\r\n\r\n", total),
    });
    clearInterval(timer);
    expect(dataReply).toMatch(/^552 /);
    const after = await h.db.query("select count(*)::int as n from inbound_messages");
    expect(after.rows[0].n).toBe(before.rows[0].n);
    // Buffers alive at the peak (collected garbage included): well under the 192 MB that was sent.
    expect(peak - heapBefore).toBeLessThan(total / 2);
  });

  it("SMTP: a client that declares SIZE over the limit is refused at MAIL FROM, before any data", async () => {
    let wrote = false;
    const { dataReply } = await rawSmtpSend({
      port: receiver.port,
      from: "big@sender.example",
      to: ["phoihop@phoihop.example"],
      mailParams: `SIZE=${SMTP_LIMIT * 4}`,
      write: async () => {
        wrote = true;
      },
    });
    expect(dataReply).toMatch(/^552 /);
    expect(wrote).toBe(false);
  });

  it("webhook: a streamed body over the limit is refused with 413 and nothing is stored", async () => {
    const before = await h.db.query("select count(*)::int as n from inbound_messages");
    const chunk = new Uint8Array(1024 * 1024).fill(0x78);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 40) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await h.app.request("/v1/inbound/mime", {
      method: "POST",
      headers: { authorization: `Bearer ${gateway}`, "content-type": "message/rfc822" },
      body,
      duplex: "half",
    });
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe("payload_too_large");
    expect(sent).toBeLessThan(40);
    const after = await h.db.query("select count(*)::int as n from inbound_messages");
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

function dsn(r: Sent, p: { action: string; status: string; diagnostic: string }): Buffer {
  return Buffer.from(
    [
      "From: Mail Delivery System <MAILER-DAEMON@mx.phoihop.example>",
      "To: phoihop@phoihop.example",
      "Subject: Undelivered Mail Returned to Sender",
      `Message-ID: <dsn${++seq}.${Date.now()}@mx.phoihop.example>`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      "",
      "--r",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Thư không gửi được.",
      "--r",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.phoihop.example",
      "",
      `Final-Recipient: rfc822; ${CATW_ADDRESS}`,
      `Action: ${p.action}`,
      `Status: ${p.status}`,
      `Diagnostic-Code: smtp; ${p.diagnostic}`,
      "",
      "--r",
      "Content-Type: text/rfc822-headers",
      "",
      "From: phoihop@phoihop.example",
      `Message-ID: ${r.messageId}`,
      `Reply-To: ${replyTo(r)}`,
      "",
      "--r--",
      "",
    ].join("\r\n"),
  );
}

describe("bounces keep their evidence", () => {
  it("a permanent failure marks the dispatch with status, diagnostic and recipient, without review", async () => {
    const r = await sentRequest();
    const row = await viaSmtp(
      dsn(r, { action: "failed", status: "5.1.1", diagnostic: "550 5.1.1 <ubkt-catw@…>: User unknown" }),
      ["phoihop@phoihop.example"],
    );
    expect(row).toMatchObject({ classification: "bounce", needs_review: false });
    const detail = await detailOf(r.id);
    expect(detail.status).toBe("delivery_failed");
    expect(detail.dispatches[0].bounce).toMatchObject({ status: "5.1.1", recipient: CATW_ADDRESS });
    expect(detail.dispatches[0].bounce.diagnostic).toContain("User unknown");
    const event = detail.events.find((e: { action: string }) => e.action === "bounce_received");
    expect(event.detail).toMatchObject({ bounceStatus: "5.1.1", bounceRecipient: CATW_ADDRESS });
  });

  it("a delayed DSN is not a failure", async () => {
    const r = await sentRequest();
    const row = await viaWebhook(
      dsn(r, { action: "delayed", status: "4.4.7", diagnostic: "451 4.4.7 still trying" }),
    );
    expect(row.needs_review).toBe(false);
    const detail = await detailOf(r.id);
    expect(detail.status).toBe("sent");
    expect(detail.dispatches[0]).toMatchObject({ status: "sent", bounce: null });
    expect(await actionsOf(r.id)).toContain("delivery_delayed");
  });
});

describe("what the clerk reads", () => {
  it("over SMTP, a decline written after the quote is kept and suggested as declined", async () => {
    const r = await sentRequest();
    const row = await viaSmtp(
      mail({
        body: [
          "Kính gửi đồng chí,",
          "Vào Th 5, 5 thg 3, 2026 lúc 10:00 phoihop <phoihop@phoihop.example> đã viết:",
          "> Đề nghị cử 02 đồng chí tham gia Đoàn kiểm tra.",
          "Chúng tôi không thể cử cán bộ tham gia đợt này.",
        ].join("\r\n"),
      }),
      [replyTo(r)],
    );
    expect(row.stripped_text).toBe("Kính gửi đồng chí,\nChúng tôi không thể cử cán bộ tham gia đợt này.");
    expect(row.suggestion.suggestion).toBe("declined");
  });

  it("through the webhook, names in a bulleted list are read; a request for more information is needs_info", async () => {
    const accepted = await sentRequest();
    const a = await viaWebhook(
      mail({
        to: replyTo(accepted),
        body: "Ủy ban cử 02 đồng chí tham gia:\r\n- Đồng chí Nguyễn Văn An, Phó Trưởng phòng\r\n- Đồng chí Lê Thị Bình, chuyên viên",
      }),
    );
    expect(a.suggestion).toMatchObject({
      suggestion: "accepted",
      staffNames: ["Nguyễn Văn An", "Lê Thị Bình"],
    });
    const asking = await sentRequest();
    const b = await viaWebhook(
      mail({ to: replyTo(asking), body: "Đề nghị đồng chí cho biết thêm thời gian làm việc của Đoàn." }),
    );
    expect(b.suggestion.suggestion).toBe("needs_info");
  });
});
