import PizZip from "pizzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.js";

let smtp: SmtpSink;
let h: Harness;
let clerk: string;
let approver: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  h = await createHarness({ queue: "redis", smtpUrl: smtp.url, workers: true });
  await h.db.query(
    `update committee_versions set signer_name = 'Nguyễn Văn Hùng' where committee_id = (select id from committees where code = 'NGHE-AN')`,
  );
  clerk = await h.token("NGHE-AN", ["clerk"]);
  approver = await h.token("NGHE-AN", ["approver"]);
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});

async function fileAndApprove(
  token = clerk,
  approve = approver,
  body = staffSecondmentBody(),
): Promise<string> {
  const created = await json(await h.call("POST", "/v1/requests", { token, body }));
  expect(created.id, JSON.stringify(created)).toBeTruthy();
  expect((await h.call("POST", `/v1/requests/${created.id}/submit`, { token })).status).toBe(200);
  const approved = await h.call("POST", `/v1/requests/${created.id}/approve`, { token: approve });
  expect(approved.status, await approved.clone().text()).toBe(200);
  return created.id;
}

async function requestWhen(id: string, status: string) {
  return eventually(async () => {
    const detail = await json(await h.call("GET", `/v1/requests/${id}`, { token: clerk }));
    return detail.status === status ? detail : undefined;
  });
}

describe("a staff-secondment request becomes a letter in the counterpart's mailbox", () => {
  it("goes from POST /v1/requests to the SMTP server with the letter attached", async () => {
    const id = await fileAndApprove();
    const detail = await requestWhen(id, "sent");
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual([
      "created",
      "submit",
      "approve",
      "issued",
      "sent",
    ]);
    const [doc] = detail.documents;
    const [message] = detail.messages;
    expect(message).toMatchObject({ status: "sent", toAddress: "ubkt-catw@uy-ban-kiem-tra.example" });
    expect(message.smtpResponse).toContain("250");

    const mail = smtp.received.find((m) => m.parsed.messageId === message.messageId);
    expect(mail, "message received by the SMTP server").toBeDefined();
    expect(mail!.envelopeTo).toEqual(["ubkt-catw@uy-ban-kiem-tra.example"]);
    expect(mail!.parsed.subject).toBe(`[${detail.reference}] V/v đề nghị cử cán bộ tham gia Đoàn kiểm tra`);
    expect(mail!.parsed.headers.get("x-auto-response-suppress")).toBe("DR, RN, NRN, AutoReply");
    expect(mail!.parsed.headers.has("auto-submitted")).toBe(false);
    expect(mail!.parsed.text).toContain("Kính gửi: Ủy ban Kiểm tra Đảng ủy Công an Trung ương.");
    expect(mail!.parsed.text).toContain(`Công văn số ${doc.symbol} ngày 05/3/2026`);

    const attachment = mail!.parsed.attachments[0]!;
    expect(attachment.filename).toBe(doc.filename);
    const xml = new PizZip(attachment.content).file("word/document.xml")!.asText();
    expect(xml).toContain(`Số ${doc.symbol}`);
    expect(doc.symbol).toMatch(/^\d{2,}-CV\/UBKTTU$/);
    expect(xml).toContain("Nghệ An, ngày 05 tháng 3 năm 2026");
    expect(xml).toContain("Ủy ban Kiểm tra Đảng ủy Công an Trung ương.");
    expect(xml).toContain("Nguyễn Văn Hùng");
    expect(xml).toContain("T/M ỦY BAN KIỂM TRA");
    expect(xml).toContain("TỈNH ỦY NGHỆ AN");

    // The stored document is what was sent, and its hash is recorded.
    const download = await h.call("GET", doc.download, { token: clerk });
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.equals(attachment.content)).toBe(true);
    const { createHash } = await import("node:crypto");
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(doc.sha256);
    const after = await json(await h.call("GET", `/v1/requests/${id}`, { token: clerk }));
    expect(after.events.at(-1)).toMatchObject({ action: "document_read" });

    // The counterpart may read the issued letter; a third committee sees neither the letter nor the e-mail.
    const counterpart = await h.token("CATW", ["auditor"]);
    expect((await h.call("GET", doc.download, { token: counterpart })).status).toBe(200);
    const outsider = await h.token("HA-NOI", ["admin", "clerk", "approver", "auditor"]);
    expect((await h.call("GET", doc.download, { token: outsider })).status).toBe(404);
    expect((await h.call("GET", `/v1/outbox/${message.id}.eml`, { token: outsider })).status).toBe(404);
    expect((await h.call("GET", `/v1/outbox/${message.id}.eml`, { token: counterpart })).status).toBe(404);
    const eml = await h.call("GET", `/v1/outbox/${message.id}.eml`, { token: clerk });
    expect(eml.status).toBe(200);
    expect(Buffer.from(await eml.arrayBuffer()).equals(mail!.raw)).toBe(true);
    const outsiderOutbox = await json(await h.call("GET", "/v1/outbox", { token: outsider }));
    expect(outsiderOutbox.items).toEqual([]);
    expect((await h.call("GET", "/v1/outbox", {})).status).toBe(401);
    expect((await h.call("GET", "/v1/outbox/not-an-id.eml", { token: clerk })).status).toBe(400);
  });

  it("gives 50 parallel approvals 50 distinct consecutive numbers", async () => {
    const token = await h.token("THANH-HOA", ["clerk", "approver"]);
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await json(await h.call("POST", "/v1/requests", { token, body: staffSecondmentBody() }));
      await h.call("POST", `/v1/requests/${r.id}/submit`, { token });
      ids.push(r.id);
    }
    const results = await Promise.all(
      ids.map((id) => h.call("POST", `/v1/requests/${id}/approve`, { token })),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
    const { rows } = await h.db.query<{ number: number }>(
      `select d.number from documents d join committees c on c.id = d.issuer_committee_id where c.code = 'THANH-HOA' order by d.number`,
    );
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("marks a permanent 550 as delivery_failed without retrying", async () => {
    smtp.respondWith({ code: 550, message: "5.1.1 Mailbox unavailable" });
    try {
      const id = await fileAndApprove();
      const detail = await requestWhen(id, "delivery_failed");
      expect(detail.messages[0]).toMatchObject({ status: "delivery_failed", attempts: 1 });
      expect(detail.messages[0].lastError).toContain("Mailbox unavailable");
      expect(detail.events.at(-1)).toMatchObject({ action: "delivery_failed", toStatus: "delivery_failed" });
    } finally {
      smtp.respondWith("accept");
    }
  });

  it("withholds e-mail for a classified (MẬT) request and records why", async () => {
    const id = await fileAndApprove(clerk, approver, staffSecondmentBody({ classification: "mat" }));
    const detail = await requestWhen(id, "issued");
    await eventually(async () => {
      const d = await json(await h.call("GET", `/v1/requests/${id}`, { token: clerk }));
      return d.events.some((e: { action: string }) => e.action === "mail_withheld");
    });
    expect(detail.messages).toEqual([]);
    const { rows } = await h.db.query(
      "select count(*)::int as n from outbound_messages where request_id = $1",
      [id],
    );
    expect(rows[0].n).toBe(0);
  });
});
