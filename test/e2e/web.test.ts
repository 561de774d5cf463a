import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findKind } from "../../src/domain/kinds/index.js";
import { launchChromium, listen, screenshot, signInWith } from "../support/browser.js";
import { createHarness, eventually, type Harness } from "../support/harness.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.js";

// The web interface in a real browser (Debian's Chromium driven by playwright-core) against the real service:
// PostgreSQL, Redis, the workers and an SMTP server on loopback.
let smtp: SmtpSink;
let h: Harness;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
const people = {} as Record<"clerk" | "chair" | "stranger" | "operator", string>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  h = await createHarness({ queue: "redis", smtpUrl: smtp.url, workers: true });
  server = await listen(h.app);
  browser = await launchChromium();
  people.clerk = (await h.user("NGHE-AN", ["clerk"], "Trần Thị Lan")).token;
  people.chair = (await h.user("NGHE-AN", ["approver"], "Nguyễn Văn Hùng")).token;
  people.stranger = (await h.user("HA-NOI", ["clerk", "approver"], "Phạm Minh Đức")).token;
  people.operator = (await h.user("CATW", ["admin", "clerk", "operator"], "Vũ Thị Mai")).token;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await h?.close();
  await smtp?.close();
});

async function as(who: keyof typeof people, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "vi-VN" });
  const page = await context.newPage();
  page.on("dialog", (d) => d.accept());
  await signInWith(page, server.url, people[who]);
  return { context, page };
}

const countRequests = async () =>
  (await h.db.query<{ n: number }>("select count(*)::int as n from requests")).rows[0]!.n;

/** Reloads until the page shows the text (work that the workers finish in the background). */
async function reloadUntil(page: Page, text: string): Promise<void> {
  await eventually(async () => {
    await page.reload();
    return (await page.content()).includes(text);
  }, 30_000);
}

/** The "done" message the redirect after a post leaves on the next page (in a cookie, never in the URL). */
async function expectFlash(page: Page, text: string): Promise<void> {
  await page.waitForSelector(".flash");
  expect(await page.textContent(".flash")).toContain(text);
}

async function fillStaffSecondment(page: Page) {
  await page.selectOption("#f-to", "CATW");
  await page.fill(
    "#f-payload-plan-name",
    "Kế hoạch số 12-KH/UBKTTU ngày 10/01/2026 của Ủy ban Kiểm tra Tỉnh ủy",
  );
  await page.fill("#f-payload-plan-subjectMatter", "việc lãnh đạo, chỉ đạo công tác phòng, chống tham nhũng");
  await page.fill("#f-payload-plan-period-from", "2025-01-01");
  await page.fill("#f-payload-plan-period-to", "2025-12-31");
  await page.fill("#f-payload-plan-organisations", "Đảng ủy Công an tỉnh Nghệ An");
  await page.fill("#f-payload-staff-count", "2");
  await page.fill("#f-payload-staff-profile", "có kinh nghiệm kiểm tra tài chính đảng");
  await page.fill("#f-payload-period-from", "2026-03-16");
  await page.fill("#f-payload-period-to", "2026-04-30");
  await page.fill("#f-payload-contact-name", "Trần Thị Lan");
  await page.fill("#f-payload-contact-phone", "0238 3844 123");
}

describe("a clerk's and a chair's day in the browser", () => {
  let requestId = "";
  let reference = "";

  it("the clerk files a staff-secondment request and sends it for approval", async () => {
    const { context, page } = await as("clerk");
    await page.click("text=Tạo yêu cầu mới");
    await page.click("text=Đề nghị cử cán bộ tham gia đoàn kiểm tra");
    await fillStaffSecondment(page);
    await screenshot(page, "request-form");
    await page.click("button:has-text('Lưu và trình lãnh đạo phê duyệt')");
    await page.waitForURL(/\/yeu-cau\/[0-9a-f-]{36}/);
    expect(await page.textContent("#trang-thai")).toBe("Chờ phê duyệt");
    expect(await page.textContent(".flash")).toContain("Đã lưu và trình lãnh đạo phê duyệt");
    requestId = page.url().match(/[0-9a-f-]{36}/)![0];
    reference = (await page.textContent("h1"))!.replace("Yêu cầu ", "");
    expect(reference).toMatch(/^PH-2026-\d{4}$/);
    // A clerk cannot approve: the button is not there.
    expect(await page.locator("button:has-text('Phê duyệt')").count()).toBe(0);
    await context.close();
  });

  it("the chair finds it in the list and approves it; the letter reaches the SMTP server", async () => {
    const { context, page } = await as("chair");
    await page.click("nav >> text=Thông báo");
    expect(await page.content()).toContain(`Yêu cầu ${reference} chờ phê duyệt`);
    await screenshot(page, "notifications");
    await page.goto(`${server.url}/yeu-cau?status=submitted`);
    await screenshot(page, "requests-list");
    await page.click(`text=${reference}`);
    await page.click("button:has-text('Phê duyệt và ban hành')");
    await expectFlash(page, "Đã phê duyệt: văn bản đang được tạo và gửi đi");
    await reloadUntil(page, "Đã gửi thư điện tử");
    expect(await page.textContent("#trang-thai")).toBe("Đã gửi");
    const letter = await eventually(async () =>
      smtp.received.find((m) => m.parsed.subject?.includes(reference)),
    );
    expect(letter.parsed.attachments.some((a) => a.filename?.endsWith(".docx"))).toBe(true);
    expect(await page.locator("a:has-text('Tải bản Word (DOCX)')").count()).toBe(1);
    const download = await page.request.get(
      `${server.url}${await page.locator("a:has-text('Tải bản Word (DOCX)')").getAttribute("href")}`,
    );
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toContain("wordprocessingml");
    await screenshot(page, "request-sent");
    await context.close();
  });

  it("the reply arrives by e-mail, the timeline shows it, and the clerk records the answer", async () => {
    const { rows } = await h.db.query<{ token: string; message_id: string }>(
      `select d.token, m.message_id from dispatches d join outbound_messages m on m.dispatch_id = d.id
        where d.request_id = $1 and m.purpose = 'letter'`,
      [requestId],
    );
    const { token, message_id } = rows[0]!;
    const fixture = readFileSync("test/fixtures/mail/01-gmail-vi-accept-staff.eml", "latin1")
      .replaceAll("mfrggzdfmztwq2lknnwg23tpobyxe43u", token)
      .replaceAll("<ph-0b7e2a4c-1111-4c55-9a1e-000000000001@phoihop.example>", message_id);
    const res = await h.call("POST", "/v1/inbound/mime", {
      token: await h.token("CATW", ["mail_gateway"]),
      body: new Uint8Array(Buffer.from(fixture, "latin1")),
      headers: { "content-type": "message/rfc822" },
    });
    expect(res.status).toBe(202);

    const { context, page } = await as("clerk", 360);
    await page.goto(`${server.url}/yeu-cau/${requestId}`);
    await reloadUntil(page, "Nhận được thư trả lời");
    expect(await page.textContent("#trang-thai")).toBe("Đã trả lời");
    expect(await page.locator("ol.timeline li[data-action='reply_received']").count()).toBe(1);
    // The service suggests "accepted" from the reply; the clerk confirms it.
    expect(await page.inputValue("#f-answer")).toBe("accepted");
    await screenshot(page, "request-reply-360px");
    await page.click("button:has-text('Ghi nhận')");
    await expectFlash(page, "Đã ghi nhận nội dung trả lời: Đồng ý");
    expect(await page.textContent("#trang-thai")).toBe("Đang thực hiện");
    expect(await page.locator("ol.timeline li[data-action='answer_recorded']").count()).toBe(1);
    await context.close();
  });

  it("a user of another committee cannot open the request, by link or by id", async () => {
    const { context, page } = await as("stranger");
    const res = await page.goto(`${server.url}/yeu-cau/${requestId}`);
    expect(res!.status()).toBe(404);
    expect(await page.textContent("h1")).toBe("Không tìm thấy");
    expect(await page.content()).not.toContain(reference);
    const list = await page.goto(`${server.url}/yeu-cau`);
    expect(list!.status()).toBe(200);
    expect(await page.content()).not.toContain(reference);
    const docs = await h.db.query<{ id: string }>("select id from documents where request_id = $1", [
      requestId,
    ]);
    const doc = await page.goto(`${server.url}/tai-lieu/${docs.rows[0]!.id}`);
    expect(doc!.status()).toBe(404);
    await context.close();
  });

  it("a form with bad input shows the errors at the fields and creates nothing", async () => {
    const before = await countRequests();
    const { context, page } = await as("clerk", 360);
    await page.goto(`${server.url}/yeu-cau/moi/staff_secondment`);
    await fillStaffSecondment(page);
    await page.fill("#f-payload-staff-count", "hai");
    await page.fill("#f-payload-period-to", "2026-03-01");
    await page.fill("#f-payload-contact-name", "");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.click("button.primary:has-text('Lưu dự thảo')"),
    ]);
    expect(response.status()).toBe(400);
    const errorAt = (id: string) => page.textContent(`.field:has(#${id}) .field-error`);
    expect(await errorAt("f-payload-staff-count")).toContain("phải là một số");
    expect(await errorAt("f-payload-period-to")).toContain("ngày kết thúc phải sau ngày bắt đầu");
    expect(await errorAt("f-payload-contact-name")).toContain("không được để trống");
    // What the clerk typed is still there, and the keyboard is on the list of errors.
    expect(await page.inputValue("#f-payload-plan-subjectMatter")).toContain("phòng, chống tham nhũng");
    expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe("loi");
    await screenshot(page, "request-form-errors-360px");
    expect(await countRequests()).toBe(before);
    await context.close();
  });

  it("works from the keyboard, and files a request again from an earlier one", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/dang-nhap`);
    await page.focus("#f-token");
    await page.keyboard.type(people.clerk);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/yeu-cau$/);
    // The first Tab reaches "skip to the main content"; Enter takes the keyboard there.
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement.className")).toBe("skip");
    await page.keyboard.press("Enter");
    expect(page.url()).toMatch(/#noi-dung$/);

    // Enter in a field of a form with "add a row" buttons saves the draft; it does not add a row.
    const before = await countRequests();
    await page.goto(`${server.url}/yeu-cau/moi/joint_inspection?mau=1`);
    await page.focus("#f-to");
    await page.selectOption("#f-to", "CATW");
    await page.focus("#f-payload-subjectMatter");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/yeu-cau\/[0-9a-f-]{36}$/);
    await expectFlash(page, "Đã lưu dự thảo");
    expect(await page.textContent("#trang-thai")).toBe("Dự thảo");
    expect(await countRequests()).toBe(before + 1);

    await page.click("text=Tạo yêu cầu mới từ nội dung này");
    expect(await page.inputValue("#f-to")).toBe("CATW");
    const sample = findKind("joint_inspection")!.sample as { subjectMatter: string };
    expect(await page.inputValue("#f-payload-subjectMatter")).toBe(sample.subjectMatter);
    expect(await page.inputValue("#f-payload-team-1-name")).not.toBe("");
    await context.close();
  });

  it("keeps every page within 360 px and loads nothing from outside the service", async () => {
    const { context, page } = await as("operator", 360);
    const outside: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith("data:")) outside.push(r.url());
    });
    const blocked: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && m.text().includes("Content Security Policy")) blocked.push(m.text());
    });
    for (const [path, name] of [
      ["/yeu-cau", "requests-360px"],
      [`/yeu-cau/${requestId}`, "request-360px"],
      ["/hop-thu-den", "inbox-360px"],
      ["/bao-cao", "reports-360px"],
      ["/bao-cao/so-lieu", "report-figures-360px"],
      ["/thong-bao", "notifications-360px"],
      ["/danh-ba", "registry-360px"],
      ["/nguoi-dung", "people-360px"],
      ["/thu-di", "outbox-360px"],
      ["/mau-van-ban", "templates-360px"],
      ["/so-van-ban/di", "outgoing-register-360px"],
      ["/so-van-ban/den", "incoming-register-360px"],
      ["/so-van-ban/den/cho-vao-so", "pending-letters-360px"],
      ["/tim-kiem?q=can+bo", "search-360px"],
      [`/tep-dinh-kem/${requestId}`, "attachments-360px"],
      ["/admin/queues", "queues-360px"],
    ] as const) {
      const res = await page.goto(`${server.url}${path}`);
      expect(res!.status(), path).toBe(200);
      await page.waitForLoadState("networkidle");
      const overflow = Number(
        await page.evaluate("document.documentElement.scrollWidth - window.innerWidth"),
      );
      if (!path.startsWith("/admin"))
        expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
      await screenshot(page, name);
    }
    expect(outside).toEqual([]);
    expect(blocked, "nothing the pages use is blocked by their own CSP").toEqual([]);
    await context.close();
  });
});
