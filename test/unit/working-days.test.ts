import { describe, expect, it } from "vitest";
import { isoDate } from "../../src/domain/vn-format.js";
import {
  createCalendar,
  HolidayDataError,
  type HolidayYear,
  loadHolidayYears,
  MissingHolidayYearError,
  parseHolidayYear,
} from "../../src/domain/working-days.js";

const years = loadHolidayYears();
const calendar = createCalendar(years);
const add = (start: string, n: number) => isoDate(calendar.addWorkingDays(start, n));
const next = (date: string) => isoDate(calendar.nextWorkingDay(date));

describe("holiday data files", () => {
  it("cover 2025, 2026 and 2027 at least", () => {
    expect(calendar.coveredYears()).toEqual(expect.arrayContaining([2025, 2026, 2027]));
  });

  it("give a name and a source for every entry", () => {
    for (const data of years) {
      for (const entry of [...data.daysOff, ...data.workingSaturdays]) {
        expect(entry.name.trim(), `${data.year} ${entry.date}`).not.toBe("");
        expect(entry.source.trim(), `${data.year} ${entry.date}`).not.toBe("");
      }
    }
  });

  it("make every listed day off of 2025–2027 a day off", () => {
    const days = years.filter((d) => d.year >= 2025 && d.year <= 2027).flatMap((d) => d.daysOff);
    expect(days.length).toBeGreaterThan(30);
    for (const { date } of days) expect(calendar.isWorkingDay(date), date).toBe(false);
  });

  it("have the statutory days of Điều 112 in every year", () => {
    for (const { year, daysOff } of years) {
      const dates = daysOff.map((d) => d.date);
      for (const md of ["01-01", "04-30", "05-01", "09-02"])
        expect(dates, `${year}`).toContain(`${year}-${md}`);
    }
  });

  it("mark what no notice confirms yet", () => {
    const open = calendar.unconfirmed().map((e) => e.date);
    expect(open).toEqual(expect.arrayContaining(["2026-11-24", "2027-02-04", "2027-09-03", "2027-11-24"]));
    expect(open).not.toContain("2026-02-17");
  });
});

describe("data validation", () => {
  const valid = (): HolidayYear => ({
    year: 2030,
    daysOff: [
      { date: "2030-01-01", name: "Tết Dương lịch", kind: "holiday", source: "BLLĐ 2019", confirmed: true },
    ],
    workingSaturdays: [],
  });
  const errorOf = (raw: unknown) => {
    try {
      parseHolidayYear(raw, "2030.json");
    } catch (error) {
      expect(error).toBeInstanceOf(HolidayDataError);
      return (error as Error).message;
    }
    throw new Error("expected the data to be rejected");
  };

  it("accepts a well-formed year", () => {
    expect(parseHolidayYear(valid(), "2030.json").year).toBe(2030);
  });
  it("names the file and the field of an impossible date", () => {
    const raw = valid();
    raw.daysOff[0]!.date = "2030-02-30";
    const message = errorOf(raw);
    expect(message).toContain("2030.json");
    expect(message).toContain("daysOff[0].date");
  });
  it("rejects an entry without a source", () => {
    const { source: _, ...entry } = valid().daysOff[0]!;
    expect(errorOf({ ...valid(), daysOff: [entry] })).toContain("daysOff[0].source");
  });
  it("rejects a date from another year and a make-up day that is not a Saturday", () => {
    const raw = valid();
    raw.daysOff[0]!.date = "2029-01-01";
    raw.workingSaturdays = [{ date: "2030-01-04", name: "Làm bù", source: "TB", confirmed: true }];
    const message = errorOf(raw);
    expect(message).toContain("daysOff[0].date: 2029-01-01 is not in 2030");
    expect(message).toContain("workingSaturdays[0].date: 2030-01-04 is not a Saturday");
  });
  it("rejects a misspelt field instead of ignoring it", () => {
    const { workingSaturdays: _, ...rest } = valid();
    const message = errorOf({ ...rest, workingSaturday: [] });
    expect(message).toContain('Unrecognized key: "workingSaturday"');
    expect(message).toContain("workingSaturdays:");
  });
});

describe("isWorkingDay", () => {
  it("keeps Saturdays and Sundays off", () => {
    expect(calendar.isWorkingDay("2026-03-07")).toBe(false);
    expect(calendar.isWorkingDay("2026-03-08")).toBe(false);
    expect(calendar.isWorkingDay({ year: 2026, month: 3, day: 9 })).toBe(true);
  });
  it("makes the listed make-up Saturdays working days", () => {
    for (const date of ["2025-04-26", "2026-01-10", "2026-08-22"])
      expect(calendar.isWorkingDay(date), date).toBe(true);
  });
  it("gives Tết 2026 the nine days 14/2–22/2 and works either side", () => {
    for (let day = 14; day <= 22; day += 1) {
      expect(calendar.isWorkingDay({ year: 2026, month: 2, day }), `2026-02-${day}`).toBe(false);
    }
    expect(calendar.isWorkingDay("2026-02-13")).toBe(true);
    expect(calendar.isWorkingDay("2026-02-23")).toBe(true);
  });
  it("names the day off", () => {
    expect(calendar.dayOffOn("2026-04-27")?.kind).toBe("compensatory");
    expect(calendar.dayOffOn("2026-02-17")?.name).toContain("mùng 1 Tết");
    expect(calendar.dayOffOn("2026-03-09")).toBeUndefined();
  });
  it("rejects a date that does not exist", () => {
    expect(() => calendar.isWorkingDay("2026-02-29")).toThrow(RangeError);
  });
});

describe("nextWorkingDay", () => {
  it("keeps a working day", () => {
    expect(next("2026-03-09")).toBe("2026-03-09");
  });
  it("moves a deadline on a holiday to the next working day", () => {
    expect(next("2026-04-30")).toBe("2026-05-04");
    expect(next("2026-02-17")).toBe("2026-02-23");
    expect(next("2026-01-17")).toBe("2026-01-19");
  });
});

describe("addWorkingDays", () => {
  it("counts the start as day 0: Friday + 1 is Monday", () => {
    expect(add("2026-03-06", 1)).toBe("2026-03-09");
    expect(add("2026-03-06", 5)).toBe("2026-03-13");
  });
  it("counts from a day off to the first working day after it", () => {
    expect(add("2026-03-07", 1)).toBe("2026-03-09");
    expect(add("2026-03-07", 0)).toBe("2026-03-09");
  });
  it("crosses Tết 2026", () => {
    expect(add("2026-02-12", 1)).toBe("2026-02-13");
    expect(add("2026-02-12", 2)).toBe("2026-02-23");
    expect(add("2026-02-10", 10)).toBe("2026-03-03");
  });
  it("crosses 30/4–1/5", () => {
    expect(add("2026-04-29", 1)).toBe("2026-05-04");
    expect(add("2026-04-24", 1)).toBe("2026-04-28");
    expect(add("2025-04-25", 1)).toBe("2025-04-26");
    expect(add("2025-04-29", 1)).toBe("2025-05-05");
  });
  it("crosses Quốc khánh", () => {
    expect(add("2026-08-21", 1)).toBe("2026-08-22");
    expect(add("2026-08-28", 1)).toBe("2026-09-03");
    expect(add("2025-08-29", 1)).toBe("2025-09-03");
  });
  it("crosses the year ends 2025→2026 and 2026→2027", () => {
    expect(add("2025-12-31", 1)).toBe("2026-01-05");
    expect(add("2025-12-31", 6)).toBe("2026-01-10");
    expect(add("2026-12-31", 1)).toBe("2027-01-04");
    expect(add("2026-12-25", 5)).toBe("2027-01-04");
  });
  it("counts back for negative n", () => {
    expect(add("2026-02-23", -1)).toBe("2026-02-13");
    expect(add("2026-01-05", -1)).toBe("2025-12-31");
  });
  it("refuses a fractional number of days", () => {
    expect(() => calendar.addWorkingDays("2026-03-06", 1.5)).toThrow(RangeError);
  });
});

describe("workingDaysBetween", () => {
  it("is 0 for the same day and 1 from Friday to Monday", () => {
    expect(calendar.workingDaysBetween("2026-03-06", "2026-03-06")).toBe(0);
    expect(calendar.workingDaysBetween("2026-03-06", "2026-03-09")).toBe(1);
  });
  it("is negative when b is before a, with the same size", () => {
    for (const [a, b] of [
      ["2026-02-13", "2026-02-23"],
      ["2025-12-31", "2026-01-10"],
      ["2026-04-24", "2026-05-04"],
    ] as const) {
      expect(calendar.workingDaysBetween(b, a)).toBe(-calendar.workingDaysBetween(a, b));
    }
    expect(calendar.workingDaysBetween("2026-02-13", "2026-02-23")).toBe(1);
  });
  it("undoes addWorkingDays from a working day", () => {
    for (const start of ["2025-12-29", "2026-02-12", "2026-04-29", "2026-08-27", "2026-12-30"]) {
      for (let n = 0; n <= 25; n += 1) {
        expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n)), `${start} + ${n}`).toBe(
          n,
        );
      }
    }
  });
  it("counts 249 working days in 2026: 261 weekdays, 14 of them off, 2 make-up Saturdays", () => {
    expect(calendar.workingDaysBetween("2025-12-31", "2026-12-31")).toBe(249);
  });
});

describe("deadlineInstant", () => {
  it("ends the due day at 17:00 in Hà Nội, 10:00 UTC", () => {
    // Thursday 09:00 in Hà Nội, one working day: Friday 17:00.
    const due = calendar.deadlineInstant(new Date("2026-03-05T02:00:00Z"), 1);
    expect(due.toISOString()).toBe("2026-03-06T10:00:00.000Z");
  });
  it("takes the start date in Hà Nội, not UTC", () => {
    // 18:00 UTC on Thursday is 01:00 on Friday in Hà Nội: one working day later is Monday.
    expect(calendar.deadlineInstant(new Date("2026-03-05T18:00:00Z"), 1).toISOString()).toBe(
      "2026-03-09T10:00:00.000Z",
    );
  });
  it("accepts another end of day, up to the legal 24:00", () => {
    const sent = new Date("2026-02-12T03:00:00Z");
    expect(calendar.deadlineInstant(sent, 2, "08:00").toISOString()).toBe("2026-02-23T01:00:00.000Z");
    expect(calendar.deadlineInstant(sent, 2, "24:00").toISOString()).toBe("2026-02-23T17:00:00.000Z");
    expect(() => calendar.deadlineInstant(sent, 2, "5pm")).toThrow(RangeError);
  });
});

describe("a year without data", () => {
  it("answers with weekends only and reports the year", () => {
    const lenient = createCalendar(years);
    // Monday 4 February 2030 is surely inside Tết, but there is no 2030 file.
    expect(lenient.isWorkingDay("2030-02-04")).toBe(true);
    expect(lenient.isWorkingDay("2030-02-02")).toBe(false);
    expect(lenient.missingYears()).toEqual([2030]);
  });
  it("reports a year reached by counting across a year end", () => {
    const lenient = createCalendar(years.filter((d) => d.year === 2026));
    expect(isoDate(lenient.addWorkingDays("2026-12-31", 1))).toBe("2027-01-01");
    expect(lenient.missingYears()).toEqual([2027]);
  });
  it("throws when asked to", () => {
    const strict = createCalendar(years, { onMissingYear: "throw" });
    expect(() => strict.isWorkingDay("2030-02-04")).toThrow(MissingHolidayYearError);
    expect(() => strict.isWorkingDay("2030-02-04")).toThrow(/2030\.json/);
    expect(strict.isWorkingDay("2026-03-09")).toBe(true);
  });
  it("has nothing missing while queries stay inside the data", () => {
    const fresh = createCalendar(years);
    fresh.workingDaysBetween("2025-01-01", "2027-12-31");
    expect(fresh.missingYears()).toEqual([]);
  });
});
