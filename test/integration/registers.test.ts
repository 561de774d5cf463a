import ExcelJS from "exceljs";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailSettings } from "../../src/config.js";
import { withTransaction } from "../../src/db/db.js";
import { findRequest } from "../../src/db/queries/requests.js";
import { registerLettersReceived } from "../../src/registers/incoming.js";
import { replyPolicyFor, replySchedule } from "../../src/domain/reply-policy.js";
import { dateInVietnam, isoDate } from "../../src/domain/vn-format.js";
import { createCalendar } from "../../src/domain/working-days.js";
import { sweepReminders } from "../../src/mail/remind.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { letterDocx, pdfOf, unreadablePdf } from "../support/office-files.js";
import { staffSecondmentBody } from "../support/samples.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.js";

let smtp: SmtpSink;
let h: Harness;
let clerk: string;
let approver: string;
let catwClerk: string;
let catwAdmin: string;
let gateway: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  h = await createHarness({ queue: "redis", smtpUrl: smtp.url, workers: true });
  clerk = await h.token("NGHE-AN", ["clerk"]);
  approver = await h.token("NGHE-AN", ["approver"]);
  catwClerk = await h.token("CATW", ["clerk"]);
  catwAdmin = await h.token("CATW", ["admin", "clerk"]);
  gateway = await h.token("CATW", ["mail_gateway"]);
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});

async function fileAndApprove(body = staffSecondmentBody()): Promise<string> {
  const created = await json(await h.call("POST", "/v1/requests", { token: clerk, body }));
  expect(created.id, JSON.stringify(created)).toBeTruthy();
  expect((await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerk })).status).toBe(200);
  const approved = await h.call("POST", `/v1/requests/${created.id}/approve`, { token: approver });
  expect(approved.status, await approved.clone().text()).toBe(200);
  return created.id;
}

const detailOf = async (id: string, token = clerk) =>
  json(await h.call("GET", `/v1/requests/${id}`, { token }));
const whenStatus = (id: string, status: string) =>
  eventually(async () => {
    const d = await detailOf(id);
    return d.status === status ? d : undefined;
  });

async function postMime(raw: Buffer) {
  const res = await h.call("POST", "/v1/inbound/mime", {
    token: gateway,
    body: new Uint8Array(raw),
    headers: { "content-type": "message/rfc822" },
  });
  expect(res.status, await res.clone().text()).toBe(202);
  return (await json(res)).id as string;
}

const compose = (opts: ConstructorParameters<typeof MailComposer>[0]) =>
  new MailComposer(opts).compile().build();

let sentId: string;

describe("sổ văn bản đi and the counterpart's sổ văn bản đến through phoihop", () => {
  it("lists an issued, e-mailed letter in the issuer's register and numbers it in the recipient's", async () => {
    sentId = await fileAndApprove();
    const detail = await whenStatus(sentId, "sent");
    const doc = detail.documents[0];
    const out = await json(await h.call("GET", "/v1/registers/outgoing", { token: clerk }));
    const row = out.items.find((r: { documentId: string }) => r.documentId === doc.id);
    expect(row, JSON.stringify(out)).toMatchObject({
      symbol: doc.symbol,
      issuedOn: "2026-03-05",
      type: "Công văn",
      subject: detail.subject,
      method: "Thư điện tử",
      reference: detail.reference,
      marks: "",
      links: { request: `/v1/requests/${sentId}`, file: `/v1/documents/${doc.id}.docx` },
    });
    expect(row.recipients).toBe("Ủy ban Kiểm tra Đảng ủy Công an Trung ương; Thường trực Tỉnh ủy");
    expect(row.signer).toMatch(/\S/);
    expect(row.state).toMatch(/^Thư đã gửi/);
    expect(row.delivery.deadlineAt).toBeTruthy();

    const incoming = await json(await h.call("GET", "/v1/registers/incoming", { token: catwClerk }));
    const entry = incoming.items.find((e: { documentId: string }) => e.documentId === doc.id);
    expect(entry, JSON.stringify(incoming)).toMatchObject({
      number: 1,
      year: 2026,
      receivedOn: "2026-03-05",
      symbol: doc.symbol,
      issuedOn: "2026-03-05",
      issuer: "Ủy ban Kiểm tra Tỉnh ủy Nghệ An",
      summary: detail.subject,
      source: "Qua hệ thống phối hợp",
      reference: detail.reference,
      issuerCode: "NGHE-AN",
    });
    // Another committee's registers hold none of it.
    const outsider = await h.token("HA-NOI", ["clerk"]);
    expect((await json(await h.call("GET", "/v1/registers/outgoing", { token: outsider }))).items).toEqual(
      [],
    );
    expect((await json(await h.call("GET", "/v1/registers/incoming", { token: outsider }))).items).toEqual(
      [],
    );
  });

  it("filters by period, type, counterpart and secrecy, and refuses bad filters naming the field", async () => {
    const base = "/v1/registers/outgoing";
    const n = async (q: string) =>
      (await json(await h.call("GET", `${base}?${q}`, { token: clerk }))).items.length;
    expect(await n("from=2026-03-05&to=2026-03-05")).toBeGreaterThan(0);
    expect(await n("from=2026-03-06")).toBe(0);
    expect(await n("type=KH")).toBe(0);
    expect(await n("type=CV")).toBeGreaterThan(0);
    expect(await n("counterpart=HA-NOI")).toBe(0);
    expect(await n("counterpart=CATW")).toBeGreaterThan(0);
    expect(await n("classification=mat")).toBe(0);
    const bad = await h.call("GET", `${base}?counterpart=NOPE`, { token: clerk });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.details[0].field).toBe("counterpart");
    // q= on the registers and on the outbox: words without their diacritics.
    expect(await n("q=de%20nghi%20cu%20can%20bo")).toBeGreaterThan(0);
    expect(await n("q=thong%20bao%20ket%20luan")).toBe(0);
    const outbox = async (q: string) =>
      (await json(await h.call("GET", `/v1/outbox?q=${encodeURIComponent(q)}`, { token: clerk }))).items
        .length;
    expect(await outbox("de nghi cu can bo")).toBeGreaterThan(0);
    expect(await outbox("thong bao ket luan")).toBe(0);
    const badDates = await h.call("GET", `${base}?from=2026-03-09&to=2026-03-01`, { token: clerk });
    expect((await json(badDates)).error.details[0].field).toBe("query.to");
  });
});

describe("a letter registered on paper before phoihop delivers it", () => {
  it("keeps the clerk's entry and its số đến, and links the document to it", async () => {
    const id = await fileAndApprove();
    const detail = await whenStatus(id, "sent");
    const doc = detail.documents[0];
    // Stage it: the recipient's clerk typed the paper copy in first (the automatic entry is not there yet).
    await h.db.query("delete from received_documents where document_id = $1", [doc.id]);
    const paper = await json(
      await h.call("POST", "/v1/registers/incoming", {
        token: catwClerk,
        body: {
          symbol: doc.symbol,
          issuedOn: "2026-03-05",
          issuerName: "Ủy ban Kiểm tra Tỉnh ủy Nghệ An",
          delivery: "post",
        },
      }),
    );
    expect(paper.number, JSON.stringify(paper)).toBeGreaterThan(0);
    const request = (await findRequest(h.db, id))!;
    const ids = await withTransaction(h.db, (tx) =>
      registerLettersReceived(tx, request, {
        receivedAt: new Date("2026-03-05T03:00:00Z"),
        delivery: "email",
      }),
    );
    expect(ids).toEqual([paper.id]);
    const { rows } = await h.db.query(
      "select number, document_id, request_id from received_documents where id = $1",
      [paper.id],
    );
    expect(rows[0]).toEqual({ number: paper.number, document_id: doc.id, request_id: id });
  });
});

describe("a MẬT letter carried by hand", () => {
  let id: string;
  it("is withheld from e-mail, and its hand-over starts the answer deadline and the register entries", async () => {
    id = await fileAndApprove(staffSecondmentBody({ classification: "mat" }));
    await eventually(async () =>
      (await detailOf(id)).events.some((e: { action: string }) => e.action === "mail_withheld"),
    );
    const before = await json(
      await h.call("GET", "/v1/registers/outgoing?classification=mat", { token: clerk }),
    );
    expect(before.items[0]).toMatchObject({
      marks: "MẬT",
      delivery: { method: "pending_handover", handover: null },
    });
    expect(before.items[0].state).toMatch(/^Chờ bàn giao/);

    const handedOverAt = "2026-03-05T02:30:00+07:00";
    const tooEarly = await h.call("POST", `/v1/requests/${id}/handover`, {
      token: clerk,
      body: {
        method: "courier",
        carriedBy: "Lê Văn Tâm",
        receivedBy: "Phạm Thị Hoa",
        handedOverAt: "2027-01-01T00:00:00Z",
      },
    });
    expect(tooEarly.status).toBe(400);
    expect((await json(tooEarly)).error.details[0].field).toBe("handedOverAt");
    const beforeIssue = await h.call("POST", `/v1/requests/${id}/handover`, {
      token: clerk,
      body: { method: "courier", carriedBy: "A", receivedBy: "B", handedOverAt: "2026-03-01T09:00:00+07:00" },
    });
    expect(beforeIssue.status).toBe(400);
    expect((await json(beforeIssue)).error.details[0].field).toBe("handedOverAt");
    const missing = await h.call("POST", `/v1/requests/${id}/handover`, {
      token: clerk,
      body: { method: "courier", receivedBy: "Phạm Thị Hoa", handedOverAt },
    });
    expect((await json(missing)).error.details[0].field).toBe("carriedBy");
    const counterpart = await h.call("POST", `/v1/requests/${id}/handover`, {
      token: catwClerk,
      body: { method: "courier", carriedBy: "A", receivedBy: "B", handedOverAt },
    });
    expect(counterpart.status).toBe(403);

    const res = await h.call("POST", `/v1/requests/${id}/handover`, {
      token: clerk,
      body: {
        method: "courier",
        carriedBy: "Lê Văn Tâm",
        receivedBy: "Phạm Thị Hoa",
        handedOverAt,
        receiptNumber: "GL-0042",
      },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const expected = replySchedule(
      replyPolicyFor("staff_secondment"),
      new Date(handedOverAt),
      createCalendar(),
    );
    expect((await json(res)).deadlineAt).toBe(expected.deadlineAt.toISOString());

    const detail = await detailOf(id);
    expect(detail.status).toBe("sent");
    expect(detail.messages).toEqual([]);
    expect(detail.dispatches[0]).toMatchObject({ status: "sent" });
    const { rows } = await h.db.query(
      "select sent_at, deadline_at, next_reminder_at from dispatches where request_id = $1",
      [id],
    );
    expect(rows[0].sent_at.toISOString()).toBe(new Date(handedOverAt).toISOString());
    expect(rows[0].deadline_at.toISOString()).toBe(expected.deadlineAt.toISOString());
    expect(rows[0].next_reminder_at.toISOString()).toBe(expected.steps[0]!.at.toISOString());
    expect(detail.events.at(-1)).toMatchObject({ action: "handed_over", toStatus: "sent" });

    const out = await json(
      await h.call("GET", "/v1/registers/outgoing?classification=mat", { token: clerk }),
    );
    expect(out.items[0]).toMatchObject({ method: "Giao liên (đường công văn mật)" });
    expect(out.items[0].state).toContain("Lê Văn Tâm giao, Phạm Thị Hoa nhận, biên nhận số GL-0042");
    const incoming = await json(
      await h.call("GET", "/v1/registers/incoming?classification=mat", { token: catwClerk }),
    );
    expect(incoming.items[0]).toMatchObject({
      marks: "MẬT",
      delivery: "Giao liên",
      receivedOn: "2026-03-05",
    });

    const again = await h.call("POST", `/v1/requests/${id}/handover`, {
      token: clerk,
      body: { method: "by_hand", carriedBy: "A", receivedBy: "B", handedOverAt },
    });
    expect(again.status).toBe(409);
    expect((await json(again)).error.details[0].field).toBe("handedOverAt");
  });

  it("has its reminders and escalation told to its own clerks, never e-mailed", async () => {
    const later = fixedClock("2026-03-30T03:00:00Z");
    const deps = { db: h.db, clock: later, calendar: createCalendar(), mail: mailSettings(h.cfg) };
    // Three reminders and the escalation are all due by then; a sweep takes one step per dispatch.
    for (let i = 0; i < 5; i++) await sweepReminders(deps);
    const detail = await detailOf(id);
    const due = detail.events.filter((e: { action: string }) => e.action === "reminder_due_classified");
    expect(due.map((e: { detail: { purpose: string } }) => e.detail.purpose)).toEqual([
      "reminder",
      "reminder",
      "reminder",
      "escalation",
    ]);
    const { rows } = await h.db.query(
      `select (select count(*)::int from outbound_messages where request_id = $1) as n,
              (select escalated_at from dispatches where request_id = $1) as escalated`,
      [id],
    );
    expect(rows[0].n).toBe(0);
    expect(rows[0].escalated).not.toBeNull();
  });

  it("refuses a hand-over for a letter that is e-mailed", async () => {
    const res = await h.call("POST", `/v1/requests/${sentId}/handover`, {
      token: clerk,
      body: { method: "by_hand", carriedBy: "A", receivedBy: "B", handedOverAt: "2026-03-05T01:00:00Z" },
    });
    expect(res.status).toBe(409);
    expect((await json(res)).error.details[0].field).toBe("classification");
  });
});

describe("letters received by mail", () => {
  it("proposes the fields of a DOCX attached to a reply, and registers it with the next số đến", async () => {
    const detail = await detailOf(sentId);
    const token = (await h.db.query("select token from dispatches where request_id = $1", [sentId])).rows[0]
      .token;
    const letter = await letterDocx([
      "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG",
      "ỦY BAN KIỂM TRA",
      "*",
      "Số 07-CV/UBKTTW",
      "V/v cử cán bộ tham gia Đoàn kiểm tra",
      "ĐẢNG CỘNG SẢN VIỆT NAM",
      "Hà Nội, ngày 10 tháng 3 năm 2026",
      "Kính gửi: Ủy ban Kiểm tra Tỉnh ủy Nghệ An.",
    ]);
    await postMime(
      await compose({
        from: "ubkt-catw@uy-ban-kiem-tra.example",
        to: `reply+${token}@phoihop.example`,
        subject: `Re: [${detail.reference}] V/v đề nghị cử cán bộ`,
        text: "Đồng ý cử cán bộ, xin gửi kèm công văn.",
        attachments: [{ filename: "07-CV-UBKTTW.docx", content: letter }],
      }),
    );
    await whenStatus(sentId, "responded");
    const pending = await json(await h.call("GET", "/v1/registers/incoming/pending", { token: clerk }));
    const item = pending.items.find((p: { requestId: string }) => p.requestId === sentId);
    expect(item, JSON.stringify(pending)).toMatchObject({
      source: "reply_attachment",
      reference: detail.reference,
      proposal: {
        readable: true,
        symbol: "07-CV/UBKTTW",
        issuedOn: "2026-03-10",
        issuerName: "ỦY BAN KIỂM TRA ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG",
        summary: "cử cán bộ tham gia Đoàn kiểm tra",
      },
    });
    const res = await h.call("POST", "/v1/registers/incoming", {
      token: clerk,
      body: {
        attachmentId: item.attachmentId,
        symbol: item.proposal.symbol,
        issuedOn: item.proposal.issuedOn,
        issuerName: "Ủy ban Kiểm tra Đảng ủy Công an Trung ương",
        summary: item.proposal.summary,
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const entry = await json(res);
    expect(entry).toMatchObject({
      number: 1,
      source: "Kèm thư trả lời",
      requestId: sentId,
      issuerCode: "CATW",
    });
    // Registered once: the attachment leaves the pending list, and the same letter again is a duplicate.
    const after = await json(await h.call("GET", "/v1/registers/incoming/pending", { token: clerk }));
    expect(after.items.some((p: { attachmentId: string }) => p.attachmentId === item.attachmentId)).toBe(
      false,
    );
    const dup = await h.call("POST", "/v1/registers/incoming", {
      token: clerk,
      body: {
        symbol: "07-CV/UBKTTW",
        issuedOn: "2026-03-10",
        issuerName: "Ủy ban Kiểm tra Đảng ủy Công an Trung ương",
      },
    });
    expect(dup.status).toBe(409);
    expect((await json(dup)).error.details[0].field).toBe("symbol");
    // The counterpart cannot register the filing committee's reply attachments.
    const foreign = await h.call("POST", "/v1/registers/incoming", {
      token: catwClerk,
      body: { attachmentId: item.attachmentId, symbol: "1-CV/X", issuerName: "X" },
    });
    expect(foreign.status).toBe(404);
    expect((await json(foreign)).error.details[0].field).toBe("attachmentId");
  });

  it("registers a PDF arriving as new mail (the central operators' triage), and an unreadable PDF by hand", async () => {
    const pdf = await pdfOf(
      await letterDocx([
        "TỈNH ỦY ĐỒNG THÁP",
        "ỦY BAN KIỂM TRA",
        "Số 21-CV/UBKTTU",
        "V/v trao đổi thông tin về tổ chức đảng",
        "Đồng Tháp, ngày 02 tháng 3 năm 2026",
      ]),
    );
    await postMime(
      await compose({
        from: "vanthu@dong-thap.example",
        to: "phoihop@phoihop.example",
        subject: "Công văn trao đổi thông tin",
        text: "Kính gửi Ủy ban Kiểm tra, xin gửi công văn.",
        attachments: [
          { filename: "21-CV.pdf", content: pdf },
          { filename: "scan.pdf", content: unreadablePdf() },
        ],
      }),
    );
    const pending = await eventually(async () => {
      const p = await json(await h.call("GET", "/v1/registers/incoming/pending", { token: catwAdmin }));
      return p.items.length >= 2 ? p : undefined;
    });
    const readable = pending.items.find((p: { filename: string }) => p.filename === "21-CV.pdf");
    expect(readable).toMatchObject({
      source: "new_mail",
      proposal: {
        readable: true,
        symbol: "21-CV/UBKTTU",
        issuedOn: "2026-03-02",
        summary: "trao đổi thông tin về tổ chức đảng",
      },
    });
    const scan = pending.items.find((p: { filename: string }) => p.filename === "scan.pdf");
    expect(scan.proposal).toEqual({
      readable: false,
      symbol: null,
      issuedOn: null,
      issuerName: null,
      summary: null,
    });
    // New mail is not every clerk's to see.
    const clerkView = await json(await h.call("GET", "/v1/registers/incoming/pending", { token: catwClerk }));
    expect(clerkView.items.some((p: { attachmentId: string }) => p.attachmentId === scan.attachmentId)).toBe(
      false,
    );

    const typed = await h.call("POST", "/v1/registers/incoming", {
      token: catwAdmin,
      body: {
        attachmentId: scan.attachmentId,
        symbol: "22-CV/UBKTTU",
        issuedOn: "2026-03-03",
        issuerName: "Ủy ban Kiểm tra Tỉnh ủy Đồng Tháp",
        summary: "bản chụp",
        delivery: "email",
      },
    });
    expect(typed.status, await typed.clone().text()).toBe(201);
    // A letter that came as new mail is linked to the request it concerns (or the one filed because of it).
    const entryId = (await json(typed.clone())).id;
    const reference = (await detailOf(sentId)).reference;
    const unknown = await h.call("POST", `/v1/registers/incoming/${entryId}/link`, {
      token: catwAdmin,
      body: { reference: "PH-2026-9999" },
    });
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error.details[0].field).toBe("reference");
    const linked = await h.call("POST", `/v1/registers/incoming/${entryId}/link`, {
      token: catwAdmin,
      body: { reference },
    });
    expect(linked.status, await linked.clone().text()).toBe(200);
    expect(await json(linked)).toMatchObject({ requestId: sentId, reference });
    const twice = await h.call("POST", `/v1/registers/incoming/${entryId}/link`, {
      token: catwAdmin,
      body: { reference },
    });
    expect(twice.status).toBe(409);
    const notOurs = await h.call("POST", `/v1/registers/incoming/${entryId}/link`, {
      token: clerk,
      body: { reference },
    });
    expect(notOurs.status).toBe(404);
    // Ngày đến is the day the mail arrived (Hà Nội time).
    const arrived = isoDate(dateInVietnam(new Date(scan.receivedAt)));
    expect(await json(typed)).toMatchObject({
      source: "Thư mới",
      symbol: "22-CV/UBKTTU",
      receivedOn: arrived,
    });
  });

  it("gives concurrent registrations distinct consecutive numbers", async () => {
    const token = await h.token("HUE", ["clerk"]);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        h.call("POST", "/v1/registers/incoming", {
          token,
          body: {
            symbol: `${i + 1}-CV/UBKTTU`,
            issuedOn: "2026-03-01",
            issuerName: "Ủy ban Kiểm tra Tỉnh ủy Quảng Trị",
            delivery: "post",
          },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
    const list = await json(await h.call("GET", "/v1/registers/incoming?limit=100", { token }));
    expect(list.items.map((e: { number: number }) => e.number)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });
});

describe("the API description", () => {
  it("documents the registers, hand-over, attachments and search", async () => {
    const spec = await json(await h.call("GET", "/openapi.json"));
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/v1/registers/outgoing",
        "/v1/registers/incoming",
        "/v1/registers/outgoing/export",
        "/v1/registers/incoming/pending",
        "/v1/requests/{id}/handover",
        "/v1/requests/{id}/attachments",
        "/v1/attachments/{id}",
        "/v1/search",
      ]),
    );
  });
});

describe("export", () => {
  it("writes the sổ văn bản đi as .xlsx that exceljs reads back cell by cell", async () => {
    const res = await h.call("GET", "/v1/registers/outgoing/export?format=xlsx", { token: clerk });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const rows = (await json(await h.call("GET", "/v1/registers/outgoing", { token: clerk }))).items;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell("A1").value).toBe("Sổ văn bản đi — NGHE-AN");
    const headers = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(headers).toEqual([
      "Số",
      "Số và ký hiệu",
      "Ngày văn bản",
      "Loại văn bản",
      "Trích yếu nội dung",
      "Người ký",
      "Nơi nhận",
      "Độ mật, độ khẩn",
      "Cách gửi",
      "Tình trạng chuyển giao",
      "Mã yêu cầu",
    ]);
    expect(sheet.rowCount).toBe(2 + rows.length);
    for (const [i, r] of rows.entries()) {
      const row = sheet.getRow(3 + i);
      expect(row.getCell(1).value).toBe(r.number);
      expect(row.getCell(2).value).toBe(r.symbol);
      const date = row.getCell(3).value as Date;
      expect(date).toBeInstanceOf(Date);
      expect(date.toISOString().slice(0, 10)).toBe(r.issuedOn);
      expect(row.getCell(3).numFmt).toBe("dd/mm/yyyy");
      expect(row.getCell(4).value).toBe(r.type);
      expect(row.getCell(5).value).toBe(r.subject);
      expect(row.getCell(6).value).toBe(r.signer);
      expect(row.getCell(7).value).toBe(r.recipients);
      expect(row.getCell(8).value ?? "").toBe(r.marks);
      expect(row.getCell(9).value).toBe(r.method);
      expect(row.getCell(10).value).toBe(r.state);
      expect(row.getCell(11).value).toBe(r.reference);
    }
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToWidth: 1 });
    const width = sheet.columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
    expect(width).toBeLessThanOrEqual(190);
  });

  it("writes the sổ văn bản đến as .csv with dd/mm/yyyy dates and quoted cells", async () => {
    const res = await h.call("GET", "/v1/registers/incoming/export?format=csv", { token: catwClerk });
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.startsWith("Số đến,Ngày đến,Cơ quan ban hành,Số và ký hiệu")).toBe(true);
    const lines = text.trim().split("\r\n");
    expect(lines[1]).toMatch(/^1,05\/03\/2026,Ủy ban Kiểm tra Tỉnh ủy Nghệ An,\d+-CV\/UBKTTU,05\/03\/2026,/);
  });
});
