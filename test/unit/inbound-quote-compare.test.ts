import { describe, expect, it } from "vitest";
import { stripQuoted } from "../../src/mail/inbound/index.js";
import { compareStrippers, judge, QUOTE_CASES } from "../support/quote-cases.js";

describe("quote stripping, measured beside email-reply-parser and planer on the same cases", () => {
  it("prints the comparison (exact / acceptable / wrong of each stripper)", () => {
    const table = compareStrippers();
    console.table(table.map(({ failed: _, ...row }) => row));
    for (const row of table)
      if (row.failed.length) console.log(`${row.name} wrong on: ${row.failed.join("; ")}`);
    // The kept stripper is the one that does best; it must stay so.
    const ours = table.find((r) => r.name.startsWith("hand-written"))!;
    for (const other of table) expect(ours.exact).toBeGreaterThanOrEqual(other.exact);
  });

  it.each(QUOTE_CASES.map((c) => [c.name, c] as const))("%s", (_, c) => {
    expect(judge(stripQuoted(c.text), c.expected)).toBe("exact");
  });
});
