import { describe, expect, it } from "vitest";
import type { ApiClient, ApiResult } from "../../src/web/api-client.js";
import { cachedCommittees } from "../../src/web/committee-list.js";

// An ApiClient of our own interface that answers the registry call from a list we change between calls.
function registryApi(registry: { code: string; name: string; email: string }[], failFirst = false) {
  let calls = 0;
  const api: ApiClient = {
    async get<T>(path: string) {
      calls++;
      expect(path).toBe("/v1/committees");
      if (failFirst && calls === 1) {
        return { ok: false, status: 503, error: { code: "unavailable", message: "x" } } as ApiResult<T>;
      }
      return { ok: true, status: 200, body: { items: registry.map((c) => ({ ...c })) } as T };
    },
    send: () => Promise.reject(new Error("not used")),
    raw: () => Promise.reject(new Error("not used")),
  };
  return { api, calls: () => calls };
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
    expect(() => {
      (mine as { name: string }[]).push({ name: "x" });
    }).not.toThrow();
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
