import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, type Harness } from "../support/harness.js";
import { type Json, type Operation, operationsOf, servedDocument } from "../support/openapi-walk.js";
import {
  buildSecurityWorld,
  callOperation,
  ownedTarget,
  pathValues,
  refusedRoles,
  type SecurityWorld,
  SHARED_PATHS,
  WORLD_NOW,
} from "../support/route-security.js";

// The route security suite: every operation of the served /openapi.json, so a new route is walked without a test
// of its own. A request issued by the owner, and every other resource a path can name, exist before it starts.
let h: Harness;
let w: SecurityWorld;
let doc: Json;
let ops: Operation[];

beforeAll(async () => {
  h = await createHarness({ queue: "redis", workers: true, clock: fixedClock(WORLD_NOW) });
  w = await buildSecurityWorld(h);
  doc = await servedDocument(h);
  ops = operationsOf(doc);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const show = (op: Operation, what: string, r: { status: number; text: string }) =>
  `${op.method} ${op.path} ${what} → ${r.status}: ${r.text}`;

describe("the route security suite over the served OpenAPI document", () => {
  it("finds every operation, each with an operationId and a bearer requirement", () => {
    expect(ops.length).toBeGreaterThan(30);
    for (const op of ops) {
      expect(op.operationId, `${op.method} ${op.path}`).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(op.secured, `${op.method} ${op.path} has no security requirement`).toBe(true);
    }
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
  });

  it("classifies every path with parameters: a committee's own resource, or shared for a stated reason", () => {
    for (const op of ops.filter((o) => o.pathParams.length)) {
      const owned = ownedTarget(w, op);
      expect(
        owned || SHARED_PATHS[op.path],
        `${op.method} ${op.path}: add it to ownedTarget() or SHARED_PATHS in test/support/route-security.ts`,
      ).toBeTruthy();
    }
  });

  it("answers 401 without a token and with a revoked one, on every operation", async () => {
    for (const op of ops) {
      const values = pathValues(w, op);
      const none = await callOperation(h, op, { values });
      expect(none.status, show(op, "without a token", none)).toBe(401);
      expect(none.json?.error?.code, show(op, "without a token", none)).toBe("unauthenticated");
      const revoked = await callOperation(h, op, { values, token: w.revoked });
      expect(revoked.status, show(op, "with a revoked token", revoked)).toBe(401);
    }
  });

  it("answers 403 to every role an operation is not for", async () => {
    const restricted = ops.filter((o) => o.roles?.length);
    expect(restricted.length).toBeGreaterThan(10);
    for (const op of restricted) {
      const values = pathValues(w, op);
      const owned = ownedTarget(w, op);
      for (const role of refusedRoles(op.roles!)) {
        const token = await w.withRoles(w.owner, [role]);
        const r = await callOperation(h, op, { ...owned, values, token });
        expect(r.status, show(op, `as ${role} (for ${op.roles!.join(", ")})`, r)).toBe(403);
        expect(r.json?.error?.code, show(op, `as ${role}`, r)).toBe("forbidden");
      }
    }
  });

  it("answers 404 to another committee on every committee-owned resource, and writes nothing", async () => {
    const rowsNow = async () =>
      (
        await h.db.query(
          `select (select count(*) from request_events) + (select count(*) from api_tokens)
                + (select count(*) from report_schedules) + (select count(*) from report_submissions)
                + (select count(*) from request_follows) as n`,
        )
      ).rows[0].n;
    let checked = 0;
    for (const op of ops) {
      const owned = ownedTarget(w, op);
      if (!owned) continue;
      const before = await rowsNow();
      const r = await callOperation(h, op, { ...owned, token: w.tokens.outsider });
      expect(r.status, show(op, `as ${w.outsider} (not a party)`, r)).toBe(404);
      expect(await rowsNow(), show(op, "wrote rows", r)).toBe(before);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("refuses the outsider's admin on a shared path it may not change (403), and writes nothing", async () => {
    let checked = 0;
    for (const op of ops) {
      const shared = SHARED_PATHS[op.path]?.outsiderRefused;
      if (!shared || shared.method !== op.method) continue;
      const r = await callOperation(h, op, {
        values: SHARED_PATHS[op.path]!.values,
        token: w.tokens.outsider,
        body: shared.body,
      });
      expect(r.status, show(op, `as ${w.outsider}'s admin`, r)).toBe(403);
      checked++;
    }
    expect(checked).toBe(Object.values(SHARED_PATHS).filter((p) => p.outsiderRefused).length);
    const { rows } = await h.db.query("select email from committees where code = $1", [w.counterpart]);
    expect(rows[0].email).not.toBe("uyban@nghean.example");
  });

  it("still lets the owner reach what the outsider was refused (the 404s are about scope, not bad input)", async () => {
    for (const op of ops.filter((o) => o.method === "GET")) {
      const owned = ownedTarget(w, op);
      if (!owned) continue;
      const r = await callOperation(h, op, { ...owned, token: w.tokens[owned.owner] });
      expect(r.status, show(op, `as its owner ${owned.owner}`, r)).toBe(owned.ownerStatus?.status ?? 200);
    }
  });
});
