import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { committeeOnDateSql } from "../../src/db/queries/committees.js";
import { DISPATCHES_OF_REQUEST } from "../../src/db/queries/dispatches.js";
import { DOCUMENTS_OF_REQUEST } from "../../src/db/queries/documents.js";
import { INBOUND_OF_REQUEST } from "../../src/db/queries/inbound-messages.js";
import { OUTBOUND_OF_REQUEST } from "../../src/db/queries/outbound-messages.js";
import { findRequestDetail } from "../../src/db/queries/request-detail.js";
import { EVENTS_OF_REQUEST } from "../../src/db/queries/request-events.js";
import { findRequest } from "../../src/db/queries/requests.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { sentRequest } from "../support/sent-request.js";

// The detail reads a request and all its lists in one statement (json_agg sub-selects): each list must come back
// as the plain select of the same rows gives it (types, order, this request's rows only), and each committee must
// still see only its own view.
let h: Harness;
let filer: { userId: string; token: string };
let counterpart: string;
let third: string;
let a: string;
let b: string;

async function addInbound(requestId: string, subject: string) {
  const raw = randomBytes(32);
  const sha = (x: Buffer) => createHash("sha256").update(x).digest("hex");
  await h.db.query(
    `insert into inbound_messages (source, raw, sha256, body_sha256, request_id, status, subject, problems,
       review_reasons, reviewed_at, dsn, received_at)
     values ('webhook', $1, $2, $3, $4, 'processed', $5, '{"một"}', '{}', now(), '{"status": "5.1.1"}',
       now() - random() * interval '1 day')`,
    [raw, sha(raw), sha(Buffer.concat([raw, raw])), requestId, subject],
  );
}

beforeAll(async () => {
  h = await createHarness({ queue: "redis", workers: true });
  filer = await h.user("NGHE-AN", ["clerk", "approver"], "Lê Văn Chi Tiết");
  counterpart = await h.token("CATW", ["clerk"]);
  third = await h.token("HA-NOI", ["clerk", "approver"]);
  a = (await sentRequest(h, filer.token)).id;
  b = (await sentRequest(h, filer.token)).id;
  for (const [id, n] of [
    [a, 3],
    [b, 2],
  ] as const) {
    for (let i = 0; i < n; i++) await addInbound(id, `thư ${i} của ${id}`);
  }
  await h.call("PUT", `/v1/requests/${a}/follow`, { token: filer.token });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe("findRequestDetail", () => {
  it("gives each list as the select of its rows does: same values and types, same order, only this request's", async () => {
    const committeeId = (await findRequest(h.db, a))!.fromCommitteeId;
    const detail = await findRequestDetail(h.db, a, {
      userId: filer.userId,
      committeeId,
      issuedOn: "2026-06-01",
    });
    const rowsOf = async (sql: string, ...values: unknown[]) => (await h.db.query(sql, values)).rows;
    expect(detail!.request).toEqual(await findRequest(h.db, a));
    const lists = {
      events: await rowsOf(EVENTS_OF_REQUEST, a),
      documents: await rowsOf(DOCUMENTS_OF_REQUEST, a),
      messages: await rowsOf(OUTBOUND_OF_REQUEST, a),
      dispatches: await rowsOf(DISPATCHES_OF_REQUEST, a),
      inbound: await rowsOf(INBOUND_OF_REQUEST, a),
    };
    for (const [name, rows] of Object.entries(lists)) {
      expect(rows.length, name).toBeGreaterThan(0);
      expect(detail![name as keyof typeof lists], name).toEqual(rows);
    }
    expect(detail!.inbound.map((m) => m.subject).every((s) => s?.endsWith(a))).toBe(true);
    expect(detail!.inbound).toHaveLength(3);
    expect(detail!.following).toBe(true);
    const [issuer] = await rowsOf(committeeOnDateSql("$1", "$2"), committeeId, "2026-06-01");
    expect(detail!.issuerOnDate).toEqual(issuer);
    expect(detail!.recipientOnDate?.code).toBe("CATW");
  });

  it("reads no registry entries for a committee that did not file it, and says so for an unknown request", async () => {
    const request = (await findRequest(h.db, a))!;
    const seen = await findRequestDetail(h.db, a, {
      userId: null,
      committeeId: request.toCommitteeId,
      issuedOn: "2026-06-01",
    });
    expect(seen!.issuerOnDate).toBeUndefined();
    expect(seen!.recipientOnDate).toBeUndefined();
    expect(seen!.following).toBe(false);
    const none = await findRequestDetail(h.db, "00000000-0000-4000-8000-000000000000", {
      userId: null,
      committeeId: request.toCommitteeId,
      issuedOn: "2026-06-01",
    });
    expect(none).toBeUndefined();
  });
});

describe("GET /v1/requests/{id}", () => {
  it("shows the filer its trail, letters, mail and replies; the counterpart its part; a third committee nothing", async () => {
    const own = await json(await h.call("GET", `/v1/requests/${a}`, { token: filer.token }));
    expect(own.inbound, JSON.stringify(own)).toHaveLength(3);
    expect(own.inbound[0].dsn).toEqual({ status: "5.1.1" });
    expect(own.messages.length).toBeGreaterThan(0);
    expect(own.dispatches.map((d: { to: string }) => d.to)).toEqual(["CATW"]);
    expect(own.events.map((e: { action: string }) => e.action)).toContain("approve");
    expect(own.following).toBe(true);
    expect(own.preview).toBeNull();
    const ids = own.events.map((e: { id: string }) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));

    const theirs = await json(await h.call("GET", `/v1/requests/${a}`, { token: counterpart }));
    expect(theirs.inbound).toEqual([]);
    expect(theirs.messages).toEqual([]);
    expect(theirs.events.map((e: { action: string }) => e.action)).not.toContain("approve");
    expect(theirs.documents.map((d: { id: string }) => d.id)).toEqual(
      own.documents.map((d: { id: string }) => d.id),
    );

    const res = await h.call("GET", `/v1/requests/${a}`, { token: third });
    expect(res.status, await res.clone().text()).toBe(404);
  });

  it("hides a draft from the counterpart and previews it for the filer, with the registry's gaps", async () => {
    const draft = await json(
      await h.call("POST", "/v1/requests", { token: filer.token, body: staffSecondmentBody() }),
    );
    const res = await h.call("GET", `/v1/requests/${draft.id}`, { token: counterpart });
    expect(res.status, await res.clone().text()).toBe(404);
    const own = await json(await h.call("GET", `/v1/requests/${draft.id}`, { token: filer.token }));
    expect(own.preview.documents.length, JSON.stringify(own)).toBeGreaterThan(0);
    expect(own.preview.registryGaps).toEqual([]);
    await h.db.query(
      "update committee_versions set signer_name = '' where committee_id = (select id from committees where code = 'NGHE-AN')",
    );
    const gaps = await json(await h.call("GET", `/v1/requests/${draft.id}`, { token: filer.token }));
    expect(gaps.preview.registryGaps.map((g: { field: string }) => g.field)).toContain("signerName");
  });
});
