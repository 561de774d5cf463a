import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

let h: Harness;
let clerk: string; // NGHE-AN clerk
let approver: string; // NGHE-AN approver
let auditor: string; // NGHE-AN auditor
let central: string; // CATW clerk + approver (the counterpart)
let outsider: string; // HA-NOI clerk + approver

beforeAll(async () => {
  h = await createHarness({ queue: "redis" });
  clerk = await h.token("NGHE-AN", ["clerk"]);
  approver = await h.token("NGHE-AN", ["approver"]);
  auditor = await h.token("NGHE-AN", ["auditor"]);
  central = await h.token("CATW", ["clerk", "approver"]);
  outsider = await h.token("HA-NOI", ["clerk", "approver"]);
});
afterAll(() => h.close());

async function countRows(table: string): Promise<number> {
  const { rows } = await h.db.query(`select count(*)::int as n from ${table}`);
  return rows[0].n;
}

async function expectNothingWritten<T>(work: () => Promise<T>): Promise<T> {
  const before = await Promise.all(["requests", "request_events", "documents"].map(countRows));
  const result = await work();
  const after = await Promise.all(["requests", "request_events", "documents"].map(countRows));
  expect(after).toEqual(before);
  return result;
}

async function createDraft(token = clerk, body: unknown = staffSecondmentBody()) {
  const res = await h.call("POST", "/v1/requests", { token, body });
  const data = await json(res);
  expect(res.status, JSON.stringify(data)).toBe(201);
  return data;
}

describe("POST /v1/requests", () => {
  it("creates a draft with a reference, NFC-normalised, and an audit event", async () => {
    const body = staffSecondmentBody();
    body.payload.contact.name = "Tra\u0302\u0300n Thi\u0323 Lan"; // decomposed
    const created = await createDraft(clerk, body);
    expect(created).toMatchObject({ kind: "staff_secondment", from: "NGHE-AN", to: "CATW", status: "draft" });
    expect(created.reference).toMatch(/^PH-2026-\d{4}$/);
    expect(created.payload.contact.name).toBe("Trần Thị Lan");
    const detail = await json(await h.call("GET", `/v1/requests/${created.id}`, { token: clerk }));
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(["created"]);
  });

  it("gives the committees' names as the registry has them today, on create, detail and list", async () => {
    const created = await createDraft();
    const registry = await json(await h.call("GET", "/v1/committees", { token: clerk }));
    const nameOf = (code: string) => registry.items.find((c: { code: string }) => c.code === code).name;
    const expected = { fromName: nameOf("NGHE-AN"), toName: nameOf("CATW") };
    expect(expected.fromName).toEqual(expect.any(String));
    expect(created).toMatchObject(expected);
    const detail = await json(await h.call("GET", `/v1/requests/${created.id}`, { token: clerk }));
    expect(detail).toMatchObject(expected);
    const list = await json(await h.call("GET", "/v1/requests?limit=5", { token: clerk }));
    expect(list.items.find((r: { id: string }) => r.id === created.id)).toMatchObject(expected);
  });

  it("answers the same Idempotency-Key with the first request, and a different body with 409", async () => {
    const headers = { "Idempotency-Key": "same-key-1" };
    const first = await h.call("POST", "/v1/requests", {
      token: clerk,
      body: staffSecondmentBody(),
      headers,
    });
    expect(first.status).toBe(201);
    const firstBody = await json(first);
    const again = await expectNothingWritten(() =>
      h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody(), headers }),
    );
    expect(again.status).toBe(200);
    expect((await json(again)).id).toBe(firstBody.id);
    const changed = await expectNothingWritten(() =>
      h.call("POST", "/v1/requests", {
        token: clerk,
        body: staffSecondmentBody({ urgency: "khan" }),
        headers,
      }),
    );
    expect(changed.status).toBe(409);
    expect((await json(changed)).error.code).toBe("idempotency_conflict");
  });

  it("gives one request for ten concurrent calls with one key", async () => {
    const headers = { "Idempotency-Key": "race-key" };
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody(), headers }),
      ),
    );
    const ids = new Set(await Promise.all(results.map(async (r) => (await json(r)).id)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  });

  const bad: [string, () => Promise<Response>, number, string, string?][] = [
    [
      "malformed JSON",
      () => h.call("POST", "/v1/requests", { token: clerk, body: "{not json" }),
      400,
      "invalid_json",
    ],
    [
      "a wrong content type",
      () =>
        h.call("POST", "/v1/requests", {
          token: clerk,
          body: "kind=x",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
      415,
      "unsupported_media_type",
      "Content-Type",
    ],
    [
      "a missing field",
      () => h.call("POST", "/v1/requests", { token: clerk, body: { kind: "staff_secondment", payload: {} } }),
      400,
      "validation_failed",
      "to",
    ],
    [
      "a mistyped payload field",
      () => {
        const body = staffSecondmentBody();
        (body.payload.staff as { count: unknown }).count = "hai";
        return h.call("POST", "/v1/requests", { token: clerk, body });
      },
      400,
      "validation_failed",
      "payload.staff.count",
    ],
    [
      "a period that ends before it starts",
      () => {
        const body = staffSecondmentBody();
        body.payload.period = { from: "2026-05-01", to: "2026-04-01" };
        return h.call("POST", "/v1/requests", { token: clerk, body });
      },
      400,
      "validation_failed",
      "payload.period.to",
    ],
    [
      "an unknown committee",
      () => h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody({ to: "ATLANTIS" }) }),
      400,
      "validation_failed",
      "to",
    ],
    [
      "its own committee",
      () => h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody({ to: "NGHE-AN" }) }),
      400,
      "validation_failed",
      "to",
    ],
    [
      "an unknown kind",
      () =>
        h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody({ kind: "party_picnic" }) }),
      400,
      "validation_failed",
      "kind",
    ],
    [
      "a body over the size limit",
      () => {
        const body = staffSecondmentBody();
        body.payload.staff.profile = "x".repeat(300 * 1024);
        return h.call("POST", "/v1/requests", { token: clerk, body });
      },
      413,
      "payload_too_large",
    ],
    [
      "no token",
      () => h.call("POST", "/v1/requests", { body: staffSecondmentBody() }),
      401,
      "unauthenticated",
    ],
    [
      "an invalid token",
      () => h.call("POST", "/v1/requests", { token: "php_nope", body: staffSecondmentBody() }),
      401,
      "unauthenticated",
    ],
    [
      "a bad Idempotency-Key",
      () =>
        h.call("POST", "/v1/requests", {
          token: clerk,
          body: staffSecondmentBody(),
          headers: { "Idempotency-Key": "has space" },
        }),
      400,
      "validation_failed",
      "header.idempotency-key",
    ],
  ];

  for (const [what, send, status, code, field] of bad) {
    it(`answers ${what} with ${status} ${code} and writes nothing`, async () => {
      const res = await expectNothingWritten(send);
      const body = await json(res);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(body.error.code).toBe(code);
      expect(body.error.requestId).toBeTruthy();
      expect(body.error.message).toBeTruthy();
      if (field) expect(body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    });
  }

  it("lets an auditor read but not file", async () => {
    const res = await expectNothingWritten(() =>
      h.call("POST", "/v1/requests", { token: auditor, body: staffSecondmentBody() }),
    );
    expect(res.status).toBe(403);
    expect((await h.call("GET", "/v1/requests", { token: auditor })).status).toBe(200);
  });

  it("refuses a revoked token", async () => {
    const token = await h.token("NGHE-AN", ["clerk"]);
    await h.db.query(
      "update api_tokens set revoked_at = now() where token_hash = encode(sha256($1::bytea), 'hex')",
      [token],
    );
    const res = await h.call("GET", "/v1/requests", { token });
    expect(res.status).toBe(401);
  });
});

describe("transitions and permissions", () => {
  it("lets a clerk submit and only an approver approve", async () => {
    const { id } = await createDraft();
    const byAuditor = await h.call("POST", `/v1/requests/${id}/submit`, { token: auditor });
    expect(byAuditor.status).toBe(403);
    expect((await h.call("POST", `/v1/requests/${id}/submit`, { token: clerk })).status).toBe(200);
    const byClerk = await expectNothingWritten(() =>
      h.call("POST", `/v1/requests/${id}/approve`, { token: clerk }),
    );
    expect(byClerk.status).toBe(403);
    expect((await json(byClerk)).error.code).toBe("forbidden");
    const ok = await h.call("POST", `/v1/requests/${id}/approve`, {
      token: approver,
      body: { note: "Đồng ý" },
    });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect((await json(ok)).status).toBe("approved");
    const detail = await json(await h.call("GET", `/v1/requests/${id}`, { token: clerk }));
    expect(detail.documents).toHaveLength(1);
    expect(detail.documents[0]).toMatchObject({ typeCode: "CV", term: "2025-2030", status: "pending" });
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(["created", "submit", "approve"]);
    expect(detail.events[2].detail.note).toBe("Đồng ý");
  });

  it("refuses a transition the state machine forbids, writing nothing", async () => {
    const { id } = await createDraft();
    const res = await expectNothingWritten(() =>
      h.call("POST", `/v1/requests/${id}/approve`, { token: approver }),
    );
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe("transition_not_allowed");
  });

  it("cancels, and then refuses to cancel again", async () => {
    const { id } = await createDraft();
    expect((await h.call("POST", `/v1/requests/${id}/cancel`, { token: clerk })).status).toBe(200);
    expect((await h.call("POST", `/v1/requests/${id}/cancel`, { token: clerk })).status).toBe(409);
  });

  it("hides a request from a committee that is not a party, for every route", async () => {
    const { id } = await createDraft();
    for (const [method, path] of [
      ["GET", `/v1/requests/${id}`],
      ["POST", `/v1/requests/${id}/submit`],
      ["POST", `/v1/requests/${id}/approve`],
      ["POST", `/v1/requests/${id}/cancel`],
    ] as const) {
      const res = await h.call(method, path, { token: outsider });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const list = await json(await h.call("GET", "/v1/requests?limit=100", { token: outsider }));
    expect(list.items.map((r: { id: string }) => r.id)).not.toContain(id);
  });

  it("keeps drafts from the counterpart, and the counterpart cannot act on the lifecycle", async () => {
    const { id } = await createDraft();
    expect((await h.call("GET", `/v1/requests/${id}`, { token: central })).status).toBe(404);
    await h.call("POST", `/v1/requests/${id}/submit`, { token: clerk });
    await h.call("POST", `/v1/requests/${id}/approve`, { token: approver });
    await h.db.query("update requests set status = 'issued' where id = $1", [id]);
    expect((await h.call("GET", `/v1/requests/${id}`, { token: central })).status).toBe(200);
    const cancel = await h.call("POST", `/v1/requests/${id}/cancel`, { token: central });
    expect(cancel.status).toBe(403);
  });

  it("answers an id that is not a uuid with 400 naming the field", async () => {
    const res = await h.call("GET", "/v1/requests/not-a-uuid", { token: clerk });
    expect(res.status).toBe(400);
    expect((await json(res)).error.details[0].field).toBe("param.id");
  });
});

describe("GET /v1/requests", () => {
  it("filters by status and kind and pages with a cursor", async () => {
    const token = await h.token("QUANG-NINH", ["clerk"]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createDraft(token)).id);
    await h.call("POST", `/v1/requests/${ids[0]}/submit`, { token });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await json(
        await h.call("GET", `/v1/requests?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token }),
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((r: { id: string }) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const submitted = await json(await h.call("GET", "/v1/requests?status=submitted", { token }));
    expect(submitted.items.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    const byCounterpart = await json(
      await h.call("GET", "/v1/requests?counterpart=CATW&kind=staff_secondment&limit=100", { token }),
    );
    expect(byCounterpart.items).toHaveLength(5);
    const none = await json(await h.call("GET", "/v1/requests?counterpart=HA-NOI", { token }));
    expect(none.items).toHaveLength(0);
  });

  it("filters by overdue and by the day created, and gives each row its deadline at a glance", async () => {
    const token = await h.token("HAI-PHONG", ["clerk"]);
    const late = await createDraft(token);
    const onTime = await createDraft(token);
    const { rows } = await h.db.query("select id from committees where code = 'CATW'");
    const stage = (requestId: string, token32: string, overdue: boolean) =>
      h.db.query(
        `insert into dispatches (request_id, to_committee_id, token, status, sent_at, deadline_at, overdue_at)
         values ($1, $2, $3, 'sent', now() - interval '10 days', '2026-03-12T10:00:00Z', $4)`,
        [requestId, rows[0].id, token32, overdue ? new Date() : null],
      );
    await stage(late.id, "a".repeat(32), true);
    await stage(onTime.id, "b".repeat(32), false);
    const overdue = await json(await h.call("GET", "/v1/requests?overdue=true", { token }));
    expect(overdue.items.map((r: { id: string }) => r.id)).toEqual([late.id]);
    expect(overdue.items[0]).toMatchObject({ overdue: true, deadlineAt: "2026-03-12T10:00:00.000Z" });
    const notOverdue = await json(await h.call("GET", "/v1/requests?overdue=false", { token }));
    expect(notOverdue.items.map((r: { id: string }) => r.id)).toEqual([onTime.id]);
    expect(notOverdue.items[0]).toMatchObject({ overdue: false, deadlineAt: "2026-03-12T10:00:00.000Z" });

    const { rows: d } = await h.db.query(
      "select (now() at time zone 'Asia/Ho_Chi_Minh')::date::text as today, ((now() at time zone 'Asia/Ho_Chi_Minh')::date - 1)::text as yesterday",
    );
    const today = await json(
      await h.call("GET", `/v1/requests?from=${d[0].today}&to=${d[0].today}`, { token }),
    );
    expect(today.items).toHaveLength(2);
    const before = await json(await h.call("GET", `/v1/requests?to=${d[0].yesterday}`, { token }));
    expect(before.items).toHaveLength(0);
    const reversed = await h.call("GET", `/v1/requests?from=${d[0].today}&to=${d[0].yesterday}`, { token });
    expect(reversed.status).toBe(400);
    expect((await json(reversed)).error.details).toEqual([
      { field: "query.to", message: "ngày kết thúc phải sau ngày bắt đầu" },
    ]);
  });

  it("rejects bad filters with 400", async () => {
    for (const q of [
      "status=lost",
      "kind=party_picnic",
      "limit=1000",
      "cursor=garbage",
      "counterpart=ATLANTIS",
      "overdue=yes",
      "from=2026-02-30",
    ]) {
      const res = await h.call("GET", `/v1/requests?${q}`, { token: clerk });
      expect(res.status, q).toBe(400);
    }
  });
});

describe("registry and documents routes", () => {
  it("lists the 35 committees to any token, with the names valid on the day", async () => {
    const res = await json(await h.call("GET", "/v1/committees", { token: auditor }));
    expect(res.items).toHaveLength(35);
    // The harness clock stands at 5/3/2026: Đồng Nai becomes a centrally-run city only on 30/4/2026.
    const dongNai = res.items.find((c: { code: string }) => c.code === "DONG-NAI");
    expect(dongNai.name).toBe("Ủy ban Kiểm tra Tỉnh ủy Đồng Nai");
    expect(dongNai.superiorLine).toBe("TỈNH ỦY ĐỒNG NAI");
  });

  it("lets only an admin change the registry, and only its own entry unless central", async () => {
    const body = { email: "ubkt@nghean.example", signerName: "Nguyễn Văn Minh" };
    expect((await h.call("PATCH", "/v1/committees/NGHE-AN", { token: clerk, body })).status).toBe(403);
    const provinceAdmin = await h.token("NGHE-AN", ["admin"]);
    expect((await h.call("PATCH", "/v1/committees/HA-NOI", { token: provinceAdmin, body })).status).toBe(403);
    expect((await h.call("PATCH", "/v1/committees/NGHE-AN", { token: provinceAdmin, body })).status).toBe(
      200,
    );
    const centralAdmin = await h.token("CATW", ["admin"]);
    expect(
      (await h.call("PATCH", "/v1/committees/HA-NOI", { token: centralAdmin, body: { email: "bad" } }))
        .status,
    ).toBe(400);
    expect((await h.call("PATCH", "/v1/committees/ATLANTIS", { token: centralAdmin, body })).status).toBe(
      404,
    );
  });

  it("answers an unknown document with 404 and a foreign one with 404", async () => {
    const res = await h.call("GET", "/v1/documents/00000000-0000-4000-8000-000000000000", { token: clerk });
    expect(res.status).toBe(404);
  });

  it("serves the OpenAPI document and the local API docs", async () => {
    const spec = await json(await h.call("GET", "/openapi.json"));
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(["/v1/requests", "/v1/requests/{id}", "/v1/requests/{id}/approve"]),
    );
    const docs = await h.call("GET", "/docs");
    const html = await docs.text();
    expect(html).toContain("/docs/assets/swagger-ui-bundle.js");
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    expect((await h.call("GET", "/docs/assets/swagger-ui-bundle.js")).status).toBe(200);
  });

  it("reports health and readiness", async () => {
    expect((await h.call("GET", "/healthz")).status).toBe(200);
    const ready = await json(await h.call("GET", "/readyz"));
    expect(ready).toMatchObject({ status: "ready", checks: { database: "ok", queue: "ok" } });
  });

  it("answers an unknown route with the envelope", async () => {
    const res = await h.call("GET", "/v1/nothing-here", { token: clerk });
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe("not_found");
  });
});
