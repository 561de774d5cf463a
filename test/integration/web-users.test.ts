import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRINCIPAL_CACHE_MS } from "../../src/auth/tokens.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { signIn, type WebClient } from "../support/web.js";

// An admin onboards the committee's people: the API (/v1/users) and its page (/nguoi-dung).
let h: Harness;
let adminToken: string;
let adminId: string;
let admin: WebClient;
const clock = fixedClock("2026-03-05T03:00:00Z");

beforeAll(async () => {
  h = await createHarness({ queue: "redis", clock });
  ({ token: adminToken, userId: adminId } = await h.user("NGHE-AN", ["admin"], "Hồ Văn Quản"));
  admin = await signIn(h, adminToken);
});
afterAll(() => h.close());

const users = async () =>
  (await h.db.query<{ n: number }>("select count(*)::int as n from users")).rows[0]!.n;

describe("/v1/users", () => {
  it("is for admins, and only about their own committee's people", async () => {
    const clerk = (await h.user("NGHE-AN", ["clerk"])).token;
    expect((await h.call("GET", "/v1/users", { token: clerk })).status).toBe(403);
    const other = await h.user("HA-NOI", ["clerk"], "Người Hà Nội");
    const list = await json(await h.call("GET", "/v1/users", { token: adminToken }));
    expect(list.items.map((u: { name: string }) => u.name)).toContain("Hồ Văn Quản");
    expect(list.items.map((u: { id: string }) => u.id)).not.toContain(other.userId);
    for (const [method, path] of [
      ["PATCH", `/v1/users/${other.userId}`],
      ["POST", `/v1/users/${other.userId}/tokens`],
    ] as const) {
      const res = await h.call(method, path, { token: adminToken, body: { disabled: true } });
      expect(res.status, path).toBe(404);
    }
  });

  it("never lets an admin lock themself out", async () => {
    for (const body of [{ disabled: true }, { roles: ["clerk"] }]) {
      const res = await h.call("PATCH", `/v1/users/${adminId}`, { token: adminToken, body });
      expect(res.status).toBe(409);
    }
  });
});

describe("the people page", () => {
  it("adds a person, issues a token shown once that signs them in, and revokes it", async () => {
    const before = await users();
    const bad = await admin.post("/nguoi-dung", { name: "", email: "không-phải-email", roles: [] });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(
      /<label for="f-name">Họ và tên<\/label><span class="field-error" id="f-name-loi">họ tên không được để trống/,
    );
    expect(bad.html).toMatch(
      /<label for="f-email">E-mail<\/label><span class="field-error" id="f-email-loi">địa chỉ e-mail không hợp lệ/,
    );
    expect(bad.html).toContain("cần ít nhất một vai trò");
    expect(await users()).toBe(before);

    const added = await admin.post("/nguoi-dung", {
      name: "Phan Thị Hoa",
      email: "Hoa.Phan@NgheAn.example",
      roles: ["clerk", "approver"],
    });
    expect(added.status).toBe(303);
    expect(await users()).toBe(before + 1);
    const again = await admin.post("/nguoi-dung", {
      name: "Phan Thị Hoa",
      email: "hoa.phan@nghean.example",
      roles: ["clerk"],
    });
    expect(again.status).toBe(409);
    expect(again.html).toContain("đã có người dùng với e-mail này");

    const { rows } = await h.db.query<{ id: string; roles: string[] }>(
      "select id, roles from users where email = 'hoa.phan@nghean.example'",
    );
    expect(rows[0]!.roles).toEqual(["clerk", "approver"]);
    const issued = await admin.post(`/nguoi-dung/${rows[0]!.id}/ma`, { label: "máy văn phòng" });
    expect(issued.status).toBe(201);
    const token = issued.html.match(/php_[\w-]{43}/)![0];
    const hoa = await signIn(h, token);
    expect((await hoa.get("/yeu-cau")).html).toContain("Phan Thị Hoa");

    const page = await admin.get("/nguoi-dung");
    expect(page.html).toContain("máy văn phòng");
    expect(page.html).not.toContain(token);
    const tokenId = page.html.match(new RegExp(`/nguoi-dung/${rows[0]!.id}/ma/([0-9a-f-]{36})/thu-hoi`))![1];
    expect((await admin.post(`/nguoi-dung/${rows[0]!.id}/ma/${tokenId}/thu-hoi`, {})).status).toBe(303);
    expect((await hoa.get("/yeu-cau")).status).toBe(303); // signed out: the token behind the session is revoked
  });

  it("changes roles from checkboxes and disables a person, whose tokens then stop", async () => {
    const { userId, token } = await h.user("NGHE-AN", ["clerk"], "Đinh Văn Tú");
    expect((await admin.post(`/nguoi-dung/${userId}/vai-tro`, { roles: ["clerk", "auditor"] })).status).toBe(
      303,
    );
    const { rows } = await h.db.query<{ roles: string[] }>("select roles from users where id = $1", [userId]);
    expect(rows[0]!.roles).toEqual(["clerk", "auditor"]);
    expect((await h.call("GET", "/v1/me", { token })).status).toBe(200);
    expect((await admin.post(`/nguoi-dung/${userId}/trang-thai?vo-hieu=1`, {})).status).toBe(303);
    // A valid token's principal is memoised: within the memo the disabled person's token still works, past it not.
    expect((await h.call("GET", "/v1/me", { token })).status).toBe(200);
    clock.set(new Date(clock.now().getTime() + PRINCIPAL_CACHE_MS + 1));
    expect((await h.call("GET", "/v1/me", { token })).status).toBe(401);
    const self = await admin.post(`/nguoi-dung/${adminId}/trang-thai?vo-hieu=1`, {});
    expect(self.status).toBe(409);
    expect(self.html).toContain("Không tự vô hiệu hóa");
    expect(
      (await (await signIn(h, (await h.user("NGHE-AN", ["clerk"])).token)).get("/nguoi-dung")).status,
    ).toBe(403);
  });
});
