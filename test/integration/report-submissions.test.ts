import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePeriodKey, periodDates } from "../../src/reports/periods.js";
import {
  checkSubmissionWindow,
  FiguresSchema,
  SUBMISSION_CUTOFF,
  SUBMISSION_WINDOW_DAYS,
} from "../../src/reports/submissions.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";

// 20 July 2026, 10:00 in Hà Nội: 2026-Q2 has ended (30/6) and 2026-Q3 has not; 2025-Q4 ended 200 days ago.
const NOW = "2026-07-20T03:00:00Z";
const PROVINCES = 34;

let h: Harness;
let clerk: string; // NGHE-AN clerk
let approver: string; // NGHE-AN approver
let auditor: string; // NGHE-AN auditor
let hanoi: string; // HA-NOI clerk
let central: string; // CATW clerk + approver
let centralAuditor: string; // CATW auditor

beforeAll(async () => {
  h = await createHarness({ queue: "redis", clock: fixedClock(NOW) });
  clerk = await h.token("NGHE-AN", ["clerk"]);
  approver = await h.token("NGHE-AN", ["approver"]);
  auditor = await h.token("NGHE-AN", ["auditor"]);
  hanoi = await h.token("HA-NOI", ["clerk"]);
  central = await h.token("CATW", ["clerk", "approver"]);
  centralAuditor = await h.token("CATW", ["auditor"]);
});
afterAll(() => h.close());

function figures(overrides: Record<string, unknown> = {}) {
  return {
    inspections: { total: 12, coordinated: 3 },
    supervisions: { total: 8, coordinated: 2 },
    organisations: { total: 40, coordinated: 10 },
    members: { total: 215, coordinated: 37 },
    denunciations: { total: 6, coordinated: 1 },
    disciplined: { total: 4, coordinated: 0 },
    ...overrides,
  };
}

async function countSubmissions(): Promise<number> {
  const { rows } = await h.db.query("select count(*)::int as n from report_submissions");
  return rows[0].n;
}

async function expectNothingWritten<T>(work: () => Promise<T>): Promise<T> {
  const before = await countSubmissions();
  const result = await work();
  expect(await countSubmissions()).toBe(before);
  return result;
}

async function submit(token: string, periodKey: string, body: Record<string, unknown> = {}) {
  const res = await h.call("POST", "/v1/report-submissions", {
    token,
    body: { periodKey, figures: figures(), ...body },
  });
  const data = await json(res);
  expect(res.status, JSON.stringify(data)).toBe(201);
  return data;
}

async function expectError(res: Response, status: number, code: string, field?: string) {
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(body.error, JSON.stringify(body)).toMatchObject({ code, requestId: expect.any(String) });
  if (field) {
    const fields = (body.error.details ?? []).map((d: { field?: string }) => d.field);
    expect(fields, JSON.stringify(body)).toContain(field);
  }
  return body;
}

describe("the submission window (pure)", () => {
  const closesAt = periodDates(parsePeriodKey("2026-Q2"), SUBMISSION_CUTOFF).closesAt;
  const at = (ms: number) => new Date(closesAt.getTime() + ms);

  it("opens when the last day is over in Hà Nội and closes after exactly SUBMISSION_WINDOW_DAYS", () => {
    expect(closesAt.toISOString()).toBe("2026-06-30T17:00:00.000Z");
    expect(() => checkSubmissionWindow("2026-Q2", at(-1))).toThrow(/chưa kết thúc/);
    expect(() => checkSubmissionWindow("2026-Q2", at(0))).not.toThrow();
    const window = SUBMISSION_WINDOW_DAYS * 86_400_000;
    expect(() => checkSubmissionWindow("2026-Q2", at(window))).not.toThrow();
    expect(() => checkSubmissionWindow("2026-Q2", at(window + 1))).toThrow(/đã khóa/);
  });
});

describe("POST /v1/report-submissions", () => {
  it("records version 1 for the caller's committee", async () => {
    const created = await submit(clerk, "2026-Q2", { note: "Số liệu đến hết 30/6/2026" });
    expect(created).toMatchObject({
      committee: "NGHE-AN",
      periodKey: "2026-Q2",
      version: 1,
      current: true,
      figures: figures(),
      note: "Số liệu đến hết 30/6/2026",
      reason: null,
      submittedAt: new Date(NOW).toISOString(),
      supersededAt: null,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.submittedBy).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("takes every kind of period key periods.ts knows, once it has ended", async () => {
    for (const key of ["2026-06", "2026-H1", "2026-Q1"]) {
      expect((await submit(approver, key)).periodKey).toBe(key);
    }
  });

  it("answers a second submission for the same period with 409 naming the existing one", async () => {
    const { items } = await json(
      await h.call("GET", "/v1/report-submissions?periodKey=2026-Q2", { token: clerk }),
    );
    const existing = items[0].id;
    const res = await expectNothingWritten(() =>
      h.call("POST", "/v1/report-submissions", {
        token: approver,
        body: { periodKey: "2026-Q2", figures: figures() },
      }),
    );
    const body = await expectError(res, 409, "conflict", "periodKey");
    expect(body.error.message).toContain(`PUT /v1/report-submissions/${existing}`);
    expect(body.error.details[0].message).toContain(existing);
  });

  it("lets exactly one of ten concurrent first submissions in; the others name it", async () => {
    const before = await countSubmissions();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.call("POST", "/v1/report-submissions", {
          token: hanoi,
          body: { periodKey: "2026-Q2", figures: figures() },
        }),
      ),
    );
    const bodies = await Promise.all(results.map(json));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, JSON.stringify(bodies)).toEqual([201, ...Array(9).fill(409)]);
    const winner = bodies[results.findIndex((r) => r.status === 201)];
    for (const b of bodies.filter((b) => b.error)) {
      expect(b.error.code).toBe("conflict");
      expect(b.error.message).toContain(winner.id);
    }
    expect(await countSubmissions()).toBe(before + 1);
  });

  it("maps the unique violation of a lost race to the same 409 (the check passed, the insert did not)", async () => {
    const token = await h.token("QUANG-TRI", ["clerk"]);
    const other = await h.db.connect();
    try {
      // A first submission committed by someone else after our check but before our insert: hold it open.
      await other.query("begin");
      const { rows } = await other.query(
        `insert into report_submissions (committee_id, period_key, version, figures)
         select id, '2026-05', 1, $1 from committees where code = 'QUANG-TRI' returning id`,
        [JSON.stringify(figures())],
      );
      const pending = h.call("POST", "/v1/report-submissions", {
        token,
        body: { periodKey: "2026-05", figures: figures() },
      });
      await eventually(async () => {
        const { rows: waiting } = await h.db.query(
          "select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        return waiting.length > 0;
      });
      await other.query("commit");
      const body = await expectError(await pending, 409, "conflict", "periodKey");
      expect(body.error.message).toContain(rows[0].id);
    } finally {
      other.release();
    }
  });

  // Tokens exist only after beforeAll: the table names a token by a function read when the case runs.
  const post =
    (body: unknown, token = () => clerk) =>
    () =>
      h.call("POST", "/v1/report-submissions", { token: token(), body });
  const withFigure = (name: string, value: unknown) => ({
    periodKey: "2026-05",
    figures: figures({ [name]: value }),
  });
  const bad: [string, () => Promise<Response>, number, string, string?][] = [
    [
      "a key that does not parse",
      post({ periodKey: "2026-Q5", figures: figures() }),
      400,
      "validation_failed",
      "periodKey",
    ],
    [
      "a key not in canonical form",
      post({ periodKey: "2026-q2", figures: figures() }),
      400,
      "validation_failed",
      "periodKey",
    ],
    [
      "an unknown party term",
      post({ periodKey: "NK2030-2035", figures: figures() }),
      400,
      "validation_failed",
      "periodKey",
    ],
    [
      "a period that has not ended (2026-Q3)",
      post({ periodKey: "2026-Q3", figures: figures() }),
      400,
      "validation_failed",
      "periodKey",
    ],
    [
      "a year that has not ended",
      post({ periodKey: "2026", figures: figures() }),
      400,
      "validation_failed",
      "periodKey",
    ],
    [
      "the current party term",
      post({ periodKey: "NK2025-2030", figures: figures() }),
      400,
      "validation_failed",
      "periodKey",
    ],
    [
      "a period closed 180 days after its end (2025-Q4)",
      post({ periodKey: "2025-Q4", figures: figures() }),
      409,
      "conflict",
      "periodKey",
    ],
    [
      "a closed party term",
      post({ periodKey: "NK2020-2025", figures: figures() }),
      409,
      "conflict",
      "periodKey",
    ],
    [
      "coordinated above total",
      post(withFigure("members", { total: 5, coordinated: 6 })),
      400,
      "validation_failed",
      "figures.members.coordinated",
    ],
    [
      "a negative count",
      post(withFigure("inspections", { total: -1, coordinated: 0 })),
      400,
      "validation_failed",
      "figures.inspections.total",
    ],
    [
      "a non-integer count",
      post(withFigure("disciplined", { total: 2, coordinated: 1.5 })),
      400,
      "validation_failed",
      "figures.disciplined.coordinated",
    ],
    [
      "a count given as text",
      post(withFigure("supervisions", { total: "3", coordinated: 0 })),
      400,
      "validation_failed",
      "figures.supervisions.total",
    ],
    [
      "a missing count",
      post(withFigure("organisations", { total: 3 })),
      400,
      "validation_failed",
      "figures.organisations.coordinated",
    ],
    [
      "a missing figure",
      post({ periodKey: "2026-05", figures: { ...figures(), denunciations: undefined } }),
      400,
      "validation_failed",
      "figures.denunciations",
    ],
    [
      "an unknown figure",
      post(withFigure("meetings", { total: 1, coordinated: 0 })),
      400,
      "validation_failed",
      "figures.meetings",
    ],
    [
      "an unknown key in a figure",
      post(withFigure("members", { total: 5, coordinated: 1, partial: 2 })),
      400,
      "validation_failed",
      "figures.members.partial",
    ],
    [
      "an unknown top-level field",
      post({ periodKey: "2026-05", figures: figures(), committee: "HA-NOI" }),
      400,
      "validation_failed",
      "committee",
    ],
    ["a missing periodKey", post({ figures: figures() }), 400, "validation_failed", "periodKey"],
    [
      "a note over 2000 characters",
      post({ periodKey: "2026-05", figures: figures(), note: "x".repeat(2001) }),
      400,
      "validation_failed",
      "note",
    ],
    ["malformed JSON", post("{not json"), 400, "invalid_json"],
    ["an auditor", post({ periodKey: "2026-05", figures: figures() }, () => auditor), 403, "forbidden"],
    [
      "no token",
      () => h.call("POST", "/v1/report-submissions", { body: { periodKey: "2026-05", figures: figures() } }),
      401,
      "unauthenticated",
    ],
  ];

  it.each(bad)(
    "refuses %s with the envelope and writes nothing",
    async (_name, call, status, code, field) => {
      const res = await expectNothingWritten(call);
      await expectError(res, status, code, field);
    },
  );
});

describe("PUT /v1/report-submissions/{id}", () => {
  let v1: { id: string };
  let v2: { id: string };

  beforeAll(async () => {
    v1 = await submit(clerk, "2026-04", { note: "Bản đầu" });
  });

  const put = (id: string, body: unknown, token = clerk) =>
    h.call("PUT", `/v1/report-submissions/${id}`, { token, body });

  it("makes a new version and keeps the earlier one, superseded", async () => {
    const before = await countSubmissions();
    const corrected = figures({ members: { total: 220, coordinated: 40 } });
    const res = await put(
      v1.id,
      { figures: corrected, reason: "Bổ sung 5 đảng viên của Đảng bộ xã Nghi Lộc" },
      approver,
    );
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    v2 = body;
    expect(body).toMatchObject({
      committee: "NGHE-AN",
      periodKey: "2026-04",
      version: 2,
      current: true,
      figures: corrected,
      note: "Bản đầu", // carried over when the correction sends none
      reason: "Bổ sung 5 đảng viên của Đảng bộ xã Nghi Lộc",
    });
    expect(body.id).not.toBe(v1.id);
    expect(FiguresSchema.parse(body.figures)).toEqual(corrected);
    expect(await countSubmissions()).toBe(before + 1);

    const { rows } = await h.db.query(
      `select version, superseded_at, figures->>'reason' as reason from report_submissions s
         join committees c on c.id = s.committee_id where c.code = 'NGHE-AN' and period_key = '2026-04' order by version`,
    );
    expect(rows).toMatchObject([
      { version: 1, superseded_at: new Date(NOW), reason: null },
      { version: 2, superseded_at: null, reason: "Bổ sung 5 đảng viên của Đảng bộ xã Nghi Lộc" },
    ]);
  });

  it("shows every version, newest first, from either id", async () => {
    for (const id of [v1.id, v2.id]) {
      const res = await h.call("GET", `/v1/report-submissions/${id}`, { token: auditor });
      const body = await json(res);
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body.id).toBe(id);
      expect(body.history.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([
        [2, true],
        [1, false],
      ]);
      expect(body.history[1]).toMatchObject({
        reason: null,
        figures: figures(),
        supersededAt: new Date(NOW).toISOString(),
      });
    }
  });

  it("refuses to correct a superseded version, naming the current one", async () => {
    const res = await expectNothingWritten(() => put(v1.id, { figures: figures(), reason: "Sửa lại" }));
    const body = await expectError(res, 409, "conflict", "id");
    expect(body.error.message).toContain(v2.id);
  });

  it("lets one of two concurrent corrections of one version through; the other gets 409", async () => {
    const current = await submit(clerk, "2026-02");
    const results = await Promise.all(
      [1, 2].map((n) =>
        put(current.id, {
          figures: figures({ disciplined: { total: n, coordinated: 0 } }),
          reason: `Lần ${n}`,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const { rows } = await h.db.query(
      `select count(*)::int as n, count(*) filter (where superseded_at is null)::int as current
         from report_submissions where committee_id = (select committee_id from report_submissions where id = $1)
          and period_key = '2026-02'`,
      [current.id],
    );
    expect(rows[0]).toMatchObject({ n: 2, current: 1 });
  });

  it.each([
    ["no reason", () => put(v2.id, { figures: figures() }), 400, "validation_failed", "reason"],
    [
      "a blank reason",
      () => put(v2.id, { figures: figures(), reason: "   " }),
      400,
      "validation_failed",
      "reason",
    ],
    [
      "coordinated above total",
      () => put(v2.id, { figures: figures({ denunciations: { total: 1, coordinated: 2 } }), reason: "x" }),
      400,
      "validation_failed",
      "figures.denunciations.coordinated",
    ],
    [
      "a periodKey (it cannot change)",
      () => put(v2.id, { periodKey: "2026-05", figures: figures(), reason: "x" }),
      400,
      "validation_failed",
      "periodKey",
    ],
    [
      "another province's submission",
      () => put(v2.id, { figures: figures(), reason: "x" }, hanoi),
      404,
      "not_found",
    ],
    [
      "the central committee (it reads, it does not correct)",
      () => put(v2.id, { figures: figures(), reason: "x" }, central),
      403,
      "forbidden",
    ],
    ["an auditor", () => put(v2.id, { figures: figures(), reason: "x" }, auditor), 403, "forbidden"],
    [
      "an id that does not exist",
      () => put("00000000-0000-4000-8000-000000000000", { figures: figures(), reason: "x" }),
      404,
      "not_found",
    ],
    [
      "an id that is not a uuid",
      () => put("abc", { figures: figures(), reason: "x" }),
      400,
      "validation_failed",
      "param.id",
    ],
  ] as [string, () => Promise<Response>, number, string, string?][])(
    "refuses %s with the envelope and writes nothing",
    async (_name, call, status, code, field) => {
      const res = await expectNothingWritten(call);
      await expectError(res, status, code, field);
    },
  );

  it("refuses a correction once the period has closed for submissions", async () => {
    const closedClock = fixedClock("2025-03-01T03:00:00Z");
    const old = await createHarness({ queue: "redis", clock: closedClock });
    try {
      const token = await old.token("NGHE-AN", ["clerk"]);
      const res = await old.call("POST", "/v1/report-submissions", {
        token,
        body: { periodKey: "2025-01", figures: figures() },
      });
      const created = await json(res);
      expect(res.status, JSON.stringify(created)).toBe(201);
      closedClock.set("2025-09-01T03:00:00Z"); // 2025-01 ended 31/1: more than 180 days ago
      const refused = await old.call("PUT", `/v1/report-submissions/${created.id}`, {
        token,
        body: { figures: figures(), reason: "Sửa muộn" },
      });
      await expectError(refused, 409, "conflict", "periodKey");
      const { rows } = await old.db.query("select count(*)::int as n from report_submissions");
      expect(rows[0].n).toBe(1);
    } finally {
      await old.close();
    }
  });
});

describe("GET /v1/report-submissions", () => {
  const list = async (token: string, query = "") => {
    const res = await h.call("GET", `/v1/report-submissions${query}`, { token });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    return body as {
      items: { id: string; committee: string; periodKey: string; current: boolean }[];
      nextCursor: string | null;
    };
  };

  it("shows a province its own current submissions only", async () => {
    const { items } = await list(clerk);
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((i) => i.committee))).toEqual(new Set(["NGHE-AN"]));
    expect(items.every((i) => i.current)).toBe(true);
    const q2 = await list(clerk, "?periodKey=2026-Q2");
    expect(q2.items.map((i) => i.committee)).toEqual(["NGHE-AN"]);
  });

  it("shows the central committee every committee's, filtered on request", async () => {
    const q2 = await list(centralAuditor, "?periodKey=2026-Q2");
    expect(q2.items.map((i) => i.committee).sort()).toEqual(["HA-NOI", "NGHE-AN"]);
    const hanoiOnly = await list(central, "?committee=HA-NOI");
    expect(hanoiOnly.items.map((i) => [i.committee, i.periodKey])).toEqual([["HA-NOI", "2026-Q2"]]);
  });

  it("pages with a cursor", async () => {
    const first = await list(clerk, "?limit=2");
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(clerk, `?limit=2&cursor=${first.nextCursor}`);
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("lets the central committee read any submission, and hides it from another province", async () => {
    const { items } = await list(clerk, "?periodKey=2026-Q2");
    const id = items[0]!.id;
    expect((await h.call("GET", `/v1/report-submissions/${id}`, { token: centralAuditor })).status).toBe(200);
    await expectError(
      await h.call("GET", `/v1/report-submissions/${id}`, { token: hanoi }),
      404,
      "not_found",
    );
  });

  it.each([
    [
      "another committee's filter from a province",
      () => h.call("GET", "/v1/report-submissions?committee=HA-NOI", { token: clerk }),
      403,
      "forbidden",
    ],
    [
      "an unknown committee",
      () => h.call("GET", "/v1/report-submissions?committee=ATLANTIS", { token: central }),
      400,
      "validation_failed",
      "query.committee",
    ],
    [
      "a bad period key",
      () => h.call("GET", "/v1/report-submissions?periodKey=Q2-2026", { token: central }),
      400,
      "validation_failed",
      "query.periodKey",
    ],
    [
      "a bad cursor",
      () => h.call("GET", "/v1/report-submissions?cursor=nope", { token: clerk }),
      400,
      "validation_failed",
      "query.cursor",
    ],
  ] as [string, () => Promise<Response>, number, string, string?][])(
    "refuses %s",
    async (_name, call, status, code, field) => {
      await expectError(await call(), status, code, field);
    },
  );
});

describe("GET /v1/report-submissions/missing", () => {
  it("lists the provincial committees without a current submission for the period", async () => {
    await submit(central, "2026-Q2"); // the central committee's own figures do not make a province less missing
    const res = await h.call("GET", "/v1/report-submissions/missing?periodKey=2026-Q2", {
      token: centralAuditor,
    });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    const codes = body.items.map((i: { code: string }) => i.code);
    expect(body.count).toBe(PROVINCES - 2);
    expect(codes).toHaveLength(PROVINCES - 2);
    expect(codes).not.toContain("NGHE-AN");
    expect(codes).not.toContain("HA-NOI");
    expect(codes).not.toContain("CATW");
    expect(body.items[0]).toMatchObject({
      name: expect.stringMatching(/^Ủy ban Kiểm tra /),
      email: expect.any(String),
    });
  });

  it("counts a corrected submission once, and a period nobody sent lists every province", async () => {
    const april = await json(
      await h.call("GET", "/v1/report-submissions/missing?periodKey=2026-04", { token: central }),
    );
    expect(april.count).toBe(PROVINCES - 1);
    const march = await json(
      await h.call("GET", "/v1/report-submissions/missing?periodKey=2026-03", { token: central }),
    );
    expect(march.count).toBe(PROVINCES);
  });

  it.each([
    [
      "a province",
      () => h.call("GET", "/v1/report-submissions/missing?periodKey=2026-Q2", { token: clerk }),
      403,
      "forbidden",
    ],
    [
      "no period key",
      () => h.call("GET", "/v1/report-submissions/missing", { token: central }),
      400,
      "validation_failed",
      "query.periodKey",
    ],
    [
      "a bad period key",
      () => h.call("GET", "/v1/report-submissions/missing?periodKey=2026-13", { token: central }),
      400,
      "validation_failed",
      "query.periodKey",
    ],
  ] as [string, () => Promise<Response>, number, string, string?][])(
    "refuses %s",
    async (_name, call, status, code, field) => {
      await expectError(await call(), status, code, field);
    },
  );
});
