// Issue 13, points 1 and 2: the approver sees the letter before approving it, and a letter never leaves with the
// registry's placeholder signer or address.
import PizZip from "pizzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

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
    expect((await patch(centralAdmin, "CATW", { email: "ubkt-catw@uy-ban-kiem-tra.example" })).status).toBe(200);
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
    await h.call("PATCH", "/v1/committees/NGHE-AN", { token: centralAdmin, body: { signerName: "Nguyễn Văn Hùng" } });
    const body = staffSecondmentBody({ to: "HA-TINH", classification: "mat" });
    const id = await submitted(body);
    const res = await h.call("POST", `/v1/requests/${id}/approve`, { token: approver });
    expect(res.status, await res.clone().text()).toBe(200);
  });
});
