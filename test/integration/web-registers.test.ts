import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { tinyPng } from "../support/office-files.js";
import { staffSecondmentBody } from "../support/samples.js";
import { signIn, type WebClient } from "../support/web.js";

let h: Harness;
let web: WebClient;
let token: string;

beforeAll(async () => {
  h = await createHarness({ queue: "redis", workers: true });
  token = (await h.user("NGHE-AN", ["clerk", "approver"], "Lê Thị Mai")).token;
  web = await signIn(h, token);
});
afterAll(() => h.close());

async function fileRequest(body = staffSecondmentBody()) {
  const r = await json(await h.call("POST", "/v1/requests", { token, body }));
  return r.id as string;
}

describe("the registers, files and search pages", () => {
  it("attach a file by form, hand over a MẬT letter by form, and show both registers and a search", async () => {
    const id = await fileRequest(staffSecondmentBody({ classification: "mat" }));
    const files = await web.get(`/tep-dinh-kem/${id}`);
    expect(files.status).toBe(200);
    const upload = await web.post(`/tep-dinh-kem/${id}`, {
      file: new File([new Uint8Array(tinyPng())], "sơ đồ.png", { type: "image/png" }),
    });
    expect(upload.status, upload.html).toBe(303);
    expect((await web.get(`/tep-dinh-kem/${id}`)).html).toContain("sơ đồ.png");
    const spoofed = await web.post(`/tep-dinh-kem/${id}`, {
      file: new File(["chỉ là chữ"], "gia.pdf", { type: "application/pdf" }),
    });
    expect(spoofed.status).toBe(415);
    expect(spoofed.html).toContain("không nhận ra định dạng tệp");

    await h.call("POST", `/v1/requests/${id}/submit`, { token });
    await h.call("POST", `/v1/requests/${id}/approve`, { token });
    await eventually(
      async () => (await json(await h.call("GET", `/v1/requests/${id}`, { token }))).status === "issued",
    );
    const view = await web.get(`/yeu-cau/${id}`);
    expect(view.html).toContain(`/ban-giao/${id}`);
    const missing = await web.post(`/ban-giao/${id}`, {
      method: "by_hand",
      carriedBy: "",
      receivedBy: "B",
      handedOverAt: "2026-03-05T08:00",
    });
    expect(missing.status).toBe(400);
    const done = await web.post(`/ban-giao/${id}`, {
      method: "by_hand",
      carriedBy: "Lê Văn Tâm",
      receivedBy: "Phạm Thị Hoa",
      handedOverAt: "2026-03-05T08:00",
    });
    expect(done.status, done.html).toBe(303);

    const out = await web.get("/so-van-ban/di");
    expect(out.status).toBe(200);
    expect(out.html).toContain("Giao trực tiếp");
    expect(out.html).toContain("Lê Văn Tâm giao, Phạm Thị Hoa nhận");
    const printable = await web.get("/so-van-ban/di?in=1");
    expect(printable.html).toContain('class="register"');
    const xlsx = await web.get("/so-van-ban/di/xuat?format=csv");
    expect(xlsx.status).toBe(200);
    expect(xlsx.html).toContain("Số và ký hiệu");

    // A paper letter registered by the API, linked to the request from the register page.
    const entry = await json(
      await h.call("POST", "/v1/registers/incoming", {
        token,
        body: {
          symbol: "3-CV/UBKTTW",
          issuerName: "Ủy ban Kiểm tra Đảng ủy Công an Trung ương",
          delivery: "post",
        },
      }),
    );
    const reference = (await json(await h.call("GET", `/v1/requests/${id}`, { token }))).reference;
    expect((await web.get("/so-van-ban/den")).html).toContain(`/so-van-ban/den/${entry.id}/gan`);
    const linked = await web.post(`/so-van-ban/den/${entry.id}/gan`, { reference });
    expect(linked.status, linked.html).toBe(303);
    expect((await web.get("/so-van-ban/den")).html).toContain(`href="/yeu-cau/${id}">${reference}</a>`);

    const search = await web.get(`/tim-kiem?q=${encodeURIComponent("can bo")}`);
    expect(search.status).toBe(200);
    expect(search.html).toMatch(/<mark>cán<\/mark>/i);
  });
});
