import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { partyTermOn } from "../../src/domain/party-term.js";
import {
  clockTimeVi,
  countInWords,
  dateInVietnam,
  deadlineTextVi,
  dateLine,
  documentSymbol,
  formatInteger,
  longDateVi,
  numberLine,
  numericDateTimeVi,
  numericDateVi,
  parseIsoDate,
  recipientLines,
  shortDateVi,
  wallClockInVietnam,
} from "../../src/domain/vn-format.js";

describe("Vietnamese date line", () => {
  it("puts a leading zero on days below 10, not on months from 3", () => {
    expect(longDateVi(parseIsoDate("2026-03-05"))).toBe("ngày 05 tháng 3 năm 2026");
  });
  it("puts a leading zero on months 1 and 2", () => {
    expect(longDateVi(parseIsoDate("2026-02-20"))).toBe("ngày 20 tháng 02 năm 2026");
    expect(longDateVi(parseIsoDate("2027-01-09"))).toBe("ngày 09 tháng 01 năm 2027");
  });
  it("keeps two-digit days and months as they are", () => {
    expect(longDateVi(parseIsoDate("2026-12-31"))).toBe("ngày 31 tháng 12 năm 2026");
    expect(longDateVi(parseIsoDate("2026-10-10"))).toBe("ngày 10 tháng 10 năm 2026");
  });
  it("prefixes the place", () => {
    expect(dateLine("Hà Nội", parseIsoDate("2026-03-05"))).toBe("Hà Nội, ngày 05 tháng 3 năm 2026");
  });
  it("writes short dates the same way", () => {
    expect(shortDateVi(parseIsoDate("2026-02-03"))).toBe("03/02/2026");
    expect(shortDateVi(parseIsoDate("2026-11-03"))).toBe("03/11/2026");
  });
  it("takes the calendar day in Asia/Ho_Chi_Minh, not UTC", () => {
    // 20:00 UTC on 4 March is 03:00 on 5 March in Hà Nội.
    expect(dateInVietnam(new Date("2026-03-04T20:00:00Z"))).toEqual({ year: 2026, month: 3, day: 5 });
    expect(dateInVietnam(new Date("2026-12-31T17:00:00Z"))).toEqual({ year: 2027, month: 1, day: 1 });
  });
  it("rejects what is not an ISO date", () => {
    expect(() => parseIsoDate("05/03/2026")).toThrow();
  });
});

describe("numbers and symbols", () => {
  it("formats the number line without a colon, with a leading zero", () => {
    expect(numberLine(7, "CV", "UBKTTU")).toBe("Số 07-CV/UBKTTU");
    expect(numberLine(115, "KH", "UBKT")).toBe("Số 115-KH/UBKT");
    expect(documentSymbol(15, "CV", "UBKT")).toBe("15-CV/UBKT");
  });
  it("groups thousands with dots", () => {
    expect(formatInteger(1234567)).toBe("1.234.567");
  });
  it("spells counts in words", () => {
    expect(countInWords(2)).toBe("hai");
    expect(countInWords(10)).toBe("mười");
    expect(countInWords(15)).toBe("mười lăm");
    expect(countInWords(21)).toBe("hai mươi mốt");
    expect(countInWords(24)).toBe("hai mươi tư");
    expect(countInWords(30)).toBe("ba mươi");
  });
  it("lists recipients with ; and a final .", () => {
    expect(recipientLines(["A", "B", "C"])).toEqual(["- A;", "- B;", "- C."]);
    expect(recipientLines(["A"])).toEqual(["A."]);
  });
});

describe("party term", () => {
  it("numbers per term, not per year", () => {
    expect(partyTermOn("2026-03-05").code).toBe("2025-2030");
    expect(partyTermOn("2025-09-30").code).toBe("2020-2025");
    expect(partyTermOn("2027-01-01").code).toBe("2025-2030");
  });
  it("fails loudly outside the table", () => {
    expect(() => partyTermOn("2040-01-01")).toThrow(/party-terms\.json/);
  });
});

describe("instants in Vietnam time", () => {
  it("writes every way from the one wall clock, crossing the day in Hà Nội, not in UTC", () => {
    const at = new Date("2026-02-04T18:30:00Z");
    expect(wallClockInVietnam(at)).toEqual({ year: 2026, month: 2, day: 5, hour: 1, minute: 30 });
    expect(clockTimeVi(at)).toBe("01:30");
    expect(numericDateTimeVi(at)).toBe("05/02/2026 01:30");
    expect(deadlineTextVi(at)).toBe("01:30 ngày 05/02/2026");
    expect(deadlineTextVi(new Date("2026-03-12T10:00:00Z"))).toBe("17:00 ngày 12/3/2026");
    expect(numericDateVi({ year: 2026, month: 3, day: 5 })).toBe("05/03/2026");
  });

  it("agrees with the time-zone database for any instant, before and after the fixed offset of 1975", () => {
    const reference = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Ho_Chi_Minh",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
    });
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1950-01-01T00:00:00Z"),
          max: new Date("2100-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        (at) => {
          const p = Object.fromEntries(reference.formatToParts(at).map((x) => [x.type, Number(x.value)]));
          expect(wallClockInVietnam(at)).toEqual({
            year: p.year,
            month: p.month,
            day: p.day,
            hour: p.hour,
            minute: p.minute,
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
