import { createHash } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldVi } from "../../src/search/fold.js";
import { disciplineReview } from "../../src/domain/kinds/discipline-review/index.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { alteredDocx, compoundFileHeader, letterDocx, tinyPng } from "../support/office-files.js";
import { staffSecondmentBody } from "../support/samples.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.js";

let smtp: SmtpSink;
let h: Harness;
let clerk: string;
let approver: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  h = await createHarness({
    queue: "redis",
    smtpUrl: smtp.url,
    workers: true,
    env: { ATTACHMENT_MAX_FILE_BYTES: "300000", ATTACHMENT_MAX_REQUEST_BYTES: "400000" },
  });
  clerk = await h.token("NGHE-AN", ["clerk"]);
  approver = await h.token("NGHE-AN", ["approver"]);
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});

const upload = (id: string, filename: string, bytes: Buffer, token = clerk) =>
  h.call("POST", `/v1/requests/${id}/attachments?filename=${encodeURIComponent(filename)}`, {
    token,
    body: new Uint8Array(bytes),
    headers: { "content-type": "application/octet-stream" },
  });

async function draft(body: Record<string, unknown> = staffSecondmentBody(), token = clerk): Promise<string> {
  const created = await json(await h.call("POST", "/v1/requests", { token, body }));
  expect(created.id, JSON.stringify(created)).toBeTruthy();
  return created.id;
}

async function submitAndApprove(id: string) {
  expect((await h.call("POST", `/v1/requests/${id}/submit`, { token: clerk })).status).toBe(200);
  expect((await h.call("POST", `/v1/requests/${id}/approve`, { token: approver })).status).toBe(200);
}

const count = async (sql: string, params: unknown[]) => (await h.db.query(sql, params)).rows[0].n as number;

/** Every printable ASCII character, every Vietnamese letter in both cases, and a few that fold to themselves. */
const FOLD_ALPHABET = [
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
  ..."àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ",
  ..."ÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ",
  ..."ñüçß€–“”\n\t😀",
];

describe("attachments on a request", () => {
  it("go with the e-mailed letter, are downloadable by the counterpart once issued, and every download is audited", async () => {
    const id = await draft();
    const docx = await letterDocx(["Danh sách cán bộ đề nghị cử tham gia Đoàn kiểm tra"]);
    const png = tinyPng();
    // Named .jpg but a PNG: the type comes from the bytes.
    const added = await upload(id, "ảnh chụp.jpg", png);
    expect(added.status, await added.clone().text()).toBe(201);
    const meta = await json(added);
    expect(meta).toMatchObject({ contentType: "image/png", size: png.length });
    expect(meta.sha256).toBe(createHash("sha256").update(png).digest("hex"));
    expect((await upload(id, "Danh sách cán bộ.docx", docx)).status).toBe(201);

    // The counterpart and a third committee cannot see a draft's files, nor add any.
    const catw = await h.token("CATW", ["clerk", "auditor"]);
    const outsider = await h.token("HA-NOI", ["clerk"]);
    expect((await h.call("GET", meta.download, { token: catw })).status).toBe(404);
    const foreign = await upload(id, "x.png", png, outsider);
    expect(foreign.status).toBe(404);

    await submitAndApprove(id);
    const detail = await eventually(async () => {
      const d = await json(await h.call("GET", `/v1/requests/${id}`, { token: clerk }));
      return d.status === "sent" ? d : undefined;
    });
    const mail = smtp.received.find((m) => m.parsed.messageId === detail.messages[0].messageId)!;
    const files = mail.parsed.attachments.map((a) => [a.filename, a.contentType, a.content.length]);
    expect(files.slice(1)).toEqual([
      ["anh-chup.png", "image/png", png.length],
      [
        "danh-sach-can-bo.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        docx.length,
      ],
    ]);
    expect(mail.parsed.attachments[1]!.content.equals(png)).toBe(true);

    // Immutable once approved.
    const late = await upload(id, "muon.png", tinyPng());
    expect(late.status).toBe(409);
    expect((await json(late)).error.details[0].field).toBe("requestId");
    expect((await h.call("DELETE", meta.download, { token: clerk })).status).toBe(409);

    const download = await h.call("GET", meta.download, { token: catw });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
    expect((await h.call("GET", meta.download, { token: outsider })).status).toBe(404);
    const reads = await count(
      "select count(*)::int as n from request_events where request_id = $1 and action = 'attachment_read'",
      [id],
    );
    expect(reads).toBe(1);
    const listed = await json(await h.call("GET", `/v1/requests/${id}/attachments`, { token: catw }));
    expect(listed.items.map((a: { filename: string }) => a.filename)).toEqual([
      "ảnh chụp.jpg",
      "Danh sách cán bộ.docx",
    ]);
  });

  it("are never e-mailed with a classified letter", async () => {
    const id = await draft(staffSecondmentBody({ classification: "mat" }));
    expect((await upload(id, "phu-luc.png", tinyPng())).status).toBe(201);
    await submitAndApprove(id);
    await eventually(async () => {
      const d = await json(await h.call("GET", `/v1/requests/${id}`, { token: clerk }));
      return d.events.some((e: { action: string }) => e.action === "mail_withheld");
    });
    expect(await count("select count(*)::int as n from outbound_messages where request_id = $1", [id])).toBe(
      0,
    );
  });

  it("refuses spoofed, unknown, macro, encrypted, bomb and oversized files naming the field, storing nothing", async () => {
    const id = await draft();
    const bomb = await alteredDocx({
      extra: { "word/media/filler.xml": Buffer.alloc(3 * 1024 * 1024, 0x20) },
    });
    const cases: [string, Buffer, number][] = [
      ["bao-cao.pdf", Buffer.from("Đây không phải PDF, chỉ là văn bản thuần."), 415],
      ["chuong-trinh.exe", Buffer.concat([Buffer.from("MZ"), Buffer.alloc(512)]), 415],
      [
        "macro.docx",
        await alteredDocx({ macroEnabled: true, extra: { "word/vbaProject.bin": "x".repeat(64) } }),
        415,
      ],
      ["macro-hidden.docx", await alteredDocx({ extra: { "word/vbaProject.bin": "x".repeat(64) } }), 415],
      ["ma-hoa.docx", compoundFileHeader(), 415],
      ["bomb.docx", bomb, 415],
      ["lon.png", Buffer.concat([tinyPng(), Buffer.alloc(310_000)]), 413],
    ];
    for (const [name, bytes, status] of cases) {
      const res = await upload(id, name, bytes);
      const body = await json(res);
      expect(res.status, `${name}: ${JSON.stringify(body)}`).toBe(status);
      expect(body.error.details[0].field, name).toBe("file");
      expect(body.error.message).toMatch(/[À-ỹ]/);
    }
    expect(
      await count("select count(*)::int as n from request_attachments where request_id = $1", [id]),
    ).toBe(0);
    // The per-request total: two files that fit alone do not fit together.
    expect((await upload(id, "a.png", Buffer.concat([tinyPng(), Buffer.alloc(250_000)]))).status).toBe(201);
    const over = await upload(id, "b.png", Buffer.concat([tinyPng(), Buffer.alloc(200_000, 1)]));
    expect(over.status).toBe(413);
    expect((await json(over)).error.details[0].field).toBe("file");
    expect(
      await count("select count(*)::int as n from request_attachments where request_id = $1", [id]),
    ).toBe(1);
  });
});

describe("search", () => {
  let review: string;
  let secondment: string;
  beforeAll(async () => {
    // A discipline review has "kỷ luật" in its subject; a secondment only in its payload; Hà Nội has its own.
    const reviewBody = {
      kind: "discipline_review",
      to: "CATW",
      payload: structuredClone(disciplineReview.sample),
    };
    review = await draft(reviewBody);
    const body = staffSecondmentBody();
    (body.payload as { plan: { subjectMatter: string } }).plan.subjectMatter =
      "việc chấp hành kỷ luật phát ngôn của cấp ủy";
    secondment = await draft(body);
    const hanoi = await h.token("HA-NOI", ["clerk"]);
    await draft(
      { kind: "discipline_review", to: "CATW", payload: structuredClone(disciplineReview.sample) },
      hanoi,
    );
  });

  it("finds words with diacritics from a query without them, best match first, marked", async () => {
    const res = await h.call("GET", `/v1/search?q=${encodeURIComponent("ky luat")}`, { token: clerk });
    expect(res.status).toBe(200);
    const body = await json(res);
    const requests = body.items.filter((i: { kind: string }) => i.kind === "request");
    expect(requests.map((i: { id: string }) => i.id).slice(0, 2)).toEqual([review, secondment]);
    expect(requests[0].rank).toBeGreaterThan(requests[1].rank);
    const { text, highlights } = requests[1].snippet;
    expect(highlights.map(([s, e]: [number, number]) => text.slice(s, e))).toEqual(["kỷ", "luật"]);
    // The same with diacritics, with the old tone placement, and upper case.
    for (const q of ["kỷ luật", "KỶ LUẬT", "Kỷ Luat"]) {
      const other = await json(
        await h.call("GET", `/v1/search?q=${encodeURIComponent(q)}&kind=request`, { token: clerk }),
      );
      expect(other.items.map((i: { id: string }) => i.id).slice(0, 2)).toEqual([review, secondment]);
    }
    const oldTone = await json(
      await h.call("GET", `/v1/search?q=${encodeURIComponent("uỷ ban")}&kind=request`, { token: clerk }),
    );
    expect(oldTone.items.length).toBeGreaterThan(0);
  });

  it("answers only what the committee may see", async () => {
    const mine = await json(await h.call("GET", "/v1/search?q=ky%20luat&kind=request", { token: clerk }));
    const hanoi = await h.token("HA-NOI", ["clerk"]);
    const theirs = await json(await h.call("GET", "/v1/search?q=ky%20luat&kind=request", { token: hanoi }));
    expect(theirs.items).toHaveLength(1);
    expect(mine.items.some((i: { id: string }) => i.id === theirs.items[0].id)).toBe(false);
    // Drafts are the filing committee's own: the counterpart finds nothing yet.
    const catw = await h.token("CATW", ["clerk"]);
    const counterpart = await json(
      await h.call("GET", "/v1/search?q=ky%20luat&kind=request", { token: catw }),
    );
    expect(counterpart.items).toEqual([]);
    const bad = await h.call("GET", "/v1/search?q=", { token: clerk });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.details[0].field).toBe("query.q");
  });

  it("folds in SQL exactly as in the application (highlighting relies on it)", async () => {
    const samples = [
      FOLD_ALPHABET.join(""),
      ...fc.sample(
        fc.array(fc.constantFrom(...FOLD_ALPHABET), { maxLength: 40 }).map((a) => a.join("")),
        200,
      ),
    ];
    const { rows } = await h.db.query<{ f: string }>(
      "select phoihop_fold(t) as f from unnest($1::text[]) with ordinality u(t, i) order by i",
      [samples],
    );
    expect(rows.map((r) => r.f)).toEqual(samples.map(foldVi));
  });

  it("filters the requests list by q", async () => {
    const list = await json(await h.call("GET", "/v1/requests?q=Ky%20LUAT", { token: clerk }));
    expect(list.items.map((i: { id: string }) => i.id).sort()).toEqual([review, secondment].sort());
  });

  it("searches the text of issued documents", async () => {
    await submitAndApprove(review);
    const found = await eventually(async () => {
      const r = await json(await h.call("GET", "/v1/search?q=canh%20cao&kind=document", { token: clerk }));
      return r.items.length ? r : undefined;
    });
    expect(found.items[0]).toMatchObject({ kind: "document", requestId: review });
    expect(found.items[0].snippet.text.toLowerCase()).toContain("cảnh cáo");
  });
});
