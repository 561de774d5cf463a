// The letter e-mail carries the PDF (and the .docx when the committee's registry setting
// asks for it), and a download says which side downloaded. Real LibreOffice pool, real SMTP peer on loopback.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLibreOffice } from "../../src/documents/pdf/pdf-converter.js";
import { eventLabel } from "../../src/web/request-labels.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.js";

const found = await findLibreOffice();
const describeWithOffice = "reason" in found ? describe.skip : describe;
if ("reason" in found)
  console.warn(`test/integration/letter-mail-pdf.test.ts: PDF part skipped: ${found.reason}`);

let smtp: SmtpSink;
let h: Harness;
let clerk: string;
let counterpart: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  h = await createHarness({ queue: "redis", smtpUrl: smtp.url, workers: true, pdf: !("reason" in found) });
  clerk = await h.token("NGHE-AN", ["clerk", "approver"]);
  counterpart = await h.token("CATW", ["clerk"]);
}, 120_000);
afterAll(async () => {
  await h.close();
  await smtp.close();
});

async function sent() {
  const created = await json(
    await h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody() }),
  );
  await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerk });
  const approved = await h.call("POST", `/v1/requests/${created.id}/approve`, { token: clerk });
  expect(approved.status, await approved.clone().text()).toBe(200);
  const detail = await eventually(async () => {
    const d = await json(await h.call("GET", `/v1/requests/${created.id}`, { token: clerk }));
    return d.status === "sent" ? d : undefined;
  }, 60_000);
  return { id: created.id, detail };
}

const mailOf = (messageId: string) => smtp.received.find((m) => m.parsed.messageId === messageId)!;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describeWithOffice("the letter e-mail carries the PDF", () => {
  it("attaches the stored PDF, byte for byte, and not the .docx by default", async () => {
    const { detail } = await sent();
    const mail = mailOf(detail.messages[0].messageId);
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [detail.documents[0].filename.replace(/\.docx$/, ".pdf"), "application/pdf"],
    ]);
    const stored = await h.call("GET", `/v1/documents/${detail.documents[0].id}.pdf`, { token: clerk });
    expect(sha(mail.parsed.attachments[0]!.content)).toBe(sha(Buffer.from(await stored.arrayBuffer())));
  });

  it("adds the .docx when the issuing committee's registry entry says so", async () => {
    const admin = await h.token("NGHE-AN", ["admin"]);
    const res = await h.call("PATCH", "/v1/committees/NGHE-AN", { token: admin, body: { attachDocx: true } });
    expect(res.status, await res.clone().text()).toBe(200);
    const { detail } = await sent();
    const mail = mailOf(detail.messages[0].messageId);
    expect(mail.parsed.attachments.map((a) => a.contentType).sort()).toEqual(
      ["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"].sort(),
    );
    await h.call("PATCH", "/v1/committees/NGHE-AN", { token: admin, body: { attachDocx: false } });
  });

  it("refuses a setting that is not a boolean, naming the field", async () => {
    const admin = await h.token("NGHE-AN", ["admin"]);
    const body = await json(
      await h.call("PATCH", "/v1/committees/NGHE-AN", { token: admin, body: { attachDocx: "có" } }),
    );
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details[0].field).toBe("attachDocx");
  });
});

describeWithOffice("the preview as PDF", () => {
  it("is the letter as it will be issued, marked DỰ THẢO with the number blank", async () => {
    const created = await json(
      await h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody() }),
    );
    const res = await h.call("GET", `/v1/requests/${created.id}/preview.pdf`, { token: clerk });
    expect(res.status, await res.clone().text()).toBe(200);
    const out = spawnSync("pdftotext", ["-layout", "-enc", "UTF-8", "-", "-"], {
      input: Buffer.from(await res.arrayBuffer()),
      encoding: "utf8",
    }).stdout.normalize("NFC");
    expect(out).toContain("DỰ THẢO");
    expect(out).toMatch(/Số\s+-CV\/UBKTTU/);
    expect(out).toContain("Nguyễn Văn Kiểm");
    const stored = await h.db.query("select count(*)::int as n from documents where request_id = $1", [
      created.id,
    ]);
    expect(stored.rows[0].n).toBe(0);
  });
});

describe("download events say who downloaded", () => {
  it("labels the sender's and the receiver's downloads apart", async () => {
    const created = await json(
      await h.call("POST", "/v1/requests", {
        token: clerk,
        body: staffSecondmentBody({ classification: "mat" }),
      }),
    );
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerk });
    await h.call("POST", `/v1/requests/${created.id}/approve`, { token: clerk });
    const issued = await eventually(async () => {
      const d = await json(await h.call("GET", `/v1/requests/${created.id}`, { token: clerk }));
      return d.status === "issued" ? d : undefined;
    }, 60_000);
    const doc = issued.documents[0].id;
    expect((await h.call("GET", `/v1/documents/${doc}`, { token: clerk })).status).toBe(200);
    expect((await h.call("GET", `/v1/documents/${doc}`, { token: counterpart })).status).toBe(200);
    const detail = await json(await h.call("GET", `/v1/requests/${created.id}`, { token: clerk }));
    const reads = detail.events.filter((e: { action: string }) => e.action === "document_read");
    expect(reads.map((e: { detail: { side: string } }) => e.detail.side)).toEqual(["sender", "receiver"]);
    expect(reads.map((e: Parameters<typeof eventLabel>[0]) => eventLabel(e, detail.from))).toEqual([
      "Bên gửi đã tải văn bản",
      "Bên nhận đã tải văn bản",
    ]);
  });
});
