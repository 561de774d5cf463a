import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailSettings } from "../../src/config.js";
import { createCalendar } from "../../src/domain/working-days.js";
import { sweepReminders } from "../../src/mail/remind.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { signIn } from "../support/web.js";

// Monday 16/3/2026, 10:00 in Hà Nội: 2026-Q1 with figures closing on the 14th ended on Saturday 14/3; its report
// is due 10 working days later, Friday 27/3/2026. 2026-Q2 is open, 2027-Q2 is in the future.
const clock = fixedClock("2026-03-16T03:00:00Z");
let h: Harness;
let admin: string;
const schedules: Record<string, string> = {};

const FIGURES = {
  inspections: { total: 4, coordinated: 1 },
  supervisions: { total: 2, coordinated: 0 },
  organisations: { total: 5, coordinated: 2 },
  members: { total: 9, coordinated: 1 },
  denunciations: { total: 1, coordinated: 1 },
  disciplined: { total: 7, coordinated: 1 },
};

async function schedule(code: string, target: string) {
  const res = await h.call("POST", "/v1/report-schedules", {
    token: admin,
    body: {
      code,
      name: `Báo cáo quý ${target}`,
      target: `committee:${target}`,
      periodType: "quarter",
      cutoff: { closesOnDay: 14, dueWorkingDays: 10 },
    },
  });
  expect(res.status).toBe(201);
  schedules[code] = (await json(res)).id;
}

const run = (code: string, periodKey: string) =>
  h.call("POST", `/v1/report-schedules/${schedules[code]}/run`, { token: admin, body: { periodKey } });

async function reportFor(periodKey: string, to: string) {
  return eventually(async () => {
    const list = await json(await h.call("GET", "/v1/requests?kind=periodic_report", { token: admin }));
    const found = list.items.find(
      (r: { to: string; payload: { periodKey: string } }) => r.to === to && r.payload.periodKey === periodKey,
    );
    if (!found) return undefined;
    const d = await json(await h.call("GET", `/v1/requests/${found.id}`, { token: admin }));
    return d.dispatches[0]?.deadlineAt ? d : undefined;
  }, 30_000);
}

beforeAll(async () => {
  h = await createHarness({ queue: "redis", workers: true, clock });
  admin = await h.token("CATW", ["admin", "clerk", "approver"]);
  await schedule("quy-nghe-an", "NGHE-AN");
  await schedule("quy-ha-tinh", "HA-TINH");
});
afterAll(() => h.close());

describe("report runs only for closed periods of the schedule's type", () => {
  it.each([
    ["2026-Q2", "chưa kết thúc"], // open: closes on 14/6
    ["2027-Q2", "chưa kết thúc"], // future
    ["2026-03", "không phải kỳ của lịch này"], // a month on a quarterly schedule
    ["2026", "không phải kỳ của lịch này"],
    ["2026-Q5", "không hợp lệ"],
  ])("refuses %s with a Vietnamese reason naming periodKey, and runs nothing", async (periodKey, reason) => {
    const res = await run("quy-nghe-an", periodKey);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.message).toContain(reason);
    expect(body.error.details[0].field).toBe("periodKey");
    const { rows } = await h.db.query("select count(*)::int as n from report_runs");
    expect(rows[0].n).toBe(0);
  });
});

describe("one deadline per period", () => {
  it("shows the same due day on the schedule, the request, the e-mail and the submission form", async () => {
    expect((await run("quy-nghe-an", "2026-Q1")).status).toBe(202);
    const report = await reportFor("2026-Q1", "NGHE-AN");
    // The request: due Friday 27/3/2026 at 17:00 in Hà Nội (10:00 UTC), 10 working days after Saturday 14/3.
    expect(report.payload.dueOn).toBe("2026-03-27");
    expect(report.dispatches[0].deadlineAt).toBe("2026-03-27T10:00:00.000Z");
    // The schedule page.
    const central = await signIn(h, admin);
    const page = await central.get("/bao-cao/lich/quy-nghe-an");
    expect(page.html).toContain("Hạn gửi số liệu: 17:00 ngày 27/3/2026");
    // The e-mail asks for the figures by that day, not for a reply.
    const { rows } = await h.db.query<{ raw: Buffer }>(
      "select raw from outbound_messages where request_id = $1",
      [report.id],
    );
    const mail = await simpleParser(rows[0]!.raw);
    expect(mail.text).toContain("trước 17:00 ngày 27/3/2026");
    expect(mail.text).toContain("/bao-cao/so-lieu");
    // The submission form of the province.
    const ngheAn = await signIn(h, await h.token("NGHE-AN", ["clerk"]));
    const form = await ngheAn.get("/bao-cao/so-lieu");
    expect(form.html).toMatch(
      /Kỳ <strong>2026-Q1<\/strong>[^<]*: hạn gửi <strong class="due-on">17:00 ngày 27\/3\/2026<\/strong>/,
    );
    // And the form takes the figures now: the period closed on 14/3 by the schedule's cut-off, not on 31/3.
    const sent = await h.call("POST", "/v1/report-submissions", {
      token: await h.token("NGHE-AN", ["clerk"]),
      body: { periodKey: "2026-Q1", figures: FIGURES },
    });
    expect(sent.status, await sent.clone().text()).toBe(201);
  });

  it("does not remind a committee that sent its figures before the report", async () => {
    const haTinh = await h.token("HA-TINH", ["clerk"]);
    const sent = await h.call("POST", "/v1/report-submissions", {
      token: haTinh,
      body: { periodKey: "2026-Q1", figures: FIGURES },
    });
    expect(sent.status).toBe(201);
    expect((await run("quy-ha-tinh", "2026-Q1")).status).toBe(202);
    const report = await reportFor("2026-Q1", "HA-TINH");
    // The morning of the due day, then past it: no reminder, no overdue mark; the dispatch is answered.
    const deps = { db: h.db, clock, calendar: createCalendar(), mail: mailSettings(h.cfg) };
    clock.set("2026-03-27T02:00:00Z");
    const first = await sweepReminders(deps);
    clock.set("2026-04-06T02:00:00Z");
    const second = await sweepReminders(deps);
    expect(first.overdue + second.overdue).toBe(0);
    const after = await json(await h.call("GET", `/v1/requests/${report.id}`, { token: admin }));
    expect(after.dispatches[0].status).toBe("answered");
    expect(after.status).toBe("responded");
    const { rows } = await h.db.query(
      "select count(*)::int as n from outbound_messages where request_id = $1 and subject like 'Nhắc%'",
      [report.id],
    );
    expect(rows[0].n).toBe(0);
    clock.set("2026-03-16T03:00:00Z");
  });
});
