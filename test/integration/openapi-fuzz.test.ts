import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wellFormed } from "../../src/domain/text.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { arbitraryOf, HOSTILE_BODIES, HOSTILE_STRINGS } from "../support/openapi-arbitraries.js";
import {
  type Json,
  type Operation,
  operationsOf,
  responseValidator,
  servedDocument,
} from "../support/openapi-walk.js";
import { buildSecurityWorld, pathValues, type SecurityWorld, WORLD_NOW } from "../support/route-security.js";

// Every operation of the served document driven by generated inputs (fast-check, from the document's own schemas,
// hostile values mixed in), a bounded number of runs each: never a 5xx, every answer as documented, and a refused
// request writes nothing. The seed is printed on failure (fast-check's report), so a failure can be replayed.
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 20);

let h: Harness;
let w: SecurityWorld;
let doc: Json;
let ops: Operation[];
let check: ReturnType<typeof responseValidator>;

beforeAll(async () => {
  h = await createHarness({ queue: "postgres", workers: false, clock: fixedClock(WORLD_NOW) });
  w = await buildWorldWithoutWorkers(h);
  doc = await servedDocument(h);
  ops = operationsOf(doc);
  check = responseValidator(doc);
}, 90_000);
afterAll(async () => {
  await h?.close();
});

/** The world needs its letter mailed once: the workers run for that only, then stop (no job runs under the fuzzer). */
async function buildWorldWithoutWorkers(harness: Harness): Promise<SecurityWorld> {
  const workers = await harness.startWorkers();
  try {
    return await buildSecurityWorld(harness);
  } finally {
    await workers.close();
  }
}

/** Rows of the tables a request can write; a refused request must leave the sum as it was. */
async function rowCount(): Promise<number> {
  const { rows } = await h.db.query(
    `select (select count(*) from requests) + (select count(*) from request_events)
          + (select count(*) from api_tokens) + (select count(*) from users)
          + (select count(*) from report_schedules) + (select count(*) from report_submissions)
          + (select count(*) from documents) + (select count(*) from outbound_messages)
          + (select count(*) from request_follows) + (select count(*) from notifications)
          + (select count(*) from inbound_messages) as n`,
  );
  return Number(rows[0].n);
}

interface Input {
  values: Record<string, string>;
  query: Record<string, string>;
  body: string | undefined;
}

function inputOf(op: Operation): fc.Arbitrary<Input> {
  const known = pathValues(w, op);
  const values = fc.record(
    Object.fromEntries(
      op.pathParams.map((name) => {
        const schema = (doc.paths[op.path][op.method.toLowerCase()].parameters ?? []).find(
          (p: Json) => p.in === "path" && p.name === name,
        )?.schema;
        const generated = arbitraryOf(doc, schema ?? { type: "string" }).map((v) => String(v));
        const real = known[name];
        return [name, real ? fc.oneof({ arbitrary: fc.constant(real), weight: 2 }, generated) : generated];
      }),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const query = fc.record(
    Object.fromEntries(
      op.query.map((q) => [
        q.name,
        arbitraryOf(doc, q.schema).map((v) => (typeof v === "string" ? v : JSON.stringify(v))),
      ]),
    ),
    { requiredKeys: op.query.filter((q) => q.required).map((q) => q.name) },
  ) as fc.Arbitrary<Record<string, string>>;
  const body: fc.Arbitrary<string | undefined> = op.jsonBody
    ? fc.oneof(
        { arbitrary: arbitraryOf(doc, op.jsonBody).map((v) => JSON.stringify(v)), weight: 8 },
        { arbitrary: fc.constantFrom(...HOSTILE_BODIES), weight: 2 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      )
    : fc.constant(undefined);
  return fc.record({ values, query, body });
}

function urlOf(op: Operation, input: Input): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(wellFormed(input.values[name] ?? "")),
  );
  const query = new URLSearchParams(
    Object.entries(input.query).map(([k, v]): [string, string] => [wellFormed(k), wellFormed(v)]),
  ).toString();
  return query ? `${path}?${query}` : path;
}

describe("the API under generated and hostile inputs", () => {
  it("covers every operation of the document, with a response check that can fail", () => {
    expect(ops.length).toBeGreaterThan(30);
    const me = ops.find((o) => o.method === "GET" && o.path === "/v1/me")!;
    expect(check(me, 200, { committee: 42 })).toBeDefined();
    expect(check(me, 418, {})).toContain("not a documented response");
  });

  it("never answers 5xx, answers as documented, and writes nothing when it refuses", async () => {
    // Every operation, one property each; raw-body operations (a .docx, a message) get random bytes.
    const statuses = new Map<number, number>();
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(inputOf(op), fc.uint8Array({ maxLength: 2048 }), async (input, bytes) => {
          const headers: Record<string, string> = { authorization: `Bearer ${w.tokens.owner}` };
          let body: string | Uint8Array | undefined = input.body;
          if (op.rawBodyType) {
            headers["content-type"] = op.rawBodyType;
            body = bytes;
          } else if (body !== undefined) headers["content-type"] = "application/json";
          const before = await rowCount();
          const res = await h.app.request(urlOf(op, input), { method: op.method, headers, body });
          const text = await res.text();
          const where = `${op.method} ${urlOf(op, input).slice(0, 200)} body=${String(input.body).slice(0, 200)} → ${res.status}: ${text.slice(0, 400)}`;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          // A documented 503 `not_available` is the service saying a dependency is not configured here (no
          // LibreOffice, no SIGNING_TRUSTED_ROOTS), whatever the input; any other 5xx is a failure.
          const unavailable =
            res.status === 503 && !!op.responses["503"] && text.includes('"code":"not_available"');
          if (!unavailable) expect(res.status, where).toBeLessThan(500);
          if ((res.headers.get("content-type") ?? "").includes("application/json")) {
            const problem = check(op, res.status, JSON.parse(text));
            expect(problem, where).toBeUndefined();
          }
          if (res.status >= 400)
            expect(await rowCount(), `rows written by a refused request: ${where}`).toBe(before);
        }),
        { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
    }
    // What the runs met, for whoever reads the log: a fuzzer that only ever got 400s would test little.
    console.info("fuzz: responses by status", Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])));
    expect(statuses.get(200) ?? 0, "some generated inputs must be accepted").toBeGreaterThan(0);
  }, 240_000);

  it("refuses NUL and lone surrogates in any stored string with the field named", async () => {
    for (const bad of HOSTILE_STRINGS.slice(0, 4)) {
      const res = await h.call("POST", "/v1/requests", {
        token: w.tokens.owner,
        body: { kind: "information_exchange", to: "NGHE-AN", payload: { subject: bad } },
      });
      const body = await json(res);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(body.error.details[0].field).toBe("payload.subject");
    }
    const filter = await h.app.request("/v1/requests?counterpart=%00", {
      headers: { authorization: `Bearer ${w.tokens.owner}` },
    });
    const body = await json(filter);
    expect(filter.status, JSON.stringify(body)).toBe(400);
    expect(body.error.details[0].field).toBe("counterpart");
  });

  it("refuses 10⁵-deep JSON with a 400 before any recursion, and ids that only look like UUIDs with 400/404", async () => {
    const deep = await h.app.request("/v1/requests", {
      method: "POST",
      headers: { authorization: `Bearer ${w.tokens.owner}`, "content-type": "application/json" },
      body: `{"payload":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
    });
    expect(deep.status, await deep.text()).toBe(400);
    for (const path of [
      "/v1/documents/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
      `/v1/documents/${"-".repeat(36)}.pdf`,
      `/v1/outbox/${"a".repeat(36)}.eml`,
    ]) {
      const res = await h.app.request(path, { headers: { authorization: `Bearer ${w.tokens.owner}` } });
      expect([400, 404], `${path}: ${await res.text()}`).toContain(res.status);
    }
    const big = await h.call("POST", "/v1/templates/cong-van/activate", {
      token: w.tokens.owner,
      body: { version: 2 ** 31 },
    });
    expect(big.status, await big.text()).toBe(400);
  });

  it("answers 400, not 500, to ending a unit before its current name took effect (found by this fuzzer)", async () => {
    const res = await h.call("POST", "/v1/committees/NGHE-AN/end", {
      token: w.tokens.owner,
      body: { validTo: "2020-01-01", source: "Nghị quyết thử nghiệm" },
    });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.error.details[0].field).toBe("validTo");
  });
});
