import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pageOf } from "../../src/routes/schemas.js";

describe("pageOf", () => {
  it("shows at most `limit` rows and gives a cursor exactly when a row was left over", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 30 }),
        fc.integer({ min: 1, max: 25 }),
        (rows, limit) => {
          const fetched = rows.slice(0, limit + 1);
          const { page, nextCursor } = pageOf(fetched, limit, (last) => `after-${last}`);
          expect(page).toEqual(fetched.slice(0, limit));
          expect(nextCursor).toBe(fetched.length > limit ? `after-${page.at(-1)}` : null);
        },
      ),
    );
  });

  it("has no cursor on an empty page", () => {
    expect(pageOf([], 10, () => "never")).toEqual({ page: [], nextCursor: null });
  });
});
