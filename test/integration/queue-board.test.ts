import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentRender, QUEUE_NAMES } from "../../src/jobs/catalog.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { signIn, type WebClient } from "../support/web.js";

const BOARD = "/admin/queues";

describe.each(["redis", "postgres"] as const)("the queue dashboard on the %s backend", (backend) => {
  let h: Harness;
  // The deployment's operator; committee admins (the central one included) are refused like any other person.
  let admin: WebClient;
  let clerk: WebClient;
  let centralAdmin: WebClient;
  let provincialAdmin: WebClient;
  beforeAll(async () => {
    h = await createHarness({ queue: backend });
    admin = await signIn(h, await h.token("CATW", ["operator"]));
    clerk = await signIn(h, await h.token("CATW", ["clerk", "approver"]));
    centralAdmin = await signIn(h, await h.token("CATW", ["admin", "clerk", "approver", "auditor"]));
    provincialAdmin = await signIn(h, await h.token("NGHE-AN", ["admin"]));
    // No workers run here: the job stays waiting, for the board to count.
    await h.queues.enqueue(documentRender, { documentId: randomUUID() });
  });
  afterAll(async () => {
    await h?.close();
  });

  const request = (
    path: string,
    init: { method?: string; cookie?: string; headers?: Record<string, string> },
  ) =>
    h.app.request(path, {
      method: init.method ?? "GET",
      headers: { ...(init.cookie ? { cookie: init.cookie } : {}), ...init.headers },
    });

  it("sends a visitor without a session to the sign-in page, for the page, its API and its files", async () => {
    for (const path of [BOARD, `${BOARD}/api/queues`, `${BOARD}/static/images/logo.svg`]) {
      const res = await request(path, {});
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location"), path).toBe(`/dang-nhap?tiep=${BOARD}`);
    }
  });

  it("refuses every committee's admin: the queues are the deployment's, only its operator sees or acts on them", async () => {
    const sameSite = { origin: "http://localhost", host: "localhost", "sec-fetch-site": "same-origin" };
    const mail = h.queues.all().find((q) => q.name === "mail")!;
    for (const [who, person] of [
      ["central admin", centralAdmin],
      ["provincial admin", provincialAdmin],
    ] as const) {
      const page = await person.get(BOARD);
      expect(page.status, `${who}: ${page.html}`).toBe(403);
      expect(page.html).toContain("chỉ dành cho người vận hành hệ thống");
      const api = await request(`${BOARD}/api/queues`, { cookie: person.cookie });
      expect(api.status, `${who}: ${await api.text()}`).toBe(403);
      for (const action of ["pause", "clean/completed", "retry/failed"]) {
        const res = await request(`${BOARD}/api/queues/mail/${action}`, {
          method: "PUT",
          cookie: person.cookie,
          headers: sameSite,
        });
        expect(res.status, `${who} ${action}: ${await res.text()}`).toBe(403);
      }
      // The nav does not offer what the person may not open.
      const home = await person.get("/yeu-cau");
      expect(home.html).not.toContain(`href="${BOARD}"`);
    }
    expect(await mail.isPaused()).toBe(false);
    expect((await admin.get("/yeu-cau")).html).toContain(`href="${BOARD}"`);
    // The triage of unmatched mail is the central committee's: a provincial admin is not offered it.
    expect((await provincialAdmin.get("/yeu-cau")).html).not.toContain('href="/hop-thu-den"');
    expect((await centralAdmin.get("/yeu-cau")).html).toContain('href="/hop-thu-den"');
  });

  it("refuses a signed-in person who is not an operator", async () => {
    const page = await clerk.get(BOARD);
    expect(page.status, page.html).toBe(403);
    expect(page.html).toContain("chỉ dành cho người vận hành hệ thống");
    const api = await request(`${BOARD}/api/queues`, { cookie: clerk.cookie });
    expect(api.status).toBe(403);
    const pause = await request(`${BOARD}/api/queues/documents/pause`, {
      method: "PUT",
      cookie: clerk.cookie,
    });
    expect(pause.status).toBe(403);
  });

  it("shows an administrator the board, with nothing loaded from outside this service", async () => {
    const res = await request(BOARD, { cookie: admin.cookie });
    const html = await res.text();
    expect(res.status, html).toBe(200);
    expect(html).toContain("<title>Hàng đợi công việc — phoihop</title>");
    expect(html).toContain('<html lang="vi"');
    expect(html).toContain("Đang tải bảng theo dõi hàng đợi…");
    expect(html).not.toMatch(/^\s*Loading$/m);
    expect(html).toContain(`<base href="${BOARD}/" />`);
    expect(html).not.toMatch(/googleapis|gstatic|https?:\/\//);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    // Every script and stylesheet of the page is served by the app (whatever the working directory).
    const assets = [...html.matchAll(/(?:src|href)="(static\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.filter((a) => a?.endsWith(".js")).length).toBeGreaterThan(0);
    expect(assets.filter((a) => a?.endsWith(".css")).length).toBeGreaterThan(0);
    for (const asset of assets) {
      const file = await request(`${BOARD}/${asset}`, { cookie: admin.cookie });
      expect(file.status, asset).toBe(200);
      expect((await file.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
    const config = JSON.parse(html.match(/id="__UI_CONFIG__"[^>]*>([^<]*)</)?.[1] ?? "{}");
    expect(config.miscLinks).toEqual([{ text: "Về trang yêu cầu", url: "/yeu-cau" }]);
  });

  it("lists the project's queues with their job counts in its JSON API", async () => {
    const res = await request(`${BOARD}/api/queues`, { cookie: admin.cookie });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    const names = body.queues.map((q: { name: string }) => q.name).sort();
    expect(names).toEqual([...QUEUE_NAMES].sort());
    const documents = body.queues.find((q: { name: string }) => q.name === "documents");
    expect(documents.counts.waiting, JSON.stringify(documents.counts)).toBe(1);
    expect(body.queues.find((q: { name: string }) => q.name === "mail").counts.waiting).toBe(0);
  });

  it("refuses a change sent from another site, and makes one sent from the board itself", async () => {
    const pause = `${BOARD}/api/queues/documents/pause`;
    const documents = h.queues.all().find((q) => q.name === "documents")!;
    const forged: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of forged) {
      const res = await request(pause, { method: "PUT", cookie: admin.cookie, headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await documents.isPaused()).toBe(false);

    const sameSite = { origin: "http://localhost", host: "localhost", "sec-fetch-site": "same-origin" };
    const res = await request(pause, { method: "PUT", cookie: admin.cookie, headers: sameSite });
    expect(res.status, await res.text()).toBeLessThan(300);
    expect(await documents.isPaused()).toBe(true);
    const resume = `${BOARD}/api/queues/documents/resume`;
    await request(resume, { method: "PUT", cookie: admin.cookie, headers: sameSite });
    expect(await documents.isPaused()).toBe(false);
  });
});
