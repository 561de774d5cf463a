import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiToken } from "../../src/db/queries/api-tokens.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { signIn } from "../support/web.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ queue: "redis" });
});
afterAll(async () => {
  await h.close();
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  body: new URLSearchParams(fields).toString(),
});

describe("signing in to the web interface", () => {
  it("sends a visitor without a session to the sign-in page and back where they were going", async () => {
    const res = await h.app.request("/yeu-cau?status=sent");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/dang-nhap?tiep=${encodeURIComponent("/yeu-cau?status=sent")}`);
    const page = await h.app.request("/dang-nhap");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    for (const answer of [page, res]) {
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("referrer-policy")).toBe("same-origin");
      expect(answer.headers.get("cache-control")).toBe("no-store");
    }
    expect(await page.text()).toContain("Mã truy cập");
  });

  it("refuses a wrong token with the error at the field, and sets no cookie", async () => {
    const res = await h.app.request("/dang-nhap", form({ token: "php_wrong", tiep: "/yeu-cau" }));
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
    const html = await res.text();
    expect(html).toContain('<span class="field-error" id="f-token-loi">');
    expect(html).toContain('aria-describedby="f-token-goi-y f-token-loi"');
    expect(html).toContain("Mã truy cập không đúng hoặc đã bị thu hồi");
  });

  it("issues an HttpOnly SameSite cookie (Secure over TLS) and never redirects off the site", async () => {
    const token = await h.token("NGHE-AN", ["clerk"]);
    const res = await h.app.request("/dang-nhap", form({ token, tiep: "//evil.example/x" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^phoihop_session=[\w-]{40,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
    const tls = await h.app.request("https://phoihop.example/dang-nhap", form({ token, tiep: "/bao-cao" }));
    expect(tls.headers.get("set-cookie")).toContain("Secure");
    expect(tls.headers.get("location")).toBe("/bao-cao");
  });

  it("refuses a post without the session's CSRF field, and one from another site", async () => {
    const token = await h.token("NGHE-AN", ["clerk"]);
    const web = await signIn(h, token);
    const forged = await h.app.request("/dang-xuat", form({ _csrf: "guess" }, { cookie: web.cookie }));
    expect(forged.status).toBe(403);
    const crossSite = await h.app.request(
      "/dang-xuat",
      form({}, { cookie: web.cookie, origin: "http://evil.example", host: "localhost" }),
    );
    expect(crossSite.status).toBe(403);
    expect((await web.get("/yeu-cau")).status).toBe(200);
  });

  it("shows a done message once, after the post that left it, and never one written in a link", async () => {
    const web = await signIn(h, await h.token("NGHE-AN", ["clerk"]));
    const spoofed = await web.get(`/yeu-cau?da=${encodeURIComponent("Hãy gửi mã truy cập về hộp thư x")}`);
    expect(spoofed.html).not.toContain("Hãy gửi mã truy cập");
    const created = await json(
      await h.call("POST", "/v1/requests", {
        token: await h.token("NGHE-AN", ["clerk"]),
        body: staffSecondmentBody(),
      }),
    );
    const cancelled = await web.post(`/yeu-cau/${created.id}/huy`, {});
    expect(cancelled.location).toBe(`/yeu-cau/${created.id}`);
    expect((await web.get(cancelled.location!)).html).toContain(
      '<p class="flash" role="status">Đã hủy yêu cầu</p>',
    );
    expect((await web.get(cancelled.location!)).html).not.toContain('class="flash"');
  });

  it("refuses an oversized form with 413 before reading it", async () => {
    const res = await h.app.request("/dang-nhap", form({ token: "x".repeat(20_000), tiep: "/yeu-cau" }));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("vượt quá giới hạn");
  });

  it("ends the session when the token is revoked, and on sign-out", async () => {
    const { rows } = await h.db.query("select count(*)::int as n from web_sessions");
    const before = rows[0].n;
    const token = await h.token("NGHE-AN", ["clerk"]);
    const web = await signIn(h, token);
    expect((await web.get("/yeu-cau")).status).toBe(200);
    const { rows: t } = await h.db.query(
      "select token_id from web_sessions order by created_at desc limit 1",
    );
    await revokeApiToken(h.db, t[0].token_id);
    expect((await web.get("/yeu-cau")).status).toBe(303);

    const other = await signIn(h, await h.token("NGHE-AN", ["clerk"]));
    const out = await other.post("/dang-xuat", {});
    expect(out.status).toBe(303);
    expect((await other.get("/yeu-cau")).status).toBe(303);
    const { rows: after } = await h.db.query("select count(*)::int as n from web_sessions");
    expect(after[0].n).toBe(before + 1); // the revoked token's session is still stored but dead; sign-out deleted its own
  });
});
