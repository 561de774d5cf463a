import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { signIn, type WebClient } from "../support/web.js";

// The request pages over app.request (no browser): what each role sees and may do, and that a refused post
// changes nothing.
let h: Harness;
let clerkToken: string;
let clerk: WebClient;
let auditor: WebClient;
let central: WebClient;

beforeAll(async () => {
  h = await createHarness({ queue: "redis" });
  clerkToken = (await h.user("NGHE-AN", ["clerk"], "Trần Thị Lan")).token;
  clerk = await signIn(h, clerkToken);
  auditor = await signIn(h, (await h.user("NGHE-AN", ["auditor"], "Đỗ Văn Kiểm")).token);
  central = await signIn(h, (await h.user("CATW", ["clerk", "approver"], "Vũ Thị Mai")).token);
});
afterAll(() => h.close());

async function draft(): Promise<{ id: string; reference: string }> {
  const res = await h.call("POST", "/v1/requests", { token: clerkToken, body: staffSecondmentBody() });
  expect(res.status).toBe(201);
  return json(res);
}

const statusOf = async (id: string) =>
  (await h.db.query<{ status: string }>("select status from requests where id = $1", [id])).rows[0]!.status;

describe("the request pages by role", () => {
  it("offer the clerk submit and cancel on a draft, and the auditor nothing", async () => {
    const r = await draft();
    const mine = await clerk.get(`/yeu-cau/${r.id}`);
    expect(mine.status).toBe(200);
    expect(mine.html).toContain(`action="/yeu-cau/${r.id}/trinh"`);
    expect(mine.html).toContain(`action="/yeu-cau/${r.id}/huy"`);
    expect(mine.html).not.toContain(`action="/yeu-cau/${r.id}/phe-duyet"`);
    const audit = await auditor.get(`/yeu-cau/${r.id}`);
    expect(audit.status).toBe(200);
    expect(audit.html).toContain(r.reference);
    expect(audit.html).not.toMatch(/action="\/yeu-cau\/[^"]+\/(trinh|huy|phe-duyet)"/);
    expect(audit.html).not.toContain("Tạo yêu cầu mới");
  });

  it("hide a draft from the counterpart, and refuse its actions there", async () => {
    const r = await draft();
    const page = await central.get(`/yeu-cau/${r.id}`);
    expect(page.status).toBe(404);
    expect(page.html).not.toContain(r.reference);
    const cancel = await central.post(`/yeu-cau/${r.id}/huy`, {});
    expect(cancel.status).toBe(404);
    expect(await statusOf(r.id)).toBe("draft");
  });

  it("refuse an action the role does not have, with the API's message, and change nothing", async () => {
    const r = await draft();
    await clerk.post(`/yeu-cau/${r.id}/trinh`, {});
    expect(await statusOf(r.id)).toBe("submitted");
    const approve = await clerk.post(`/yeu-cau/${r.id}/phe-duyet`, {});
    expect(approve.status).toBe(403);
    expect(approve.html).toContain("Chức năng này dành cho vai trò: approver");
    expect(await statusOf(r.id)).toBe("submitted");
  });

  it("refuse a post without the CSRF field, and change nothing", async () => {
    const r = await draft();
    const res = await h.app.request(`/yeu-cau/${r.id}/huy`, {
      method: "POST",
      headers: { cookie: clerk.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(res.status).toBe(403);
    expect(await statusOf(r.id)).toBe("draft");
    const done = await clerk.post(`/yeu-cau/${r.id}/huy`, {});
    expect(done.status).toBe(303);
    expect(await statusOf(r.id)).toBe("cancelled");
  });

  it("record an answer only when there is one, with the reason beside the form", async () => {
    const r = await draft();
    const res = await clerk.post(`/yeu-cau/${r.id}/tra-loi`, { answer: "accepted", staff: "", note: "" });
    expect(res.status).toBe(409);
    expect(res.html).toContain("Yêu cầu đang ở trạng thái “Dự thảo”: chưa có trả lời để ghi nhận");
    expect(await statusOf(r.id)).toBe("draft");
  });
});

describe("the requests list page", () => {
  it("filters as the API does and shows a bad date at its field, with 400", async () => {
    const r = await draft();
    const drafts = await clerk.get("/yeu-cau?status=draft&kind=staff_secondment&counterpart=CATW");
    expect(drafts.status).toBe(200);
    expect(drafts.html).toContain(r.reference);
    const none = await clerk.get("/yeu-cau?overdue=true");
    expect(none.html).not.toContain(r.reference);
    const bad = await clerk.get("/yeu-cau?from=2026-05-01&to=2026-04-01");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('<a href="#f-query-to">ngày kết thúc phải sau ngày bắt đầu</a>');
    expect(bad.html).toMatch(
      /<div class="field invalid"><label for="f-query-to">Đến ngày<\/label><span class="field-error" id="f-query-to-loi">ngày kết thúc phải sau ngày bắt đầu/,
    );
  });

  it("starts the form of a kind from its sample, and answers an unknown kind with 404", async () => {
    const sample = await clerk.get("/yeu-cau/moi/staff_secondment?mau=1");
    expect(sample.status).toBe(200);
    expect(sample.html).toContain("Kế hoạch số 12-KH/UBKTTU ngày 10/01/2026");
    expect((await clerk.get("/yeu-cau/moi/periodic_report")).status).toBe(404);
    expect((await auditor.get("/yeu-cau/moi/staff_secondment")).status).toBe(403);
  });
});
