// The approver sees the letter before approving it, and a letter never leaves with the
// registry's placeholder signer or address.
import PizZip from "pizzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REQUEST_KINDS } from "../../src/domain/kinds/index.js";
import type { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { signIn } from "../support/web.js";

let h: Harness;
let clerk: string;
let approver: string;

beforeAll(async () => {
  // The registry as it ships: placeholder signers and addresses everywhere.
  h = await createHarness({ queue: "postgres", placeholders: true });
  clerk = await h.token("NGHE-AN", ["clerk"]);
  approver = await h.token("NGHE-AN", ["approver"]);
});
afterAll(() => h.close());

async function submitted(body = staffSecondmentBody()): Promise<string> {
  const created = await json(await h.call("POST", "/v1/requests", { token: clerk, body }));
  expect(created.id, JSON.stringify(created)).toBeTruthy();
  expect((await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerk })).status).toBe(200);
  return created.id;
}

const documentText = (docx: ArrayBuffer) =>
  new PizZip(Buffer.from(docx))
    .file("word/document.xml")!
    .asText()
    .replace(/<[^>]+>/g, "");

const count = async (sql: string) => (await h.db.query(sql)).rows[0].n as number;

describe("preview before approval", () => {
  it("renders the letter as it will be issued, marked DỰ THẢO, number blank, nothing numbered or stored", async () => {
    const id = await submitted();
    const before = [
      await count("select count(*)::int as n from documents"),
      await count("select coalesce(sum(last_number), 0)::int as n from doc_counters"),
    ];
    const res = await h.call("GET", `/v1/requests/${id}/preview`, { token: approver });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/wordprocessingml/);
    const zip = new PizZip(Buffer.from(await res.clone().arrayBuffer()));
    const header = zip.file("word/header2.xml")!.asText();
    expect(header).toContain("DỰ THẢO");
    const text = documentText(await res.arrayBuffer());
    expect(text).toMatch(/Số \u00a0{6}-CV\/UBKTTU/);
    expect(text).toContain("Ủy ban Kiểm tra Đảng ủy Công an Trung ương");
    expect(text).toContain("(Chưa nhập người ký)");
    expect([
      await count("select count(*)::int as n from documents"),
      await count("select coalesce(sum(last_number), 0)::int as n from doc_counters"),
    ]).toEqual(before);
  });

  it("lists the drafts and the registry's gaps on the request, for the filing committee only", async () => {
    const id = await submitted();
    const detail = await json(await h.call("GET", `/v1/requests/${id}`, { token: clerk }));
    expect(detail.preview.documents).toEqual([
      expect.objectContaining({ position: 0, typeCode: "CV", docx: `/v1/requests/${id}/preview?document=0` }),
    ]);
    expect(detail.preview.registryGaps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ committee: "NGHE-AN", side: "issuer", field: "signerName" }),
        expect.objectContaining({ committee: "CATW", side: "recipient", field: "email" }),
      ]),
    );
  });

  it("refuses another committee (404) and a document the kind does not issue (404)", async () => {
    const id = await submitted();
    const other = await h.token("CATW", ["approver"]);
    const res = await h.call("GET", `/v1/requests/${id}/preview`, { token: other });
    expect(res.status).toBe(404);
    const body = await json(await h.call("GET", `/v1/requests/${id}/preview?document=3`, { token: clerk }));
    expect(body.error).toMatchObject({ code: "not_found" });
    expect(body.error.details[0].field).toBe("document");
  });

  it("answers the PDF with 503 and the reason where this process has no LibreOffice", async () => {
    const id = await submitted();
    const body = await json(await h.call("GET", `/v1/requests/${id}/preview.pdf`, { token: clerk }));
    expect(body.error.code).toBe("not_available");
    expect(body.error.message).toMatch(/\.docx/);
  });
});

describe("a letter never leaves with placeholder data", () => {
  it("refuses the approval with 409 naming what is missing, tells the admins, and writes nothing", async () => {
    const id = await submitted();
    const admin = await h.user("NGHE-AN", ["admin"], "Trần Thị Quản Trị");
    const centralAdmin = await h.user("CATW", ["admin"], "Lê Văn Trung Ương");
    const res = await h.call("POST", `/v1/requests/${id}/approve`, { token: approver });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(409);
    expect(body.error.code).toBe("registry_incomplete");
    expect(body.error.message).toMatch(/người ký/);
    const fields = body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["registry.NGHE-AN.signerName", "registry.CATW.email"]));
    const request = await json(await h.call("GET", `/v1/requests/${id}`, { token: clerk }));
    expect(request.status).toBe("submitted");
    expect(request.documents).toEqual([]);
    for (const who of [admin, centralAdmin]) {
      const feed = await json(await h.call("GET", "/v1/notifications", { token: who.token }));
      expect(
        feed.items.some((n: { title: string }) => /danh bạ còn thiếu/.test(n.title)),
        JSON.stringify(feed),
      ).toBe(true);
    }
  });

  it("shows incomplete entries in the registry, and approves once the admins have filled them", async () => {
    const id = await submitted();
    const reader = await h.token("NGHE-AN", ["clerk"]);
    const registry = await json(await h.call("GET", "/v1/committees", { token: reader }));
    const ngheAn = registry.items.find((c: { code: string }) => c.code === "NGHE-AN");
    expect(ngheAn.missing.map((m: { field: string }) => m.field)).toEqual(["signerName", "email"]);

    const ownAdmin = await h.token("NGHE-AN", ["admin"]);
    const centralAdmin = await h.token("CATW", ["admin"]);
    const patch = (token: string, code: string, body: object) =>
      h.call("PATCH", `/v1/committees/${code}`, { token, body });
    expect((await patch(ownAdmin, "NGHE-AN", { signerName: "Nguyễn Văn Hùng" })).status).toBe(200);
    // Saving the placeholder address back unchanged does not make it real.
    expect((await patch(centralAdmin, "CATW", { email: "ubkt-catw@uy-ban-kiem-tra.example" })).status).toBe(
      200,
    );
    let res = await h.call("POST", `/v1/requests/${id}/approve`, { token: approver });
    expect((await json(res)).error.details.map((d: { field: string }) => d.field)).toEqual([
      "registry.CATW.email",
    ]);
    expect((await patch(centralAdmin, "CATW", { email: "ubkt@catw.example.vn" })).status).toBe(200);
    res = await h.call("POST", `/v1/requests/${id}/approve`, { token: approver });
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await json(await h.call("GET", "/v1/committees", { token: reader }));
    expect(after.items.find((c: { code: string }) => c.code === "NGHE-AN").missing).toEqual([
      expect.objectContaining({ field: "email" }),
    ]);
  });

  it("does not ask for an address a classified letter will never be sent to", async () => {
    const centralAdmin = await h.token("CATW", ["admin"]);
    await h.call("PATCH", "/v1/committees/NGHE-AN", {
      token: centralAdmin,
      body: { signerName: "Nguyễn Văn Hùng" },
    });
    const body = staffSecondmentBody({ to: "HA-TINH", classification: "mat" });
    const id = await submitted(body);
    const res = await h.call("POST", `/v1/requests/${id}/approve`, { token: approver });
    expect(res.status, await res.clone().text()).toBe(200);
  });
});

describe("on the web pages", () => {
  it("the request page links the drafts and lists what the registry lacks; the draft downloads", async () => {
    const id = await submitted(staffSecondmentBody({ to: "HUE" }));
    const user = await h.user("NGHE-AN", ["approver"], "Phạm Văn Duyệt");
    const web = await signIn(h, user.token);
    const page = await web.get(`/yeu-cau/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Bản dự thảo văn bản sẽ ban hành");
    expect(page.html).toContain(`/yeu-cau/${id}/du-thao/0.docx`);
    expect(page.html).toMatch(/id="danh-ba-thieu"[\s\S]*HUE: chưa nhập địa chỉ e-mail thật/);
    const draft = await h.app.request(`/yeu-cau/${id}/du-thao/0.docx`, { headers: { cookie: web.cookie } });
    expect(draft.status).toBe(200);
    expect(new PizZip(Buffer.from(await draft.arrayBuffer())).file("word/header2.xml")!.asText()).toContain(
      "DỰ THẢO",
    );
  });

  it("the registry page shows which entries are incomplete", async () => {
    const user = await h.user("HA-TINH", ["clerk"], "Hoàng Thị Danh");
    const web = await signIn(h, user.token);
    const page = await web.get("/danh-ba");
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/\d+ ủy ban còn thiếu thông tin/);
    expect(page.html).toContain("chưa nhập địa chỉ e-mail thật");
  });
});

describe("dates at the edge", () => {
  it("refuses a deadline or a period before the filing day, naming the field, in Vietnamese", async () => {
    // The harness's clock says 05/3/2026.
    const past = staffSecondmentBody();
    (past.payload as { period: object }).period = { from: "2026-01-10", to: "2026-01-20" };
    const res = await h.call("POST", "/v1/requests", { token: clerk, body: past });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.error.details).toEqual([
      expect.objectContaining({
        field: "payload.period.from",
        message: expect.stringMatching(/đã qua.*05\/3\/2026/),
      }),
    ]);
    const info = {
      kind: "information_exchange",
      to: "CATW",
      payload: {
        ...structuredClone(REQUEST_KINDS.information_exchange!.sample as object),
        deadline: "2020-01-01",
      },
    };
    const refused = await json(await h.call("POST", "/v1/requests", { token: clerk, body: info }));
    expect(refused.error.details.map((d: { field: string }) => d.field)).toEqual(["payload.deadline"]);
    expect(
      await count("select count(*)::int as n from requests where payload->>'deadline' = '2020-01-01'"),
    ).toBe(0);
  });

  it("refuses to approve a request whose deadline passed while it waited", async () => {
    const info = {
      kind: "information_exchange",
      to: "CATW",
      payload: {
        ...structuredClone(REQUEST_KINDS.information_exchange!.sample as object),
        deadline: "2026-03-06",
      },
    };
    const created = await json(await h.call("POST", "/v1/requests", { token: clerk, body: info }));
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerk });
    const clock = h.clock as ReturnType<typeof fixedClock>;
    clock.set("2026-03-10T03:00:00Z");
    try {
      const res = await h.call("POST", `/v1/requests/${created.id}/approve`, { token: approver });
      const body = await json(res);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(body.error.details).toEqual([
        expect.objectContaining({
          field: "payload.deadline",
          message: expect.stringMatching(/ngày phê duyệt 10\/3\/2026/),
        }),
      ]);
    } finally {
      clock.set("2026-03-05T03:00:00Z");
    }
  });
});
