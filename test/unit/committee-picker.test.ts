import { describe, expect, it } from "vitest";
import type { ApiClient, ApiResult } from "../../src/web/api-client.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { listCommitteesForPicker, PICKER_TTL_MS } from "../../src/web/committee-list.js";

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

describe("the registry for pickers", () => {
  it("is fetched once per 30 s per service instance, with codes and names only", async () => {
    const registry = [{ code: "CATW", name: "Ủy ban Kiểm tra Đảng ủy Công an Trung ương", email: "a@x.vn" }];
    const { api, calls } = registryApi(registry);
    const clock = fixedClock("2026-03-05T03:00:00Z");
    const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));
    const owner = { clock };
    const first = await listCommitteesForPicker(api, owner);
    registry.push({ code: "NGHE-AN", name: "Ủy ban Kiểm tra Đảng ủy Công an tỉnh Nghệ An", email: "b@x.vn" });
    later(PICKER_TTL_MS - 1);
    expect(await listCommitteesForPicker(api, owner)).toEqual(first);
    expect(first).toEqual([{ code: "CATW", name: registry[0]!.name }]);
    expect(calls()).toBe(1);
    later(2);
    expect((await listCommitteesForPicker(api, owner)).map((c) => c.code)).toEqual(["CATW", "NGHE-AN"]);
    expect(calls()).toBe(2);
    // Another service instance (another database) has a list of its own.
    await listCommitteesForPicker(api, { clock });
    expect(calls()).toBe(3);
  });

  it("does not remember a failed call", async () => {
    const { api, calls } = registryApi([{ code: "CATW", name: "UBKT", email: "a@x.vn" }], true);
    const owner = { clock: fixedClock("2026-03-05T03:00:00Z") };
    await expect(listCommitteesForPicker(api, owner)).rejects.toBeDefined();
    await new Promise((r) => setTimeout(r, 0));
    expect(await listCommitteesForPicker(api, owner)).toEqual([{ code: "CATW", name: "UBKT" }]);
    expect(calls()).toBe(2);
  });
});
