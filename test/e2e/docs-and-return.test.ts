import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.js";
import { launchChromium, listen, screenshot } from "../support/browser.js";

// In the browser, as the attacks were made: Swagger UI under the docs' CSP keeps no token, and a return path with a
// TAB after sign-in leaves Chromium on this site.
let h: Harness;
let browser: Browser;
let server: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  h = await createHarness({ queue: "postgres" });
  server = await listen(h.app);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await h?.close();
});

describe("the API docs and the return path in Chromium", () => {
  it("renders Swagger UI under its CSP, and an authorised token is never stored", async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") blocked.push(m.text());
    });
    await page.goto(`${server.url}/docs`);
    await page.waitForSelector(".opblock", { timeout: 20_000 });
    const token = await h.token("NGHE-AN", ["clerk"]);
    await page.click(".btn.authorize");
    await page.fill(".auth-container input", token);
    await page.click(".auth-btn-wrapper .authorize");
    await page.click(".btn-done");
    await screenshot(page, "docs");
    const stored = String(await page.evaluate("JSON.stringify({ ...localStorage, ...sessionStorage })"));
    expect(stored).not.toContain(token);
    expect(
      blocked.filter((t) => /Content Security Policy/i.test(t)),
      blocked.join("\n"),
    ).toEqual([]);
    await page.close();
  }, 60_000);

  it("lands on this site after signing in with a TAB-smuggled return path", async () => {
    const page = await browser.newPage();
    const token = await h.token("NGHE-AN", ["clerk"]);
    await page.goto(`${server.url}/dang-nhap?tiep=%2F%09%2Fevil.example`);
    await page.fill("input[name=token]", token);
    await page.click("button[type=submit]");
    await page.waitForLoadState("load");
    expect(new URL(page.url()).origin).toBe(server.url);
    // The same value posted as it is (a forged form), and with CR/LF: still this site, never an error page.
    for (const back of ["/\t/evil.example", "/\r\n/evil.example"]) {
      // A browser without the session the first sign-in opened.
      const fresh = await (await browser.newContext()).newPage();
      await forgedSignIn(fresh, back);
    }
    await page.close();
  }, 60_000);
});

/** Signs in through a form whose return path was set by hand, as a forged page would post it. */
async function forgedSignIn(page: Page, back: string) {
  const token = await h.token("NGHE-AN", ["clerk"]);
  await page.goto(`${server.url}/dang-nhap`);
  await page.evaluate(`document.querySelector("input[name=tiep]").value = ${JSON.stringify(back)}`);
  await page.fill("input[name=token]", token);
  const [response] = await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  expect(new URL(page.url()).origin, JSON.stringify(back)).toBe(server.url);
  expect(response?.status(), JSON.stringify(back)).toBeLessThan(400);
  await page.context().close();
}
