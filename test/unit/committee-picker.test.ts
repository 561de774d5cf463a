import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/runtime/clock.js";
import { apiClient } from "../../src/web/api-client.js";
import { listCommitteesForPicker, PICKER_TTL_MS } from "../../src/web/committee-list.js";

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
