import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { committeeRegistrySeed, type CommitteeSeed } from "../../src/db/seed/committee-registry.js";
import { replyScheduleOf } from "../../src/domain/reply-policy.js";
import { createCalendar } from "../../src/domain/working-days.js";
import { checkTable } from "../../src/reports/past-figures-import.js";
import { periodDates, periodKey, type Period } from "../../src/reports/periods.js";
import { runnablePeriod } from "../../src/reports/run-guard.js";
import { figureRates, rate } from "../../src/reports/statistics.js";
import { FIGURE_LABELS, type FigureName } from "../../src/reports/submissions.js";

const seeds = committeeRegistrySeed();
const provincesOn = (day: string) =>
  seeds.filter(
    (s) => s.level === "province" && s.validFrom <= day && (s.validTo === null || s.validTo >= day),
  );
const versionOn = (s: CommitteeSeed, day: string) =>
  s.versions.filter((v) => v.validFrom <= day && (v.validTo === null || v.validTo >= day));

const isoDay = fc
  .integer({ min: Date.UTC(2008, 7, 1), max: Date.UTC(2030, 11, 31) })
  .map((t) => new Date(t).toISOString().slice(0, 10));

describe("the registry as of a date", () => {
  it("has 63 provincial units until 30/6/2025 and 34 from 1/7/2025", () => {
    expect(provincesOn("2020-10-01")).toHaveLength(63);
    expect(provincesOn("2025-06-30")).toHaveLength(63);
    expect(provincesOn("2025-07-01")).toHaveLength(34);
    expect(provincesOn("2026-12-01")).toHaveLength(34);
    expect(new Set(seeds.map((s) => s.code)).size).toBe(seeds.length);
  });

  it("gives every unit exactly one name on every day it exists, and none outside", () => {
    fc.assert(
      fc.property(isoDay, (day) => {
        for (const s of seeds) {
          const exists = s.validFrom <= day && (s.validTo === null || s.validTo >= day);
          expect(versionOn(s, day).length).toBe(exists ? 1 : 0);
        }
      }),
    );
  });

  it("links each of the 29 merged-away units to one of the 34, from 1/7/2025", () => {
    const after = new Set(provincesOn("2025-07-01").map((s) => s.code));
    const ended = seeds.filter((s) => s.successor);
    expect(ended).toHaveLength(29);
    for (const s of ended) {
      expect(after.has(s.successor!.code)).toBe(true);
      expect(s.successor!.effectiveOn).toBe("2025-07-01");
      expect(s.successor!.source).toContain("202/2025/QH15");
    }
  });

  it("names Đồng Nai a province until 29/4/2026 and a city from 30/4/2026; Huế a province until 2024", () => {
    const dongNai = seeds.find((s) => s.code === "DONG-NAI")!;
    expect(versionOn(dongNai, "2026-04-29")[0]!.name).toBe("Ủy ban Kiểm tra Tỉnh ủy Đồng Nai");
    expect(versionOn(dongNai, "2026-04-30")[0]!.name).toBe("Ủy ban Kiểm tra Thành ủy Đồng Nai");
    const hue = seeds.find((s) => s.code === "HUE")!;
    expect(versionOn(hue, "2024-12-31")[0]!.name).toBe("Ủy ban Kiểm tra Tỉnh ủy Thừa Thiên Huế");
    expect(versionOn(hue, "2025-03-01")[0]!.name).toBe("Ủy ban Kiểm tra Thành ủy Huế");
  });
});

describe("rates", () => {
  it("are undefined (null, 'không xác định') exactly when there is nothing to divide by", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), (a, b) => {
        const [n, d] = a <= b ? [a, b] : [b, a];
        const r = rate(n, d, "nguồn");
        expect(r.value === null).toBe(d === 0);
        expect(r.text === "không xác định").toBe(d === 0);
        expect(r.fraction).toBe(`${n.toLocaleString("de-DE")}/${d.toLocaleString("de-DE")}`);
      }),
    );
    expect(rate(58, 63, "x").text).toBe("92,06%");
    expect(rate(13, 147, "x").text).toBe("8,84%");
    expect(rate(15003, 20000, "x").fraction).toBe("15.003/20.000");
  });

  it("add the plans as counts, and keep inspections and supervisions apart", () => {
    const sums = Object.fromEntries(
      (Object.keys(FIGURE_LABELS) as FigureName[]).map((k) => [k, { total: 0, coordinated: 0 }]),
    ) as Record<FigureName, { total: number; coordinated: number }>;
    sums.inspections = { total: 4, coordinated: 3 };
    sums.supervisions = { total: 6, coordinated: 1 };
    const r = figureRates(sums);
    expect(r.plansCoordinated).toMatchObject({ numerator: 4, denominator: 10, text: "40,00%" });
    expect(r.inspectionsCoordinated).toMatchObject({ numerator: 3, denominator: 4 });
    expect(r.supervisionsCoordinated).toMatchObject({ numerator: 1, denominator: 6 });
    expect(r.thematicPlansCoordinated.value).toBeNull();
  });
});

const quarter = fc.record({
  type: fc.constant("quarter" as const),
  year: fc.integer({ min: 2024, max: 2028 }),
  quarter: fc.integer({ min: 1, max: 4 }),
});
const month = fc.record({
  type: fc.constant("month" as const),
  year: fc.integer({ min: 2024, max: 2028 }),
  month: fc.integer({ min: 1, max: 12 }),
});
const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2029, 0, 1) }).map((t) => new Date(t));
const schedule = {
  code: "q",
  periodType: "quarter" as const,
  cutoff: { closesOnDay: 14, dueWorkingDays: 10 },
};

describe("which periods a schedule may run", () => {
  it("accepts a period exactly when it is of the schedule's type and closed", () => {
    fc.assert(
      fc.property(fc.oneof(quarter, month), instant, (period: Period, now) => {
        const key = periodKey(period);
        const closed = periodDates(period, schedule.cutoff).closesAt <= now;
        const ok = period.type === "quarter" && closed;
        if (ok) expect(runnablePeriod(schedule, key, now)).toEqual(period);
        else expect(() => runnablePeriod(schedule, key, now)).toThrow(/periodKey|kết thúc|kỳ/);
      }),
    );
  });
});

describe("the due day of a report", () => {
  it("is the deadline of its dispatch at 17:00 in Hà Nội, with no reminder before it is sent", () => {
    const calendar = createCalendar();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), (days) => {
        const sentAt = new Date("2026-03-16T03:00:00Z");
        const dueOn = calendar.addWorkingDays("2026-03-14", 10 + days);
        const iso = `${dueOn.year}-${String(dueOn.month).padStart(2, "0")}-${String(dueOn.day).padStart(2, "0")}`;
        const s = replyScheduleOf({ kind: "periodic_report", payload: { dueOn: iso } }, sentAt, calendar);
        expect(s.deadlineAt.toISOString()).toBe(`${iso}T10:00:00.000Z`);
        for (const step of s.steps) expect(step.at > sentAt).toBe(true);
      }),
    );
    // Another kind keeps its reply policy.
    const other = replyScheduleOf(
      { kind: "staff_secondment", payload: {} },
      new Date("2026-03-05T03:00:00Z"),
      calendar,
    );
    expect(other.deadlineAt.toISOString()).toBe("2026-03-12T10:00:00.000Z");
  });
});

describe("checking an imported table", () => {
  const units = new Map([
    ["NGHE-AN", { id: 1, code: "NGHE-AN", validFrom: "2008-08-01", validTo: null }],
    ["HA-TAY", { id: 2, code: "HA-TAY", validFrom: "2000-01-01", validTo: "2008-07-31" }],
  ]);
  const header = [
    "committee",
    "periodKey",
    ...(Object.keys(FIGURE_LABELS) as FigureName[])
      .filter((n) => !["thematicPlans", "staffRequestedByProvince", "staffRequestedByCentral"].includes(n))
      .flatMap((n) => [`${n}_total`, `${n}_coordinated`]),
  ];
  const good = (periodKey: string) =>
    Object.fromEntries(
      header.map((h) => [h, h === "committee" ? "NGHE-AN" : h === "periodKey" ? periodKey : "1"]),
    );
  const now = new Date("2026-04-10T03:00:00Z");

  it("names the row and column of one bad cell, wherever it is, and keeps no row that has a problem", () => {
    const figureColumns = header.slice(2);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom(...figureColumns),
        fc.constantFrom("-1", "x", "1,5", ""),
        (at, column, value) => {
          const rows = Array.from({ length: 10 }, (_, i) => ({ row: i + 2, cells: good(String(2010 + i)) }));
          rows[at]!.cells[column] = value;
          const { rows: kept, problems } = checkTable({ header, rows }, units, now);
          expect(problems.map((p) => p.field)).toEqual([`rows[${at + 2}].${column}`]);
          expect(problems[0]!.location).toBe(`dòng ${at + 2}, cột ${column}`);
          expect(kept).toHaveLength(9);
        },
      ),
    );
  });

  it("refuses a unit outside the registry in that period, and an open period", () => {
    const rows = [
      { row: 2, cells: { ...good("2020"), committee: "HA-TAY" } },
      { row: 3, cells: good("2026-Q2") },
    ];
    const { problems } = checkTable({ header, rows }, units, now);
    expect(problems.map((p) => p.field)).toEqual(["rows[2].committee", "rows[3].periodKey"]);
  });
});
