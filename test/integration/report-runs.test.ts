import PizZip from "pizzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportRun as reportRunJob } from "../../src/jobs/catalog.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { queuesIdle } from "../support/queues-idle.js";

describe.each(["redis", "postgres"] as const)("periodic reports on the %s queue backend", (backend) => {
  // 1 April 2026, 10:00 in Hà Nội: 2026-Q1 with figures closing on the 14th ran from 15/12/2025 to 14/3/2026.
  const clock = fixedClock("2026-03-05T03:00:00Z");
  let h: Harness;
  let admin: string;
  let province: string;

  beforeAll(async () => {
    h = await createHarness({ queue: backend, workers: true, clock });
    admin = await h.token("CATW", ["admin", "clerk", "approver"]);
    province = await h.token("NGHE-AN", ["clerk"]);
    // One request in the quarter, from the central UBKT to Nghệ An.
    const r = await json(
      await h.call("POST", "/v1/requests", { token: admin, body: staffSecondmentBody({ to: "NGHE-AN" }) }),
    );
    await h.call("POST", `/v1/requests/${r.id}/submit`, { token: admin });
    await h.call("POST", `/v1/requests/${r.id}/approve`, { token: admin });
    await eventually(
      async () =>
        (await json(await h.call("GET", `/v1/requests/${r.id}`, { token: admin }))).status === "sent",
    );
    clock.set("2026-04-01T03:00:00Z");
  });
  afterAll(() => h.close());

  it("creates a schedule whose BullMQ job scheduler fires in Asia/Ho_Chi_Minh", async () => {
    const res = await h.call("POST", "/v1/report-schedules", {
      token: admin,
      body: {
        code: `q-${backend}`,
        name: "Báo cáo quý",
        target: "committee:NGHE-AN",
        periodType: "quarter",
        cutoff: { closesOnDay: 14, dueWorkingDays: 10 },
      },
    });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ cron: "0 7 15 3,6,9,12 *", tz: "Asia/Ho_Chi_Minh", active: true });
    const scheduler = await h.queues.findScheduler("maintenance", `report-q-${backend}`);
    expect(scheduler).toMatchObject({ pattern: "0 7 15 3,6,9,12 *", tz: "Asia/Ho_Chi_Minh" });
    // The next run is 07:00 in Hà Nội on a 15th: 00:00 UTC.
    const next = new Date(scheduler!.next!);
    expect(next.getUTCHours()).toBe(0);
    expect(next.getUTCDate()).toBe(15);
    // Switched off, the scheduler goes; switched on, it comes back (upserted, one per schedule).
    await h.call("PATCH", `/v1/report-schedules/${body.id}`, { token: admin, body: { active: false } });
    expect(await h.queues.findScheduler("maintenance", `report-q-${backend}`)).toBeNull();
    await h.call("PATCH", `/v1/report-schedules/${body.id}`, { token: admin, body: { active: true } });
    expect(await h.queues.findScheduler("maintenance", `report-q-${backend}`)).not.toBeNull();
  });

  it("runs a period: a numbered báo cáo with the pair's figures, sent; running it again changes nothing", async () => {
    const { items } = await json(await h.call("GET", "/v1/report-schedules", { token: admin }));
    const schedule = items.find((s: { code: string }) => s.code === `q-${backend}`);
    const run = await h.call("POST", `/v1/report-schedules/${schedule.id}/run`, {
      token: admin,
      body: { periodKey: "2026-Q1" },
    });
    expect(run.status).toBe(202);
    const report = await eventually(async () => {
      const list = await json(await h.call("GET", "/v1/requests?kind=periodic_report", { token: admin }));
      const id = list.items[0]?.id;
      if (!id) return undefined;
      const d = await json(await h.call("GET", `/v1/requests/${id}`, { token: admin }));
      return d.status === "sent" ? d : undefined;
    }, 30_000);
    expect(report.documents[0].symbol).toMatch(/^\d{2,}-BC\/UBKT$/);
    const docx = Buffer.from(
      await (await h.call("GET", report.documents[0].download, { token: admin })).arrayBuffer(),
    );
    const text = new PizZip(docx)
      .file("word/document.xml")!
      .asText()
      .replace(/<[^>]+>/g, "");
    expect(text).toContain("BÁO CÁO");
    expect(text).toContain("quý I năm 2026");
    expect(text).toContain("15/12/2025");
    // The one Vietnamese formatter: a month above 2 takes no leading zero (DOMAIN.md "Dates").
    expect(text).toContain("14/3/2026");
    // The counterpart sees the report addressed to it.
    expect((await h.call("GET", `/v1/requests/${report.id}`, { token: province })).status).toBe(200);

    await h.call("POST", `/v1/report-schedules/${schedule.id}/run`, {
      token: admin,
      body: { periodKey: "2026-Q1" },
    });
    await eventually(() => queuesIdle(h.queues));
    const list = await json(await h.call("GET", "/v1/requests?kind=periodic_report", { token: admin }));
    expect(list.items).toHaveLength(1);
    const bySchedule = `/v1/requests?kind=periodic_report&schedule=`;
    const mine = await json(await h.call("GET", `${bySchedule}${schedule.code}`, { token: admin }));
    expect(mine.items.map((r: { id: string }) => r.id)).toEqual([list.items[0].id]);
    const other = await json(await h.call("GET", `${bySchedule}lich-khac`, { token: admin }));
    expect(other.items).toEqual([]);
  });

  it("a submission answers the report that asked for it; submitted figures go into the next report", async () => {
    const { items } = await json(await h.call("GET", "/v1/report-schedules", { token: admin }));
    const schedule = items.find((s: { code: string }) => s.code === `q-${backend}`);
    const figures = {
      inspections: { total: 4, coordinated: 1 },
      supervisions: { total: 2, coordinated: 0 },
      organisations: { total: 63, coordinated: 58 },
      members: { total: 10, coordinated: 3 },
      denunciations: { total: 0, coordinated: 0 },
      disciplined: { total: 147, coordinated: 13 },
    };
    // The Q1 report was sent: Nghệ An's Q1 figures answer it.
    const submitted = await h.call("POST", "/v1/report-submissions", {
      token: province,
      body: { periodKey: "2026-Q1", figures },
    });
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const list = await json(await h.call("GET", "/v1/requests?kind=periodic_report", { token: admin }));
    const q1 = await json(await h.call("GET", `/v1/requests/${list.items[0].id}`, { token: admin }));
    expect(q1.status).toBe("responded");
    expect(q1.dispatches[0].status).toBe("answered");
    expect(q1.events.map((e: { action: string }) => e.action)).toContain("submission_received");

    // 2025-Q4: the figures are in before the run, so the report prints them with their rates.
    await h.call("POST", "/v1/report-submissions", {
      token: province,
      body: { periodKey: "2025-Q4", figures },
    });
    await h.call("POST", `/v1/report-schedules/${schedule.id}/run`, {
      token: admin,
      body: { periodKey: "2025-Q4" },
    });
    const q4 = await eventually(async () => {
      const l = await json(await h.call("GET", "/v1/requests?kind=periodic_report", { token: admin }));
      const found = l.items.find(
        (r: { payload: { periodKey: string } }) => r.payload.periodKey === "2025-Q4",
      );
      if (!found) return undefined;
      const d = await json(await h.call("GET", `/v1/requests/${found.id}`, { token: admin }));
      return d.documents[0]?.download ? d : undefined;
    }, 30_000);
    const docx = Buffer.from(
      await (await h.call("GET", q4.documents[0].download, { token: admin })).arrayBuffer(),
    );
    const text = new PizZip(docx)
      .file("word/document.xml")!
      .asText()
      .replace(/<[^>]+>/g, "");
    expect(text).toContain("92,06%"); // 58/63
    expect(text).toContain("8,84%"); // 13/147
    expect(text).toContain("không xác định"); // 0/0
  });

  it("a job scheduler fires in Asia/Ho_Chi_Minh and its run reports the last closed period", async () => {
    const res = await h.call("POST", "/v1/report-schedules", {
      token: admin,
      body: {
        code: `fire-${backend}`,
        name: "Báo cáo tháng",
        target: "committee:HA-NOI",
        periodType: "month",
        cutoff: { closesOnDay: "last", dueWorkingDays: 5 },
        active: false,
      },
    });
    const schedule = await json(res);
    // A short test pattern (every second) stands in for "0 7 1 * *"; the time zone is the production one.
    await h.queues.schedule(
      reportRunJob,
      { pattern: "* * * * * *", tz: "Asia/Ho_Chi_Minh" },
      { scheduleId: schedule.id },
      `test-fire-${backend}`,
    );
    try {
      const run = await eventually(async () => {
        const { rows } = await h.db.query("select period_key from report_runs where schedule_id = $1", [
          schedule.id,
        ]);
        return rows[0];
      }, 20_000);
      // The clock stands at 1/4/2026 in Hà Nội: the last closed month is March.
      expect(run.period_key).toBe("2026-03");
    } finally {
      await h.queues.unschedule("maintenance", `test-fire-${backend}`);
    }
  });

  it("refuses impossible schedules, bad periods, and a hand-filed report", async () => {
    const bad = await h.call("POST", "/v1/report-schedules", {
      token: admin,
      body: {
        code: "bad",
        name: "x",
        target: "committee:NGHE-AN",
        periodType: "month",
        cutoff: { closesOnDay: 31, dueWorkingDays: 5 },
      },
    });
    expect(bad.status).toBe(400);
    const { items } = await json(await h.call("GET", "/v1/report-schedules", { token: admin }));
    const res = await h.call("POST", `/v1/report-schedules/${items[0].id}/run`, {
      token: admin,
      body: { periodKey: "2026-Q5" },
    });
    expect(res.status).toBe(400);
    expect((await h.call("POST", "/v1/report-schedules", { token: province, body: {} })).status).toBe(403);
    const manual = await h.call("POST", "/v1/requests", {
      token: admin,
      body: { kind: "periodic_report", to: "NGHE-AN", payload: {} },
    });
    expect(manual.status).toBe(400);
  });
});

describe("a term summary", () => {
  // 10 January 2026: the 2020-2025 term closed on 30/9/2025.
  const clock = fixedClock("2026-01-10T03:00:00Z");
  let h: Harness;
  afterAll(() => h?.close());

  it("gathers the whole term with exact fractions (58/63 = 92,06%, 13/147 = 8,84%)", async () => {
    h = await createHarness({ queue: "redis", workers: true, clock });
    const admin = await h.token("CATW", ["admin"]);
    const province = await h.token("THANH-HOA", ["clerk"]);
    const res = await h.call("POST", "/v1/report-schedules", {
      token: admin,
      body: {
        code: "tong-ket",
        name: "Tổng kết nhiệm kỳ",
        target: "committee:THANH-HOA",
        periodType: "term",
        cutoff: { closesOnDay: "last", dueWorkingDays: 20 },
      },
    });
    const schedule = await json(res);
    expect(schedule.cron).toBeNull(); // terms are run by hand
    const figures = {
      inspections: { total: 115, coordinated: 17 },
      supervisions: { total: 20, coordinated: 5 },
      organisations: { total: 63, coordinated: 58 },
      members: { total: 300, coordinated: 45 },
      denunciations: { total: 8, coordinated: 8 },
      disciplined: { total: 147, coordinated: 13 },
    };
    const sub = await h.call("POST", "/v1/report-submissions", {
      token: province,
      body: { periodKey: "NK2020-2025", figures },
    });
    expect(sub.status, await sub.clone().text()).toBe(201);
    await h.call("POST", `/v1/report-schedules/${schedule.id}/run`, {
      token: admin,
      body: { periodKey: "NK2020-2025" },
    });
    const report = await eventually(async () => {
      const l = await json(await h.call("GET", "/v1/requests?kind=periodic_report", { token: admin }));
      const d =
        l.items[0] && (await json(await h.call("GET", `/v1/requests/${l.items[0].id}`, { token: admin })));
      return d?.documents[0]?.download ? d : undefined;
    }, 30_000);
    expect(report.payload.periodLabel).toBe("nhiệm kỳ 2020-2025");
    const rates = Object.fromEntries(
      report.payload.figures.map((f: { content: string; rate: string }) => [f.content, f.rate]),
    );
    expect(Object.values(rates)).toEqual(
      expect.arrayContaining(["14,78%", "25,00%", "92,06%", "15,00%", "100,00%", "8,84%"]),
    );
    const docx = Buffer.from(
      await (await h.call("GET", report.documents[0].download, { token: admin })).arrayBuffer(),
    );
    const text = new PizZip(docx)
      .file("word/document.xml")!
      .asText()
      .replace(/<[^>]+>/g, "");
    expect(text).toContain("nhiệm kỳ 2020-2025");
    expect(text).toContain("01/10/2020");
  });
});
