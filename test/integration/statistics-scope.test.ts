import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { signIn } from "../support/web.js";
import { staffSecondmentBody } from "../support/samples.js";

// The leak test by subtraction: what Nghệ An reads for any scope before Hà Tĩnh (and the rest of the country)
// records anything must be exactly what it reads afterwards. A difference is another province's figures.
const clock = fixedClock("2026-04-10T03:00:00Z");
let h: Harness;
let ngheAn: string;
let haTinh: string;
let codes: string[];

const figures = (n: number) => ({
  inspections: { total: 4 * n, coordinated: n },
  supervisions: { total: 2 * n, coordinated: n },
  organisations: { total: 5 * n, coordinated: 2 * n },
  members: { total: 9 * n, coordinated: n },
  denunciations: { total: 3 * n, coordinated: n },
  disciplined: { total: 7 * n, coordinated: n },
  thematicPlans: { total: 3 * n, coordinated: n },
});

async function coordinate(token: string, to = "CATW") {
  clock.set("2026-03-05T03:00:00Z");
  const r = await json(await h.call("POST", "/v1/requests", { token, body: staffSecondmentBody({ to }) }));
  await h.call("POST", `/v1/requests/${r.id}/submit`, { token });
  await h.call("POST", `/v1/requests/${r.id}/approve`, { token });
  clock.set("2026-04-10T03:00:00Z");
}

const RANGES = [
  "from=2026-01-01&to=2026-03-31",
  "from=2026-03-01&to=2026-03-31",
  "from=2025-01-01&to=2026-12-31",
];

/** Every scope the API knows, as Nghệ An's token reads it: status and body (without the echo of the scope). */
async function readEveryScope(token: string) {
  const seen: Record<string, { status: number; body: unknown }> = {};
  for (const range of RANGES) {
    for (const committee of ["", "ALL", ...codes]) {
      const res = await h.call(
        "GET",
        `/v1/statistics?${range}${committee ? `&committee=${committee}` : ""}`,
        {
          token,
        },
      );
      const body = await json(res);
      seen[`${range} ${committee}`] = {
        status: res.status,
        body: res.status === 200 ? body : body.error.code,
      };
    }
  }
  return seen;
}

beforeAll(async () => {
  h = await createHarness({ queue: "postgres", clock });
  ngheAn = await h.token("NGHE-AN", ["clerk", "approver"]);
  haTinh = await h.token("HA-TINH", ["clerk", "approver"]);
  const { rows } = await h.db.query<{ code: string }>("select code from committees order by code");
  codes = rows.map((r) => r.code);
});
afterAll(() => h.close());

describe("scope is authorization: a province never reads another's figures", () => {
  it("reads the same for every scope whatever the other provinces record (subtraction gives 0)", async () => {
    await coordinate(ngheAn);
    expect(
      (
        await h.call("POST", "/v1/report-submissions", {
          token: ngheAn,
          body: { periodKey: "2026-Q1", figures: figures(1) },
        })
      ).status,
    ).toBe(201);
    const before = await readEveryScope(ngheAn);

    // Hà Tĩnh and two more provinces record requests and figures; Hà Tĩnh also writes to Nghệ An's neighbour.
    await coordinate(haTinh);
    await coordinate(haTinh);
    await h.call("POST", "/v1/report-submissions", {
      token: haTinh,
      body: { periodKey: "2026-Q1", figures: figures(5) },
    });
    for (const code of ["HA-NOI", "QUANG-TRI"]) {
      const t = await h.token(code, ["clerk", "approver"]);
      await coordinate(t);
      await h.call("POST", "/v1/report-submissions", {
        token: t,
        body: { periodKey: "2026-Q1", figures: figures(3) },
      });
    }
    const after = await readEveryScope(ngheAn);
    expect(after).toEqual(before);

    // What is offered: its own figures, alone and with the central committee; nothing else.
    const offered = Object.entries(after)
      .filter(([, v]) => v.status === 200)
      .map(([k]) => k.split(" ")[1]);
    expect(new Set(offered)).toEqual(new Set(["", "NGHE-AN", "CATW"]));
    const refused = Object.values(after).filter((v) => v.status !== 200);
    expect(new Set(refused.map((v) => v.status))).toEqual(new Set([403]));
    // And its own figures are really there (the test could fail): 1 inspection of 4 coordinated.
    const own = after[`${RANGES[0]} `]!.body as {
      rates: Record<string, { numerator: number; denominator: number }>;
    };
    expect(own.rates.inspectionsCoordinated).toMatchObject({ numerator: 1, denominator: 4 });
  });

  it("the central committee sees the whole country by default and the pair with one province", async () => {
    const central = await h.token("CATW", ["auditor"]);
    const all = await json(await h.call("GET", `/v1/statistics?${RANGES[0]}`, { token: central }));
    expect(all.committee).toBe("ALL");
    // Nghệ An 1 + Hà Tĩnh 5 + Hà Nội 3 + Quảng Trị 3 = 12 of 48 inspections.
    expect(all.rates.inspectionsCoordinated).toMatchObject({
      numerator: 12,
      denominator: 48,
      text: "25,00%",
    });
    expect(all.rates.provincesCoordinated).toMatchObject({ numerator: 4, denominator: 34 });
    const pair = await json(
      await h.call("GET", `/v1/statistics?${RANGES[0]}&committee=HA-TINH`, { token: central }),
    );
    expect(pair.rates.inspectionsCoordinated).toMatchObject({ numerator: 5, denominator: 20 });
  });

  it("national totals reach a province only as the central committee publishes them, a snapshot per period", async () => {
    const admin = await h.token("CATW", ["admin"]);
    expect((await json(await h.call("GET", "/v1/statistics/publications", { token: ngheAn }))).items).toEqual(
      [],
    );
    const open = await h.call("POST", "/v1/statistics/publications", {
      token: admin,
      body: { periodKey: "2026-Q2" },
    });
    expect(open.status).toBe(400);
    const byProvince = await h.call("POST", "/v1/statistics/publications", {
      token: await h.token("NGHE-AN", ["admin"]),
      body: { periodKey: "2026-Q1" },
    });
    expect(byProvince.status).toBe(403);
    // Published from the web page by the central admin.
    const page = await signIn(h, admin);
    const posted = await page.post("/bao-cao/cong-bo", { ky: "2026-Q1" });
    expect(posted.status, posted.html).toBe(303);
    const again = await page.post("/bao-cao/cong-bo", { ky: "2026-Q1" });
    expect(again.status).toBe(409);
    expect(again.html).toContain("đã được công bố");
    const seen = await json(await h.call("GET", "/v1/statistics/publications", { token: ngheAn }));
    expect(seen.items).toHaveLength(1);
    expect(seen.items[0].figures.rates.inspectionsCoordinated).toMatchObject({
      numerator: 12,
      denominator: 48,
    });
    // A snapshot: a later submission does not change what was published.
    await h.call("POST", "/v1/report-submissions", {
      token: await h.token("THANH-HOA", ["clerk"]),
      body: { periodKey: "2026-Q1", figures: figures(2) },
    });
    const still = await json(await h.call("GET", "/v1/statistics/publications", { token: ngheAn }));
    expect(still.items[0].figures.rates.inspectionsCoordinated).toMatchObject({
      numerator: 12,
      denominator: 48,
    });
    const provincePage = await (await signIn(h, ngheAn)).get("/bao-cao");
    expect(provincePage.html).toContain("Số liệu toàn quốc đã công bố");
    expect(provincePage.html).toContain("25,00% (12/48)");
    expect(provincePage.html).not.toContain('action="/bao-cao/cong-bo"');
  });
});
