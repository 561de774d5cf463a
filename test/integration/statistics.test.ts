import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

// Thursday 5/3/2026 10:00 in Hà Nội; staff_secondment answers are due 5 working days later, Thursday 12/3 17:00.
const clock = fixedClock("2026-03-05T03:00:00Z");
let h: Harness;
let ngheAn: string;
let haNoi: string;
let central: string;
let gateway: string;

beforeAll(async () => {
  h = await createHarness({ queue: "redis", workers: true, clock });
  ngheAn = await h.token("NGHE-AN", ["clerk", "approver"]);
  haNoi = await h.token("HA-NOI", ["clerk", "approver"]);
  central = await h.token("CATW", ["auditor"]);
  gateway = await h.token("CATW", ["mail_gateway"]);
});
afterAll(() => h.close());

async function send(token: string): Promise<{ id: string; token: string }> {
  clock.set("2026-03-05T03:00:00Z");
  const r = await json(await h.call("POST", "/v1/requests", { token, body: staffSecondmentBody() }));
  await h.call("POST", `/v1/requests/${r.id}/submit`, { token });
  await h.call("POST", `/v1/requests/${r.id}/approve`, { token });
  await eventually(
    async () => (await json(await h.call("GET", `/v1/requests/${r.id}`, { token }))).status === "sent",
  );
  const { rows } = await h.db.query("select token from dispatches where request_id = $1", [r.id]);
  return { id: r.id, token: rows[0].token };
}

async function answer(dispatchToken: string, at: string, requestId: string, token: string) {
  clock.set(at);
  const raw = Buffer.from(
    `From: ubkt-catw@uy-ban-kiem-tra.example\r\nTo: reply+${dispatchToken}@phoihop.example\r\nSubject: Re\r\nMessage-ID: <${requestId}@catw.example>\r\n\r\nĐồng ý.\r\n`,
  );
  await h.call("POST", "/v1/inbound/mime", {
    token: gateway,
    body: raw,
    headers: { "content-type": "message/rfc822" },
  });
  await eventually(
    async () =>
      (await json(await h.call("GET", `/v1/requests/${requestId}`, { token }))).status === "responded",
  );
}

describe("GET /v1/statistics", () => {
  it("counts answers on time, late and missing, the median in working days, and exact rates", async () => {
    const a = await send(ngheAn); // answered Monday 9/3: 2 working days, on time
    const b = await send(ngheAn); // answered Tuesday 17/3: 8 working days, late
    await send(ngheAn); // never answered
    const d = await send(haNoi); // answered Wednesday 11/3: 4 working days, on time
    await answer(a.token, "2026-03-09T03:00:00Z", a.id, ngheAn);
    await answer(d.token, "2026-03-11T03:00:00Z", d.id, haNoi);
    await answer(b.token, "2026-03-17T03:00:00Z", b.id, ngheAn);
    clock.set("2026-03-20T03:00:00Z");

    const own = await json(
      await h.call("GET", "/v1/statistics?from=2026-03-01&to=2026-03-31", { token: ngheAn }),
    );
    expect(own.answers).toMatchObject({
      dispatched: 3,
      answeredOnTime: 1,
      answeredLate: 1,
      unanswered: 1,
      awaiting: 0,
    });
    expect(own.answers.medianAnswerWorkingDays).toBe(5); // (2 + 8) / 2
    expect(own.answers.overdue).toHaveLength(1);
    expect(own.rates.answeredOnTime).toMatchObject({
      numerator: 1,
      denominator: 3,
      text: "33,33%",
      fraction: "1/3",
    });
    expect(own.requests).toEqual([{ kind: "staff_secondment", direction: "sent", count: 3 }]);
    expect(own.documents).toEqual([{ typeCode: "CV", count: 3 }]);

    const all = await json(
      await h.call("GET", "/v1/statistics?from=2026-03-01&to=2026-03-31&committee=ALL", { token: central }),
    );
    expect(all.answers).toMatchObject({ dispatched: 4, answeredOnTime: 2, answeredLate: 1, unanswered: 1 });
    expect(all.rates.answeredOnTime).toMatchObject({ numerator: 2, denominator: 4, text: "50,00%" });
    expect(all.rates.provincesCoordinated).toMatchObject({ numerator: 2, denominator: 34, text: "5,88%" });
    expect(all.rates.provincesCoordinated.source).toContain("không gồm báo cáo định kỳ");

    const pair = await json(
      await h.call("GET", "/v1/statistics?from=2026-03-01&to=2026-03-31&committee=CATW", { token: haNoi }),
    );
    expect(pair.answers).toMatchObject({ dispatched: 1, answeredOnTime: 1 });
  });

  it("adds the committees' submitted figures for the periods inside the range (one period type only)", async () => {
    clock.set("2026-04-10T03:00:00Z");
    const figures = (i: [number, number], s: [number, number], d: [number, number]) => ({
      inspections: { total: i[0], coordinated: i[1] },
      supervisions: { total: s[0], coordinated: s[1] },
      organisations: { total: 5, coordinated: 5 },
      members: { total: 9, coordinated: 0 },
      denunciations: { total: 0, coordinated: 0 },
      disciplined: { total: d[0], coordinated: d[1] },
    });
    const submit = (token: string, periodKey: string, f: object) =>
      h.call("POST", "/v1/report-submissions", { token, body: { periodKey, figures: f } });
    expect((await submit(ngheAn, "2026-Q1", figures([4, 1], [2, 0], [147, 13]))).status).toBe(201);
    expect((await submit(haNoi, "2026-Q1", figures([6, 2], [3, 1], [53, 7]))).status).toBe(201);
    // A yearly figure overlapping the quarter must not be added on top of it.
    expect((await submit(haNoi, "2025", figures([100, 100], [0, 0], [1, 1]))).status).toBe(201);

    const all = await json(
      await h.call("GET", "/v1/statistics?from=2026-01-01&to=2026-03-31&committee=ALL", { token: central }),
    );
    expect(all.submissions).toMatchObject({ periodType: "quarter", periods: ["2026-Q1"], committees: 2 });
    // Plans: (1 + 0 + 2 + 1) / (4 + 2 + 6 + 3) = 4/15; disciplined: (13 + 7) / (147 + 53) = 20/200.
    expect(all.rates.plansCoordinated).toMatchObject({ numerator: 4, denominator: 15, text: "26,67%" });
    expect(all.rates.disciplinedCoordinated).toMatchObject({
      numerator: 20,
      denominator: 200,
      text: "10,00%",
    });
    // Both provinces coordinated in an inspection, one in a supervision, of the 34 units of 2026.
    expect(all.rates.provincesCoordinatedInspection).toMatchObject({ numerator: 2, denominator: 34 });
    expect(all.rates.provincesCoordinatedSupervision).toMatchObject({ numerator: 1, denominator: 34 });
    expect(all.rates.denunciationsCoordinated.text).toBe("không xác định");
    const own = await json(
      await h.call("GET", "/v1/statistics?from=2026-01-01&to=2026-03-31", { token: ngheAn }),
    );
    expect(own.rates.disciplinedCoordinated).toMatchObject({
      numerator: 13,
      denominator: 147,
      text: "8,84%",
    });
  });

  it("says a rate is undefined rather than 0% when there is nothing to count", async () => {
    const none = await json(
      await h.call("GET", "/v1/statistics?from=2025-01-01&to=2025-01-31", { token: ngheAn }),
    );
    expect(none.rates.answeredOnTime).toMatchObject({
      numerator: 0,
      denominator: 0,
      value: null,
      text: "không xác định",
    });
    const country = await json(
      await h.call("GET", "/v1/statistics?from=2025-01-01&to=2025-01-31", { token: central }),
    );
    // Nothing recorded in January 2025: undefined, not "0,00% (0/63)".
    expect(country.rates.provincesCoordinated).toMatchObject({
      denominator: 0,
      value: null,
      text: "không xác định",
    });
  });

  it("refuses bad ranges and the whole-country view to a province", async () => {
    expect(
      (await h.call("GET", "/v1/statistics?from=2026-03-31&to=2026-03-01", { token: ngheAn })).status,
    ).toBe(400);
    expect((await h.call("GET", "/v1/statistics?from=hôm-qua&to=2026-03-01", { token: ngheAn })).status).toBe(
      400,
    );
    expect(
      (await h.call("GET", "/v1/statistics?from=2026-03-01&to=2026-03-31&committee=ALL", { token: ngheAn }))
        .status,
    ).toBe(403);
    const other = await h.call("GET", "/v1/statistics?from=2026-03-01&to=2026-03-31&committee=HA-NOI", {
      token: ngheAn,
    });
    expect(other.status).toBe(403);
    expect((await json(other)).error.details[0].field).toBe("query.committee");
    expect(
      (
        await h.call("GET", "/v1/statistics?from=2026-03-01&to=2026-03-31&committee=ATLANTIS", {
          token: ngheAn,
        })
      ).status,
    ).toBe(400);
    expect((await h.call("GET", "/v1/statistics?from=2026-03-01&to=2026-03-31")).status).toBe(401);
  });
});
