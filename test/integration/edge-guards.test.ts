import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { createCalendar } from "../../src/domain/working-days.js";
import { openEdgeGuards } from "../../src/http/throttle.js";
import { createHarness, type Harness, log } from "../support/harness.js";
import { signIn } from "../support/web.js";

// A hostile client at the edge: guessing tokens and sign-ins (throttled per address and per token prefix, across
// processes), lying in X-Forwarded-* (believed only from TRUSTED_PROXIES), the API docs' headers.
const LIMIT = 4;

/** A request as it arrives through a socket from `address` (what @hono/node-server hands the app). */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

describe.each(["postgres", "redis"] as const)("throttling on the %s backend", (backend) => {
  let h: Harness;
  let good: string;
  /** A valid token never used yet: the memo of tokens verified in the last 5 s does not let it skip the throttle. */
  const fresh = () => h.token("NGHE-AN", ["clerk"]);
  beforeAll(async () => {
    h = await createHarness({
      queue: backend,
      env: {
        AUTH_FAILURES_PER_WINDOW: String(LIMIT),
        AUTH_BLOCK_SECONDS: "120",
        TRUSTED_PROXIES: "10.0.0.1, fd00::/8",
      },
    });
    good = await h.token("NGHE-AN", ["clerk"]);
  });
  afterAll(async () => {
    await h?.close();
  });

  const api = (token: string, address: string, headers: Record<string, string> = {}) =>
    h.app.request("/v1/me", { headers: { authorization: `Bearer ${token}`, ...headers } }, from(address));

  it("answers 429 with Retry-After once an address has failed too often, and spares other addresses", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++)
      statuses.push((await api(`php_guess${i}xxxxxxxxxxxx${i}`, "203.0.113.5")).status);
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    const refused = await api("php_another_guess_entirely", "203.0.113.5");
    const body = (await refused.json()) as { error: { code: string } };
    expect(refused.status, JSON.stringify(body)).toBe(429);
    expect(body.error.code).toBe("too_many_requests");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Even a right token waits: the block is on the address, whatever it sends (a token verified in the last
    // 5 s is let through from the memo: it was checked before the block).
    expect((await api(await fresh(), "203.0.113.5")).status).toBe(429);
    expect((await api(good, "198.51.100.20")).status).toBe(200);
  });

  it("blocks guesses at one token prefix from many addresses", async () => {
    const prefix = "php_SAMEPREFIX";
    for (let i = 0; i < LIMIT; i++) {
      expect((await api(`${prefix}${i}rest-of-token`, `192.0.2.${i + 1}`)).status).toBe(401);
    }
    const res = await api(`${prefix}zzz`, "192.0.2.200");
    expect(res.status, await res.text()).toBe(429);
  });

  it("counts across API processes: a second app on the same store sees the first one's failures", async () => {
    const edge = openEdgeGuards(h.cfg, h.db, log);
    const other = createApp({
      ...edge,
      db: h.db,
      queues: h.queues,
      clock: h.clock,
      log,
      bodyLimitBytes: h.cfg.BODY_LIMIT_BYTES,
      mailMode: "outbox",
      calendar: createCalendar(),
    });
    const address = "198.51.100.77";
    for (let i = 0; i < LIMIT; i++)
      expect((await api(`php_cross${i}-process-guess`, address)).status).toBe(401);
    const res = await other.request(
      "/v1/me",
      { headers: { authorization: "Bearer php_next-one" } },
      from(address),
    );
    expect(res.status, await res.text()).toBe(429);
    await edge.throttle.close();
  });

  it("believes X-Forwarded-For only from a trusted proxy", async () => {
    // Through the trusted proxy, each client is itself: one blocked client does not block the proxy's others.
    for (let i = 0; i < LIMIT; i++) {
      const res = await api(`php_viaproxy${i}-guess-guess`, "10.0.0.1", {
        "x-forwarded-for": "203.0.113.99",
      });
      expect(res.status).toBe(401);
    }
    expect((await api(await fresh(), "10.0.0.1", { "x-forwarded-for": "203.0.113.99" })).status).toBe(429);
    expect((await api(good, "10.0.0.1", { "x-forwarded-for": "203.0.113.100" })).status).toBe(200);
    // From anyone else, the header is ignored: rotating it does not escape the block.
    for (let i = 0; i < LIMIT; i++) {
      await api(`php_spoof${i}-guess-guess-guess`, "198.51.100.5", {
        "x-forwarded-for": `192.0.2.${i + 50}`,
      });
    }
    const spoofed = await api(await fresh(), "198.51.100.5", { "x-forwarded-for": "192.0.2.250" });
    expect(spoofed.status).toBe(429);
  });

  it("throttles failed sign-ins with a 429 page and Retry-After", async () => {
    const signInFrom = (token: string, address: string, headers: Record<string, string> = {}) =>
      h.app.request(
        "/dang-nhap",
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
          body: new URLSearchParams({ token, tiep: "/yeu-cau" }).toString(),
        },
        from(address),
      );
    for (let i = 0; i < LIMIT; i++)
      expect((await signInFrom(`php_wrong${i}-sign-in`, "203.0.113.44")).status).toBe(401);
    const res = await signInFrom(good, "203.0.113.44");
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.text()).toContain("Quá nhiều lần đăng nhập không thành công");
    // X-Forwarded-Proto from an untrusted peer does not make the cookie Secure; from the trusted proxy it does.
    const plain = await signInFrom(good, "198.51.100.9", { "x-forwarded-proto": "https" });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("set-cookie")).not.toMatch(/Secure/i);
    const proxied = await signInFrom(good, "10.0.0.1", {
      "x-forwarded-proto": "https",
      "x-forwarded-for": "198.51.100.10",
    });
    expect(proxied.headers.get("set-cookie")).toMatch(/Secure/i);
  });
});

describe("the web edge", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ queue: "postgres" });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("sends every hostile return path home, and never lets CR/LF reach a header", async () => {
    const token = await h.token("NGHE-AN", ["clerk"]);
    for (const tiep of [
      "/\t/evil.example",
      "/%09/evil.example",
      "/\r\n/evil.example",
      "/\\evil.example",
      "//evil.example",
      "https://evil.example/",
      "/\u0000",
      "javascript:alert(1)",
    ]) {
      const res = await h.app.request("/dang-nhap", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token, tiep }).toString(),
      });
      expect(res.status, JSON.stringify(tiep)).toBe(303);
      const location = res.headers.get("location")!;
      expect(new URL(location, "http://phoihop.test").origin, `${JSON.stringify(tiep)} → ${location}`).toBe(
        "http://phoihop.test",
      );
      expect(location).not.toMatch(/[\r\n\t]|^\/\//);
    }
    const kept = await h.app.request("/dang-nhap", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, tiep: "/yeu-cau?status=sent" }).toString(),
    });
    expect(kept.headers.get("location")).toBe("/yeu-cau?status=sent");
  });

  it("keeps an encoded ../ in a page's path parameter inside its segment of the API path", async () => {
    const web = await signIn(h, await h.token("NGHE-AN", ["clerk"]));
    for (const path of ["/bao-cao/so-lieu/..%2F..%2Fv1%2Fme", "/mau-van-ban/..%2F..%2Fv1%2Fme"]) {
      const page = await web.get(path);
      expect(page.status, `${path}: ${page.html.slice(0, 300)}`).toBeLessThan(500);
      expect(page.status, path).not.toBe(200);
      expect(page.html).not.toContain('"committee"');
    }
  });

  it("answers every page with a hostile path parameter without a 5xx", async () => {
    const web = await signIn(h, await h.token("CATW", ["admin", "clerk", "approver", "operator"]));
    const hostile = [
      "..%2F..%2Fv1%2Fme",
      "%00",
      "%E0%A4%A",
      "%ED%A0%80",
      "a".repeat(300),
      "%2e%2e",
      "x%0d%0ay",
    ];
    const pages = [
      "/yeu-cau/:p",
      "/tai-lieu/:p",
      "/mau-van-ban/:p",
      "/mau-van-ban/:p/xem-truoc",
      "/thu-di/:p",
      "/thu-di/:p/tai-ve",
      "/yeu-cau/moi/:p",
      "/bao-cao/so-lieu/:p",
      "/bao-cao/lich/:p",
      "/danh-ba/:p",
    ];
    for (const page of pages) {
      for (const p of hostile) {
        const path = page.replace(":p", p);
        const res = await web.get(path);
        expect(res.status, `${path}: ${res.html.slice(0, 300)}`).toBeLessThan(500);
        expect(res.html, path).not.toContain('"committeeCode"');
      }
    }
  });

  it("serves /docs with the same security headers, and Swagger UI never persists the token", async () => {
    for (const path of ["/docs", "/docs/init.js"]) {
      const res = await h.app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-security-policy"), path).toContain("default-src 'self'");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
    const init = await (await h.app.request("/docs/init.js")).text();
    expect(init).toContain("persistAuthorization: false");
    expect(init).not.toContain("localStorage");
  });
});
