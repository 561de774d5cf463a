import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { signIn, type WebClient } from "../support/web.js";

let h: Harness;
let chairToken: string;
let chair: WebClient;

beforeAll(async () => {
  h = await createHarness({ queue: "redis" });
  chairToken = (await h.user("NGHE-AN", ["approver"], "Nguyễn Văn Hùng")).token;
  chair = await signIn(h, chairToken);
});
afterAll(() => h.close());

const settingsForm = (overrides: Record<string, string> = {}) => ({
  digestTime: "07:30",
  "inApp.submitted_for_approval": "1",
  "email.submitted_for_approval": "immediate",
  "inApp.approved": "1",
  "email.approved": "immediate",
  ...overrides,
});

describe("notifications in the browser", () => {
  it("lists what waits for the person, linked to the request's page, and marks it read", async () => {
    const { token } = await h.user("NGHE-AN", ["clerk"], "Trần Thị Lan");
    const created = await json(await h.call("POST", "/v1/requests", { token, body: staffSecondmentBody() }));
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token });
    const page = await chair.get("/thong-bao");
    expect(page.html).toContain(`href="/yeu-cau/${created.id}"`);
    expect(page.html).toContain(`Yêu cầu ${created.reference} chờ phê duyệt`);
    expect(page.html).toMatch(/Chưa đọc: <strong>1<\/strong>/);
    expect((await chair.post("/thong-bao/da-doc", {})).status).toBe(303);
    expect((await chair.get("/thong-bao")).html).toMatch(/Chưa đọc: <strong>0<\/strong>/);
  });

  it("saves the settings, and shows a bad digest time at its field without saving anything", async () => {
    const before = await json(await h.call("GET", "/v1/notifications/preferences", { token: chairToken }));
    const bad = await chair.post(
      "/thong-bao/cai-dat",
      settingsForm({ digestTime: "25:00", "email.approved": "off" }),
    );
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("giờ dạng HH:MM (giờ Hà Nội)");
    expect(bad.html).toContain('value="25:00"');
    expect(await json(await h.call("GET", "/v1/notifications/preferences", { token: chairToken }))).toEqual(
      before,
    );

    const { "inApp.approved": _, ...form } = settingsForm({
      digestTime: "16:45",
      "email.approved": "digest",
    });
    const ok = await chair.post("/thong-bao/cai-dat", form);
    expect(ok.status).toBe(303);
    const after = await json(await h.call("GET", "/v1/notifications/preferences", { token: chairToken }));
    expect(after.digestTime).toBe("16:45");
    expect(after.preferences).toContainEqual({ eventType: "approved", inApp: false, email: "digest" });
    const page = await chair.get("/thong-bao/cai-dat");
    expect(page.html).toContain("Yêu cầu chờ phê duyệt");
  });
});
