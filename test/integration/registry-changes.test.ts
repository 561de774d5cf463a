import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, type Harness, json } from "../support/harness.js";

const clock = fixedClock("2026-04-10T03:00:00Z");
let h: Harness;
let admin: string;

const post = (path: string, body: unknown, token = admin) => h.call("POST", path, { token, body });
const units = async (on: string) =>
  (await json(await h.call("GET", `/v1/committees?on=${on}`, { token: admin }))).items.map(
    (c: { code: string }) => c.code,
  );

beforeAll(async () => {
  h = await createHarness({ queue: "postgres", clock });
  admin = await h.token("CATW", ["admin"]);
});
afterAll(() => h.close());

describe("the central admin keeps the registry's history", () => {
  it("adds a unit from a day, renames it, merges another into it; each change audited with who", async () => {
    const added = await post("/v1/committees", {
      code: "XA-THU",
      level: "commune",
      validFrom: "2025-07-01",
      partyCommittee: "Đảng ủy xã Thử",
      placeName: "Thử",
      email: "ubkt-xa-thu@uy-ban-kiem-tra.example",
      source: "Quyết định thành lập (thử)",
    });
    expect(added.status, await added.clone().text()).toBe(201);
    expect(await units("2025-06-30")).not.toContain("XA-THU");
    expect(await units("2025-07-01")).toContain("XA-THU");

    const renamed = await post("/v1/committees/XA-THU/rename", {
      validFrom: "2026-01-01",
      partyCommittee: "Đảng ủy phường Thử",
      source: "Nghị quyết (thử)",
    });
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    const history = await json(renamed);
    expect(
      history.versions.map((v: { name: string; validFrom: string; validTo: string | null }) => [
        v.name,
        v.validFrom,
        v.validTo,
      ]),
    ).toEqual([
      ["Ủy ban Kiểm tra Đảng ủy xã Thử", "2025-07-01", "2025-12-31"],
      ["Ủy ban Kiểm tra Đảng ủy phường Thử", "2026-01-01", null],
    ]);

    const other = await post("/v1/committees", {
      code: "XA-BEN",
      level: "commune",
      validFrom: "2025-07-01",
      partyCommittee: "Đảng ủy xã Bên",
      placeName: "Bên",
      email: "ubkt-xa-ben@uy-ban-kiem-tra.example",
      source: "Quyết định (thử)",
    });
    expect(other.status).toBe(201);
    const merged = await post("/v1/committees/XA-BEN/merge", {
      into: "XA-THU",
      effectiveOn: "2026-03-01",
      source: "Nghị quyết sáp nhập (thử)",
    });
    expect(merged.status, await merged.clone().text()).toBe(200);
    expect(await json(merged)).toMatchObject({ validTo: "2026-02-28" });
    expect(await units("2026-02-28")).toContain("XA-BEN");
    expect(await units("2026-03-01")).not.toContain("XA-BEN");
    const successor = await json(await h.call("GET", "/v1/committees/XA-THU/history", { token: admin }));
    expect(successor.successions).toEqual([
      expect.objectContaining({ predecessor: "XA-BEN", successor: "XA-THU", effectiveOn: "2026-03-01" }),
    ]);
    expect(
      successor.changes.map((c: { action: string; actorCommittee: string }) => [c.action, c.actorCommittee]),
    ).toEqual([
      ["add", "CATW"],
      ["rename", "CATW"],
    ]);

    const ended = await post("/v1/committees/XA-THU/end", {
      validTo: "2026-03-31",
      source: "Giải thể (thử)",
    });
    expect(ended.status).toBe(200);
    expect(await units("2026-04-01")).not.toContain("XA-THU");
    const { rows } = await h.db.query(
      "select action, actor_token_id is not null as by from committee_registry_changes order by id",
    );
    expect(rows.map((r) => r.action)).toEqual(["add", "rename", "add", "merge", "end"]);
    expect(rows.every((r) => r.by)).toBe(true);
  });

  it("refuses impossible changes with the field named, and anyone but the central admin", async () => {
    const cases: [string, unknown, number, string][] = [
      ["/v1/committees/NGHE-AN/end", { validTo: "2001-01-01", source: "x" }, 400, "validTo"],
      [
        "/v1/committees/NGHE-AN/merge",
        { into: "NGHE-AN", effectiveOn: "2026-05-01", source: "x" },
        400,
        "into",
      ],
      [
        "/v1/committees/NGHE-AN/merge",
        { into: "ATLANTIS", effectiveOn: "2026-05-01", source: "x" },
        400,
        "into",
      ],
      [
        "/v1/committees/HAI-DUONG/rename",
        { validFrom: "2026-01-01", partyCommittee: "Tỉnh ủy X", source: "x" },
        400,
        "validFrom",
      ],
      [
        "/v1/committees/NGHE-AN/rename",
        { validFrom: "2025-06-01", partyCommittee: "Tỉnh ủy X", source: "x" },
        400,
        "validFrom",
      ],
      ["/v1/committees/NGHE-AN/end", { validTo: "2026-05-01" }, 400, "source"],
      [
        "/v1/committees",
        {
          code: "HA-NOI",
          level: "province",
          validFrom: "2026-01-01",
          partyCommittee: "x",
          placeName: "x",
          email: "a@b.example",
          source: "x",
        },
        409,
        "code",
      ],
    ];
    for (const [path, body, status, field] of cases) {
      const res = await post(path, body);
      const err = (await json(res)).error;
      expect(res.status, `${path} ${JSON.stringify(err)}`).toBe(status);
      expect(
        err.details.map((d: { field: string }) => d.field),
        path,
      ).toContain(field);
    }
    expect((await post("/v1/committees/ATLANTIS/end", { validTo: "2026-05-01", source: "x" })).status).toBe(
      404,
    );
    const province = await h.token("NGHE-AN", ["admin"]);
    expect(
      (await post("/v1/committees/HA-TINH/end", { validTo: "2026-05-01", source: "x" }, province)).status,
    ).toBe(403);
    const clerk = await h.token("CATW", ["clerk"]);
    expect(
      (await post("/v1/committees/HA-TINH/end", { validTo: "2026-05-01", source: "x" }, clerk)).status,
    ).toBe(403);
    // Nothing of it was written.
    expect(await units("2026-06-01")).toContain("NGHE-AN");
    const { rows } = await h.db.query(
      "select count(*)::int as n from committee_registry_changes where committee_id in (select id from committees where code in ('NGHE-AN','HA-TINH','HAI-DUONG'))",
    );
    expect(rows[0].n).toBe(0);
  });

  it("takes figures from a unit only for periods the registry had it in", async () => {
    const haiDuong = await h.token("HAI-DUONG", ["clerk"]);
    const figures = {
      inspections: { total: 1, coordinated: 1 },
      supervisions: { total: 1, coordinated: 0 },
      organisations: { total: 1, coordinated: 0 },
      members: { total: 1, coordinated: 0 },
      denunciations: { total: 0, coordinated: 0 },
      disciplined: { total: 0, coordinated: 0 },
    };
    const late = await post("/v1/report-submissions", { periodKey: "2026-Q1", figures }, haiDuong);
    expect(late.status).toBe(400);
    expect((await json(late)).error.details[0].field).toBe("periodKey");
    // Nghệ An, in the registry throughout, sends the same quarter.
    const ngheAn = await h.token("NGHE-AN", ["clerk"]);
    expect((await post("/v1/report-submissions", { periodKey: "2026-Q1", figures }, ngheAn)).status).toBe(
      201,
    );
  });
});
