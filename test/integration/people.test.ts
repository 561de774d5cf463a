import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

let h: Harness;
let clerk: { userId: string; token: string }; // NGHE-AN clerk, a person
let approver: { userId: string; token: string }; // NGHE-AN approver, a person
let central: { userId: string; token: string }; // CATW clerk, the counterpart
let outsider: { userId: string; token: string }; // HA-NOI clerk
let oldClerk: string; // NGHE-AN clerk + approver token naming no user

beforeAll(async () => {
  h = await createHarness({ queue: "redis" });
  clerk = await h.user("NGHE-AN", ["clerk"], "Nguyễn Văn An");
  approver = await h.user("NGHE-AN", ["approver"], "Trần Thị Bình");
  central = await h.user("CATW", ["clerk"], "Lê Văn Cường");
  outsider = await h.user("HA-NOI", ["clerk"], "Phạm Thị Dung");
  oldClerk = await h.token("NGHE-AN", ["clerk", "approver"]);
});
afterAll(() => h.close());

async function countRows(table: string): Promise<number> {
  const { rows } = await h.db.query(`select count(*)::int as n from ${table}`);
  return rows[0].n;
}

async function expectNothingWritten<T>(work: () => Promise<T>): Promise<T> {
  const tables = ["requests", "request_events", "request_follows"];
  const before = await Promise.all(tables.map(countRows));
  const result = await work();
  expect(await Promise.all(tables.map(countRows))).toEqual(before);
  return result;
}

async function call(method: string, path: string, token: string, status: number) {
  const res = await h.call(method, path, { token });
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

async function createDraft(token: string): Promise<string> {
  const res = await h.call("POST", "/v1/requests", { token, body: staffSecondmentBody() });
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.id;
}

/** Created and submitted by the clerk, approved by the approver (issuing is the workers' job, not run here). */
async function approved(): Promise<string> {
  const id = await createDraft(clerk.token);
  await call("POST", `/v1/requests/${id}/submit`, clerk.token, 200);
  await call("POST", `/v1/requests/${id}/approve`, approver.token, 200);
  return id;
}

const detail = (id: string, token: string) => call("GET", `/v1/requests/${id}`, token, 200);

describe("audit events name the user", () => {
  it("records who created, submitted and approved", async () => {
    const id = await approved();
    const { events } = await detail(id, clerk.token);
    expect(events.map((e: { action: string; actorUser: unknown }) => [e.action, e.actorUser])).toEqual([
      ["created", { id: clerk.userId, name: "Nguyễn Văn An" }],
      ["submit", { id: clerk.userId, name: "Nguyễn Văn An" }],
      ["approve", { id: approver.userId, name: "Trần Thị Bình" }],
    ]);
    const { rows } = await h.db.query(
      "select count(*)::int as n from request_events where request_id = $1 and actor_user_id is null",
      [id],
    );
    expect(rows[0].n).toBe(0);
  });

  it("keeps an old token working, its events naming no user", async () => {
    const id = await createDraft(oldClerk);
    await call("POST", `/v1/requests/${id}/submit`, oldClerk, 200);
    const body = await detail(id, oldClerk);
    expect(body.events.map((e: { actorUser: unknown }) => e.actorUser)).toEqual([null, null]);
    expect(body.events[0].actorTokenId).toEqual(expect.any(String));
    expect(body.following).toBe(false);
  });
});

describe("GET /v1/me", () => {
  it("names the user of a user's token", async () => {
    const me = await call("GET", "/v1/me", clerk.token, 200);
    expect(me).toMatchObject({
      committee: "NGHE-AN",
      roles: ["clerk"],
      user: { id: clerk.userId, name: "Nguyễn Văn An", email: expect.stringMatching(/@phoihop\.example$/) },
    });
  });

  it("answers user null for an old token", async () => {
    const me = await call("GET", "/v1/me", oldClerk, 200);
    expect(me).toMatchObject({ committee: "NGHE-AN", roles: ["clerk", "approver"], user: null });
  });

  it("refuses a call without a token", async () => {
    const res = await h.call("GET", "/v1/me");
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe("unauthenticated");
  });

  it("refuses the token of a disabled user with 401", async () => {
    const gone = await h.user("NGHE-AN", ["clerk"], "Đỗ Văn Em");
    await h.db.query("update users set disabled_at = now() where id = $1", [gone.userId]);
    const body = await call("GET", "/v1/me", gone.token, 401);
    expect(body.error.code).toBe("unauthenticated");
  });
});

describe("PUT/DELETE /v1/requests/{id}/follow", () => {
  it("follows and unfollows, each twice without harm", async () => {
    const id = await createDraft(clerk.token);
    for (let i = 0; i < 2; i++) await call("PUT", `/v1/requests/${id}/follow`, clerk.token, 204);
    const { rows } = await h.db.query("select user_id from request_follows where request_id = $1", [id]);
    expect(rows).toEqual([{ user_id: clerk.userId }]);
    expect((await detail(id, clerk.token)).following).toBe(true);
    expect((await detail(id, approver.token)).following).toBe(false);
    for (let i = 0; i < 2; i++) await call("DELETE", `/v1/requests/${id}/follow`, clerk.token, 204);
    expect((await detail(id, clerk.token)).following).toBe(false);
  });

  it("lets the counterpart follow once the request is issued to it", async () => {
    const id = await approved();
    await expectNothingWritten(() => call("PUT", `/v1/requests/${id}/follow`, central.token, 404));
    await h.db.query("update requests set status = 'issued' where id = $1", [id]);
    await call("PUT", `/v1/requests/${id}/follow`, central.token, 204);
    expect((await detail(id, central.token)).following).toBe(true);
  });

  it("answers 404 and writes nothing for a request the caller may not see", async () => {
    const draft = await createDraft(clerk.token);
    for (const [who, id] of [
      [outsider.token, draft], // another committee's request
      [central.token, draft], // the counterpart, before it is issued
      [clerk.token, "00000000-0000-4000-8000-000000000000"], // no such request
    ] as const) {
      const body = await expectNothingWritten(() => call("PUT", `/v1/requests/${id}/follow`, who, 404));
      expect(body.error).toMatchObject({ code: "not_found", requestId: expect.any(String) });
    }
  });

  it("answers 409 for a token naming no user", async () => {
    const id = await createDraft(oldClerk);
    for (const method of ["PUT", "DELETE"]) {
      const body = await expectNothingWritten(() => call(method, `/v1/requests/${id}/follow`, oldClerk, 409));
      expect(body.error).toMatchObject({
        code: "conflict",
        message: "Mã truy cập này không gắn với người dùng",
      });
    }
  });

  it("answers 400 naming the field for a malformed id", async () => {
    const body = await call("PUT", "/v1/requests/not-a-uuid/follow", clerk.token, 400);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details?.[0]?.field).toBe("param.id");
  });
});
