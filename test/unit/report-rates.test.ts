import { describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import {
  createRate,
  describeRate,
  formatRateVi,
  MAX_COUNT,
  type Rate,
  RateError,
  RateSchema,
  rateValue,
  sumRates,
  UNDEFINED_RATE,
  validateRate,
} from "../../src/reports/rates.js";

const r = (numerator: number, denominator: number): Rate => ({ numerator, denominator });
const errorOf = (fn: () => unknown): RateError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof RateError) return error;
    throw error;
  }
  throw new Error("expected a RateError");
};

/** The published figure computed on integers only: basis points rounded half up, then "int,dd%". */
function reference({ numerator, denominator }: Rate): string {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  const basisPoints = (2n * n * 10_000n + d) / (2n * d);
  const whole = (basisPoints / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${whole},${(basisPoints % 100n).toString().padStart(2, "0")}%`;
}

describe("formatRateVi", () => {
  it.each([
    [58, 63, "92,06%"],
    [13, 147, "8,84%"],
    [17, 115, "14,78%"],
    [23, 115, "20,00%"],
  ])("gives the seed article's figure for %i/%i: %s", (numerator, denominator, text) => {
    expect(formatRateVi(r(numerator, denominator))).toBe(text);
  });

  it.each([
    [1, 8, "12,50%"],
    [2, 3, "66,67%"],
    [1, 3, "33,33%"],
    [0, 5, "0,00%"],
    [5, 5, "100,00%"],
    [1, 32, "3,13%"], // 3,125: half away from zero
    [3, 32, "9,38%"],
    [1, 160, "0,63%"],
    [201, 20_000, "1,01%"], // 1,005: (201 / 20000 * 100).toFixed(2) gives "1.00"
    [1, 80_000, "0,00%"],
  ])("rounds %i/%i exactly to %s", (numerator, denominator, text) => {
    expect(formatRateVi(r(numerator, denominator))).toBe(text);
  });

  it("says a rate with nothing to divide by is undefined, never 0%", () => {
    expect(formatRateVi(r(0, 0))).toBe("không xác định");
    expect(UNDEFINED_RATE).toBe("không xác định");
  });

  it("matches the integer reference for every fraction up to 300", () => {
    const wrong: string[] = [];
    for (let denominator = 1; denominator <= 300; denominator++) {
      for (let numerator = 0; numerator <= denominator; numerator++) {
        const rate = r(numerator, denominator);
        if (formatRateVi(rate) !== reference(rate)) wrong.push(`${numerator}/${denominator}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("stays exact at the largest counts, on both sides of a half", () => {
    const billion = 1_000_000_000;
    const cases = [
      [50_000, billion, "0,01%"], // 0,005%
      [49_999, billion, "0,00%"],
      [150_000, billion, "0,02%"], // 0,015%
      [999_950_000, billion, "100,00%"], // 99,995%
      [999_949_999, billion, "99,99%"],
      [billion - 1, billion, "100,00%"],
      [333_333_333, 999_999_999, "33,33%"],
      [MAX_COUNT, MAX_COUNT, "100,00%"],
    ] as const;
    for (const [numerator, denominator, text] of cases) {
      expect(formatRateVi(r(numerator, denominator)), `${numerator}/${denominator}`).toBe(text);
      expect(reference(r(numerator, denominator))).toBe(text);
    }
  });

  it("prints a ratio above 100% only when allowed, with thousands separators", () => {
    expect(formatRateVi(r(3, 2), { allowAboveOne: true })).toBe("150,00%");
    expect(formatRateVi(r(1234, 10), { allowAboveOne: true })).toBe("12.340,00%");
    expect(errorOf(() => formatRateVi(r(3, 2))).message).toContain("lớn hơn mẫu số");
  });
});

describe("validation", () => {
  it("accepts counts from 0 to MAX_COUNT", () => {
    expect(createRate(58, 63)).toEqual(r(58, 63));
    expect(createRate(0, 0)).toEqual(r(0, 0));
    expect(validateRate(r(MAX_COUNT, MAX_COUNT))).toEqual(r(MAX_COUNT, MAX_COUNT));
  });

  it("rejects what is not a count, in Vietnamese, as a 400", () => {
    const bad = [r(-1, 5), r(1, -5), r(1.5, 3), r(1, 2.5), r(Number.NaN, 3), r(1, Number.POSITIVE_INFINITY)];
    for (const rate of [...bad, r(MAX_COUNT + 1, MAX_COUNT + 1), r("1" as unknown as number, 2)]) {
      const error = errorOf(() => validateRate(rate));
      expect(error.message, JSON.stringify(rate)).toContain("phải là số nguyên từ 0 đến 1.000.000.000");
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe("validation_failed");
    }
  });

  it("rejects a part larger than its whole unless allowed", () => {
    expect(errorOf(() => createRate(64, 63)).message).toBe(
      "Tử số 64 lớn hơn mẫu số 63: số phần không thể vượt tổng số.",
    );
    expect(errorOf(() => createRate(1, 0)).message).toContain("lớn hơn mẫu số 0");
    expect(createRate(64, 63, { allowAboveOne: true })).toEqual(r(64, 63));
  });

  it("gives the same messages through zod", () => {
    expect(RateSchema.parse({ numerator: 58, denominator: 63 })).toEqual(r(58, 63));
    const result = RateSchema.safeParse({ numerator: 64, denominator: 63 });
    expect(result.error?.issues[0]?.message).toContain("lớn hơn mẫu số");
    expect(RateSchema.safeParse({ numerator: 1, denominator: 2, percent: 50 }).success).toBe(false);
  });
});

describe("rateValue", () => {
  it("is the fraction, or null when there is nothing to divide by", () => {
    expect(rateValue(r(58, 63))).toBeCloseTo(0.920_634_9, 7);
    expect(rateValue(r(0, 7))).toBe(0);
    expect(rateValue(r(0, 0))).toBeNull();
    expect(rateValue(r(3, 2), { allowAboveOne: true })).toBe(1.5);
    expect(() => rateValue(r(3, 2))).toThrow(RateError);
  });
});

describe("describeRate", () => {
  it("gives the counts and the percentage", () => {
    expect(describeRate("", r(58, 63))).toBe("58/63 (92,06%)");
    expect(describeRate("  ", r(13, 147))).toBe("13/147 (8,84%)");
    expect(describeRate("", r(1234, 5678))).toBe("1.234/5.678 (21,73%)");
  });

  it("reads like the article with a label", () => {
    expect(describeRate("UBKT tỉnh ủy, thành ủy", r(58, 63))).toBe(
      "58/63 UBKT tỉnh ủy, thành ủy (chiếm 92,06%)",
    );
    expect(describeRate("đảng viên", r(13, 147))).toBe("13/147 đảng viên (chiếm 8,84%)");
  });

  it("says when the rate is undefined", () => {
    expect(describeRate("", r(0, 0))).toBe("0/0 (không xác định)");
    expect(describeRate("đảng viên", r(0, 0))).toBe("0/0 đảng viên (tỷ lệ không xác định)");
  });

  it("normalises the label to NFC", () => {
    const decomposed = "đảng viên".normalize("NFD");
    expect(describeRate(decomposed, r(13, 147))).toBe("13/147 đảng viên (chiếm 8,84%)");
  });

  it("validates the rate", () => {
    expect(() => describeRate("", r(64, 63))).toThrow(RateError);
    expect(describeRate("", r(64, 63), { allowAboveOne: true })).toBe("64/63 (101,59%)");
  });
});

describe("sumRates", () => {
  it("adds counts, never percentages", () => {
    // 75% and 16,67% do not average to 45,83%: together they are 4 of 10.
    expect(sumRates([r(3, 4), r(1, 6)])).toEqual(r(4, 10));
    expect(formatRateVi(sumRates([r(58, 63), r(13, 147)]))).toBe("33,81%");
  });

  it("of nothing is undefined", () => {
    expect(sumRates([])).toEqual(r(0, 0));
    expect(formatRateVi(sumRates([]))).toBe(UNDEFINED_RATE);
  });

  it("validates every part and the total", () => {
    expect(() => sumRates([r(1, 2), r(3, 2)])).toThrow(RateError);
    expect(sumRates([r(1, 2), r(3, 2)], { allowAboveOne: true })).toEqual(r(4, 4));
    expect(() => sumRates([r(MAX_COUNT, MAX_COUNT), r(1, 1)])).toThrow(RateError);
  });
});
