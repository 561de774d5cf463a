import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateTimeVi } from "../../src/web/format.js";

// What the page wrote before the arithmetic: the time-zone database's answer for Asia/Ho_Chi_Minh.
const reference = new Intl.DateTimeFormat("vi-VN", {
  timeZone: "Asia/Ho_Chi_Minh",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
function byTimeZoneDatabase(at: Date): string {
  const p = Object.fromEntries(reference.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

describe("dateTimeVi", () => {
  it("writes Hà Nội wall-clock time as the time-zone database does, for any instant 1950–2100", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1950-01-01T00:00:00Z"),
          max: new Date("2100-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        (at) => {
          expect(dateTimeVi(at.toISOString())).toBe(byTimeZoneDatabase(at));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("crosses midnight and the year in Hà Nội, not in UTC", () => {
    expect(dateTimeVi("2026-12-31T17:05:00Z")).toBe("01/01/2027 00:05");
    expect(dateTimeVi("2026-03-05T03:00:00.000Z")).toBe("05/03/2026 10:00");
    expect(dateTimeVi(null)).toBe("—");
  });
});
