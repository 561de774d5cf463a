import { describe, expect, it } from "vitest";
import { apiClient } from "../../src/web/api-client.js";
import { cachedCommittees } from "../../src/web/committee-list.js";

const PRINCIPAL = {
  tokenId: "t",
  committeeId: 1,
  committeeCode: "CATW",
  roles: [],
  userId: null,
  userName: null,
};

// The web's API client, in front of a service of our own that answers the registry call from a list we change
// between calls.
function registryApi(registry: { code: string; name: string; email: string }[], failFirst = false) {
  let calls = 0;
  const service = {
    fetch(request: Request) {
      calls++;
      expect(new URL(request.url).pathname).toBe("/v1/committees");
      if (failFirst && calls === 1) {
        return Response.json(
          { error: { code: "unavailable", message: "x", requestId: "r" } },
          { status: 503 },
        );
      }
      return Response.json({ items: registry.map((c) => ({ ...c })) });
    },
  };
  return { api: apiClient(service, PRINCIPAL, "r"), calls: () => calls };
}

describe("the registry the pages show", () => {
  it("is fetched once per key (registry version and day) per service instance", async () => {
    const registry = [{ code: "CATW", name: "Ủy ban Kiểm tra Đảng ủy Công an Trung ương", email: "a@x.vn" }];
    const { api, calls } = registryApi(registry);
    const owner = {};
    const first = await cachedCommittees(api, owner, "7|2026-03-05");
    registry.push({ code: "NGHE-AN", name: "Ủy ban Kiểm tra Đảng ủy Công an tỉnh Nghệ An", email: "b@x.vn" });
    expect(await cachedCommittees(api, owner, "7|2026-03-05")).toEqual(first);
    expect(first).toEqual([registry[0]]);
    expect(calls()).toBe(1);
    // The registry was written (its version moved): fetched again at once.
    expect((await cachedCommittees(api, owner, "8|2026-03-05")).map((c) => c.code)).toEqual([
      "CATW",
      "NGHE-AN",
    ]);
    expect(calls()).toBe(2);
    // A new day may make another name version current.
    await cachedCommittees(api, owner, "8|2026-03-06");
    expect(calls()).toBe(3);
    // Another service instance (another database) has a list of its own.
    await cachedCommittees(api, {}, "8|2026-03-06");
    expect(calls()).toBe(4);
  });

  it("hands out its own list each time, of entries no page can change", async () => {
    const { api } = registryApi([{ code: "CATW", name: "UBKT", email: "a@x.vn" }]);
    const owner = {};
    const mine = await cachedCommittees(api, owner, "1|2026-03-05");
    mine.pop();
    const again = await cachedCommittees(api, owner, "1|2026-03-05");
    expect(again.map((c) => c.code)).toEqual(["CATW"]);
    expect(() => {
      (again[0] as { name: string }).name = "changed";
    }).toThrow(TypeError);
  });

  it("does not remember a failed call", async () => {
    const { api, calls } = registryApi([{ code: "CATW", name: "UBKT", email: "a@x.vn" }], true);
    const owner = {};
    await expect(cachedCommittees(api, owner, "1|d")).rejects.toBeDefined();
    await new Promise((r) => setTimeout(r, 0));
    expect(await cachedCommittees(api, owner, "1|d")).toEqual([
      { code: "CATW", name: "UBKT", email: "a@x.vn" },
    ]);
    expect(calls()).toBe(2);
  });
});
