import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, json } from "../support/harness.js";
import { signIn, type WebClient } from "../support/web.js";

let h: Harness;
let provincialAdmin: WebClient;
let centralAdmin: WebClient;
let clerk: WebClient;
let clerkToken: string;

beforeAll(async () => {
  h = await createHarness({ queue: "redis" });
  provincialAdmin = await signIn(h, (await h.user("NGHE-AN", ["admin"], "Hồ Văn Quản")).token);
  centralAdmin = await signIn(h, (await h.user("CATW", ["admin"], "Lê Văn Quản")).token);
  clerkToken = (await h.user("NGHE-AN", ["clerk"], "Trần Thị Lan")).token;
  clerk = await signIn(h, clerkToken);
});
afterAll(() => h.close());

const entry = async (code: string) =>
  (await json(await h.call("GET", "/v1/committees", { token: clerkToken }))).items.find(
    (c: { code: string }) => c.code === code,
  );

const form = (overrides: Record<string, string> = {}) => ({
  email: "ubkt@nghean.example",
  issuerAbbr: "UBKTTU",
  signerName: "Nguyễn Văn Thành",
  signerTitle: "CHỦ NHIỆM",
  placeName: "Nghệ An",
  ...overrides,
});

describe("the committee registry in the browser", () => {
  it("is read by everyone; only admins get the edit links, for the entries they may keep", async () => {
    const list = await clerk.get("/danh-ba");
    expect(list.status).toBe(200);
    expect(list.html).toContain("NGHE-AN");
    expect(list.html).not.toContain('href="/danh-ba/NGHE-AN"');
    expect((await clerk.get("/danh-ba/NGHE-AN")).status).toBe(403);
    const own = await provincialAdmin.get("/danh-ba");
    expect(own.html).toContain('href="/danh-ba/NGHE-AN"');
    expect(own.html).not.toContain('href="/danh-ba/HA-NOI"');
    expect((await provincialAdmin.get("/danh-ba/HA-NOI")).status).toBe(403);
    expect((await centralAdmin.get("/danh-ba")).html).toContain('href="/danh-ba/HA-NOI"');
  });

  it("shows a bad entry at its fields and changes nothing, then saves a good one", async () => {
    const before = await entry("NGHE-AN");
    const bad = await provincialAdmin.post(
      "/danh-ba/NGHE-AN",
      form({ email: "không phải e-mail", signerName: "" }),
    );
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(
      /<label for="f-email">[^<]*<\/label><span class="field-error" id="f-email-loi">địa chỉ e-mail không hợp lệ/,
    );
    expect(bad.html).toMatch(
      /<label for="f-signerName">[^<]*<\/label><span class="field-error" id="f-signerName-loi">không được để trống/,
    );
    expect(await entry("NGHE-AN")).toEqual(before);

    const ok = await provincialAdmin.post("/danh-ba/NGHE-AN", form());
    expect(ok.status).toBe(303);
    expect(await entry("NGHE-AN")).toMatchObject({
      email: "ubkt@nghean.example",
      signerName: "Nguyễn Văn Thành",
    });
    expect((await provincialAdmin.post("/danh-ba/HA-NOI", form())).status).toBe(403);
  });

  it("shows the registry as it is now: a change made anywhere appears on the next view, not a cached one", async () => {
    const { rows } = await h.db.query<{ name: string }>(
      `select v.name from committee_versions v join committees c on c.id = v.committee_id
        where c.code = 'HA-NOI' and v.valid_to is null`,
    );
    const old = rows[0]!.name;
    const shown = await clerk.get("/yeu-cau");
    expect(shown.html).toContain(`>${old}</option>`);
    expect((await clerk.get("/danh-ba")).html).toContain(old);
    // Written past the API (as the CLI import or another process would): no page of this process was told.
    const renamed = `${old} (tên mới)`;
    await h.db.query(
      `update committee_versions set name = $1
        where valid_to is null and committee_id = (select id from committees where code = 'HA-NOI')`,
      [renamed],
    );
    const list = await clerk.get("/yeu-cau");
    expect(list.html).toContain(`>${renamed}</option>`);
    expect((await clerk.get("/danh-ba")).html).toContain(renamed);
    await h.db.query(
      `update committee_versions set name = $1
        where valid_to is null and committee_id = (select id from committees where code = 'HA-NOI')`,
      [old],
    );
    expect((await clerk.get("/yeu-cau")).html).toContain(`>${old}</option>`);
  });
});
