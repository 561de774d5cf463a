import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCalendar } from "../../src/domain/working-days.js";
import { runReport } from "../../src/reports/run-report.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { signIn, type WebClient } from "../support/web.js";

// 10 February 2026 in Hà Nội for the January run, then 5 March 2026 for everything else.
const clock = fixedClock("2026-02-10T03:00:00Z");
let h: Harness;
let adminToken: string;
let clerk: WebClient; // CATW clerk
let admin: WebClient; // CATW admin
let province: WebClient; // NGHE-AN clerk

const figures = {
  inspections: { total: 4, coordinated: 1 },
  supervisions: { total: 2, coordinated: 0 },
  organisations: { total: 5, coordinated: 5 },
  members: { total: 9, coordinated: 0 },
  denunciations: { total: 0, coordinated: 0 },
  disciplined: { total: 0, coordinated: 0 },
};

async function expectStatus(res: Response, status: number) {
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

async function scheduleActive(): Promise<boolean> {
  const { items } = await json(await h.call("GET", "/v1/report-schedules", { token: adminToken }));
  return items.find((s: { code: string }) => s.code === "bc-thang").active;
}

/** The table row of one period on the schedule page. */
function periodRow(html: string, key: string): string {
  const start = html.indexOf(`<tr id="ky-${key}">`);
  expect(start, `no row for ${key}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</tr>", start));
}

/** The y of a chart point (circle marker) with this exact fraction. */
function pointY(html: string, rate: string): number {
  const m = new RegExp(`data-rate="${rate}"><title>[^<]*</title><circle cx="[^"]+" cy="([^"]+)"`).exec(html);
  expect(m, `no chart point ${rate}`).not.toBeNull();
  return Number(m![1]);
}

beforeAll(async () => {
  h = await createHarness({ queue: "redis", clock });
  adminToken = await h.token("CATW", ["admin"]);
  const filer = await h.token("CATW", ["clerk", "approver"]);
  const ngheAn = await h.token("NGHE-AN", ["clerk"]);
  await expectStatus(
    await h.call("POST", "/v1/report-schedules", {
      token: adminToken,
      body: {
        code: "bc-thang",
        name: "Báo cáo tháng về phối hợp",
        target: "group:provinces",
        periodType: "month",
        cutoff: { closesOnDay: "last", dueWorkingDays: 5 },
      },
    }),
    201,
  );
  // The run the scheduled job makes (the same function the worker calls): one báo cáo to each of the 34 provinces.
  const outcome = await runReport({ db: h.db, clock, calendar: createCalendar() }, "bc-thang", "2026-01");
  expect(outcome.created).toBe(34);

  clock.set("2026-03-05T03:00:00Z");
  // Nghệ An sends its January figures (answering its report) and its February ones; nobody else does.
  for (const periodKey of ["2026-01", "2026-02"]) {
    await expectStatus(
      await h.call("POST", "/v1/report-submissions", { token: ngheAn, body: { periodKey, figures } }),
      201,
    );
  }
  // One request to Hà Nội, approved in March: the only province the central committee coordinates with then.
  const r = await expectStatus(
    await h.call("POST", "/v1/requests", { token: filer, body: staffSecondmentBody({ to: "HA-NOI" }) }),
    201,
  );
  await expectStatus(await h.call("POST", `/v1/requests/${r.id}/submit`, { token: filer }), 200);
  await expectStatus(await h.call("POST", `/v1/requests/${r.id}/approve`, { token: filer }), 200);

  clerk = await signIn(h, await h.token("CATW", ["clerk"]));
  admin = await signIn(h, adminToken);
  province = await signIn(h, ngheAn);
});
afterAll(() => h.close());

describe("the reports screen", () => {
  it("lists the schedules for a clerk, with the statistics form defaulting to the year so far", async () => {
    const page = await clerk.get("/bao-cao");
    expect(page.status, page.html).toBe(200);
    expect(page.html).toContain('href="/bao-cao/lich/bc-thang"');
    expect(page.html).toContain("Báo cáo tháng về phối hợp");
    expect(page.html).toContain("Các UBKT tỉnh ủy, thành ủy");
    expect(page.html).toContain("Đang chạy theo lịch");
    expect(page.html).toMatch(/name="from" value="2026-01-01"/);
    expect(page.html).toMatch(/name="to" value="2026-03-05"/);
    expect(page.html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  });

  it("shows a schedule's periods, its runs and who has not submitted", async () => {
    const page = await clerk.get("/bao-cao/lich/bc-thang");
    expect(page.status, page.html).toBe(200);
    const january = periodRow(page.html, "2026-01");
    expect(january).toContain("Tháng 1 năm 2026");
    expect(january).toContain("34 báo cáo");
    expect(january).toContain("Đã phê duyệt: 34"); // numbered and approved; no worker has mailed them here
    expect(january).toContain("33 ủy ban chưa gửi");
    expect(january).toContain("(HA-NOI)");
    expect(january).not.toContain("(NGHE-AN)");
    const february = periodRow(page.html, "2026-02");
    expect(february).toContain("Chưa lập báo cáo");
    expect(february).toContain("33 ủy ban chưa gửi");
    expect(periodRow(page.html, "2025-12")).toContain("34 ủy ban chưa gửi");
    expect(page.html).not.toContain("Thao tác (quản trị)");
    expect((await clerk.get("/bao-cao/lich/khong-co")).status).toBe(404);
  });

  it("charts the rates per month from real data, with the numbers in a table beside the chart", async () => {
    const page = await clerk.get("/bao-cao?from=2026-01-01&to=2026-03-05");
    expect(page.status, page.html).toBe(200);
    expect(page.html).toMatch(/<svg[^>]+role="img"[^>]+aria-label="Tỷ lệ phối hợp theo tháng/);
    expect(page.html).toContain('<title id="bieu-do-ty-le-title">');
    expect(page.html).toContain('<desc id="bieu-do-ty-le-desc">');
    expect(page.html).toContain("Tỷ lệ (%)");
    expect(page.html).not.toMatch(/\sstyle=/); // the CSP allows no inline style
    // The central committee's default view is the whole country. The reports phoihop sent in February are not
    // coordination: January and February have none (undefined, not 0/34); Hà Nội alone in March, of 34 units.
    expect(page.html).not.toContain('data-rate="34/34"');
    expect(page.html).not.toContain('data-rate="0/34"');
    pointY(page.html, "1/34");
    expect(page.html).toContain(
      "Tháng 3/2026 (01/03/2026–05/03/2026) — UBKT tỉnh ủy, thành ủy có văn bản phối hợp qua phoihop: 2,94% (1/34)",
    );
    // Monthly submissions are not quarters: their series are named as not drawn, never dropped silently.
    expect(page.html).toMatch(/Không có điểm nào để vẽ[^<]*Cuộc kiểm tra có phối hợp/);
    // The range as a whole: 1 of 34 provinces, with the fraction and the source.
    expect(page.html).toMatch(
      /UBKT tỉnh ủy, thành ủy có văn bản phối hợp qua phoihop<\/th><td>1<\/td><td>34<\/td><td>2,94% \(1\/34\)<\/td><td class="muted">yêu cầu phối hợp đã đánh số/,
    );
  });

  it("charts the submitted figures of the period type asked for", async () => {
    const page = await clerk.get("/bao-cao?from=2026-01-01&to=2026-03-05&periodType=month");
    expect(page.status, page.html).toBe(200);
    // Nghệ An's monthly figures: (1 + 0) of (4 + 2) plans coordinated, in January and in February.
    expect(page.html).toContain(
      "Tháng 2/2026 — Cuộc kiểm tra, giám sát có phối hợp (cộng chung): 16,67% (1/6)",
    );
    expect(page.html).toContain("<td>16,67% (1/6)</td>");
    expect(page.html).toContain("<td>2,94% (1/34)</td>");
    expect(page.html).toContain('data-rate="1/6"');
  });

  it("shows the API's messages at the date fields with 400 for a bad range", async () => {
    const backwards = await clerk.get("/bao-cao?from=2026-03-31&to=2026-03-01");
    expect(backwards.status, backwards.html).toBe(400);
    expect(backwards.html).toMatch(
      /<div class="field invalid"><label for="f-query-to">Đến ngày<\/label><span class="field-error"[^>]*>`to` phải sau `from`<\/span>/,
    );
    expect(backwards.html).toContain('href="#f-query-to"');
    expect(backwards.html).not.toContain("<svg xmlns");

    const malformed = await clerk.get("/bao-cao?from=h%C3%B4m-qua&to=2026-03-01");
    expect(malformed.status, malformed.html).toBe(400);
    expect(malformed.html).toMatch(
      /<label for="f-query-from">Từ ngày<\/label><span class="field-error"[^>]*>phải là ngày dạng YYYY-MM-DD<\/span>/,
    );
    expect(malformed.html).toContain('value="hôm-qua"');
  });

  it("lets a province see only its own schedules and not the whole country", async () => {
    const page = await province.get("/bao-cao");
    expect(page.status, page.html).toBe(200);
    expect(page.html).toContain("Ủy ban NGHE-AN chưa có lịch báo cáo định kỳ nào.");
    expect(page.html).not.toContain('value="ALL"');
    expect((await province.get("/bao-cao/lich/bc-thang")).status).toBe(404);
    const all = await province.get("/bao-cao?committee=ALL");
    expect(all.status, all.html).toBe(403);
    expect(all.html).toContain("Số liệu toàn quốc chỉ UBKT Đảng ủy Công an Trung ương xem trực tiếp");
    // Another province's figures are neither offered nor given.
    expect(page.html).not.toContain('value="HA-TINH"');
    expect(page.html).toContain('value="CATW"');
    const other = await province.get("/bao-cao?committee=HA-TINH");
    expect(other.status, other.html).toBe(403);
  });
});

describe("the schedule's admin actions", () => {
  it("are offered to the committee's admin, who can run a period; a bad period key is shown at the field", async () => {
    const page = await admin.get("/bao-cao/lich/bc-thang");
    expect(page.html).toContain("Thao tác (quản trị)");
    expect(page.html).toContain('name="ky" value="2026-02"'); // the latest period not run yet

    const bad = await admin.post("/bao-cao/lich/bc-thang/chay", { ky: "2026-13" });
    expect(bad.status, bad.html).toBe(400);
    expect(bad.html).toMatch(
      /<span class="field-error" id="f-periodKey-loi">Mã kỳ báo cáo &quot;2026-13&quot; không hợp lệ/,
    );
    expect(bad.html).toContain('value="2026-13"');

    const run = await admin.post("/bao-cao/lich/bc-thang/chay", { ky: "2026-02" });
    expect(run.status, run.html).toBe(303);
    expect(run.location).toBe("/bao-cao/lich/bc-thang#ky-2026-02");
    expect((await admin.get(run.location!)).html).toContain("Đã xếp hàng lập báo cáo");
  });

  it("switch a schedule off and on for an admin, and refuse a clerk as the API does", async () => {
    const refused = await clerk.post("/bao-cao/lich/bc-thang/trang-thai", { bat: "0" });
    expect(refused.status, refused.html).toBe(403);
    expect(await scheduleActive()).toBe(true);
    expect((await clerk.post("/bao-cao/lich/bc-thang/chay", { ky: "2026-02" })).status).toBe(403);

    const off = await admin.post("/bao-cao/lich/bc-thang/trang-thai", { bat: "0" });
    expect(off.status, off.html).toBe(303);
    expect(await scheduleActive()).toBe(false);
    const page = await admin.get(off.location!);
    expect(page.html).toContain("Đã tạm dừng lịch");
    expect(page.html).toContain('<span class="badge warn">Tạm dừng</span>');
    await admin.post("/bao-cao/lich/bc-thang/trang-thai", { bat: "1" });
    expect(await scheduleActive()).toBe(true);
  });
});
