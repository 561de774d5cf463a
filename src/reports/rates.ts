/**
 * Rates as the committees publish them (DOMAIN.md "Numbers the committees publish"): exact fractions of recorded
 * counts, "58/63 … (chiếm 92,06%)", never typed-in percentages. Pure.
 *
 * The percentage text itself is `formatRate` in vn-format.ts, which the documents already use; this module calls it
 * rather than formatting a second way, and adds what a report needs around it: validation, sums, the fragment.
 */
import { z } from "zod";
import { formatInteger, formatRate, UNDEFINED_RATE } from "../domain/vn-format.js";
import { AppError } from "../errors.js";

export { UNDEFINED_RATE };

export interface Rate {
  numerator: number;
  denominator: number;
}

export interface RateOptions {
  /** A part larger than its whole is a counting error for "x of y" rates; allow it only for ratios that can exceed 100%. */
  allowAboveOne?: boolean;
}

/**
 * Counts stay below 10^9 (the party has about 5.5 million members). `formatRate` rounds `numerator * 10 000 /
 * denominator` in floating point; below 2^52 for the product that quotient is never pushed across a .5 boundary,
 * so the rounding is exact (half away from zero, as published).
 */
export const MAX_COUNT = 1_000_000_000;

export class RateError extends AppError {
  constructor(message: string) {
    super("validation_failed", message);
    this.name = "RateError";
  }
}

const isCount = (n: unknown): n is number =>
  typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= MAX_COUNT;

function rateProblem(rate: Rate, options: RateOptions): string | null {
  const { numerator, denominator } = rate;
  if (!isCount(numerator) || !isCount(denominator)) {
    return `Tử số và mẫu số của tỷ lệ phải là số nguyên từ 0 đến ${formatInteger(MAX_COUNT)}, nhận được: ${String(numerator)}/${String(denominator)}.`;
  }
  if (numerator > denominator && !options.allowAboveOne) {
    return `Tử số ${formatInteger(numerator)} lớn hơn mẫu số ${formatInteger(denominator)}: số phần không thể vượt tổng số.`;
  }
  return null;
}

export function validateRate(rate: Rate, options: RateOptions = {}): Rate {
  const problem = rateProblem(rate, options);
  if (problem) throw new RateError(problem);
  return rate;
}

export function createRate(numerator: number, denominator: number, options: RateOptions = {}): Rate {
  return validateRate({ numerator, denominator }, options);
}

/** Same checks and messages as `validateRate`, for request bodies and stored figures. */
export const RateSchema = z
  .strictObject({ numerator: z.number(), denominator: z.number() })
  .superRefine((rate, ctx) => {
    const problem = rateProblem(rate, {});
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** The fraction as a number, for sorting and charts; null when there is nothing to divide by. */
export function rateValue(rate: Rate, options: RateOptions = {}): number | null {
  const { numerator, denominator } = validateRate(rate, options);
  return denominator === 0 ? null : numerator / denominator;
}

/** "92,06%"; "không xác định" when the denominator is 0, because 0% would claim a measured result. */
export function formatRateVi(rate: Rate, options: RateOptions = {}): string {
  const { numerator, denominator } = validateRate(rate, options);
  return formatRate(numerator, denominator);
}

/**
 * The fragment a report sentence is built from: "58/63 (92,06%)", or with a label, the article's wording
 * "58/63 UBKT tỉnh ủy, thành ủy (chiếm 92,06%)". An undefined rate says so: "0/0 … (tỷ lệ không xác định)".
 */
export function describeRate(label: string, rate: Rate, options: RateOptions = {}): string {
  const { numerator, denominator } = validateRate(rate, options);
  const counts = `${formatInteger(numerator)}/${formatInteger(denominator)}`;
  const text = formatRate(numerator, denominator);
  const name = label.normalize("NFC").trim();
  if (!name) return `${counts} (${text})`;
  return `${counts} ${name} (${denominator === 0 ? `tỷ lệ ${text}` : `chiếm ${text}`})`;
}

/** Rates of several units added up as counts (never averaged percentages): 3/4 and 1/6 make 4/10. */
export function sumRates(rates: readonly Rate[], options: RateOptions = {}): Rate {
  let numerator = 0;
  let denominator = 0;
  for (const rate of rates) {
    validateRate(rate, options);
    numerator += rate.numerator;
    denominator += rate.denominator;
  }
  return validateRate({ numerator, denominator }, options);
}
