import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailSettings } from "../../src/config.js";
import { findCommitteeByCode } from "../../src/db/queries/committees.js";
import { processInbound, receiveInbound } from "../../src/mail/receive.js";
import { createHarness, type Harness } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

interface Expected {
  file: string;
  classification: string;
  matchMethod: string;
  token?: string;
  messageId?: string;
  subjectTag?: string;
  strippedExact?: string;
  stripIncludes?: string[];
  stripExcludes?: string[];
  suggestion?: string | null;
  dsn?: { originalToken?: string; delayed: boolean };
}

const DIR = path.resolve(import.meta.dirname, "../fixtures/mail");
const expected: Expected[] = JSON.parse(readFileSync(path.join(DIR, "expected.json"), "utf8"));
// The dispatches the fixtures answer (test/fixtures/mail/generate.ts uses the same values).
const A = {
  token: "mfrggzdfmztwq2lknnwg23tpobyxe43u",
  messageId: "<ph-0b7e2a4c-1111-4c55-9a1e-000000000001@phoihop.example>",
};
const B = {
  token: "nbswy3dpeb3w64tmmqqgc3ltnvzgk5dz",
  messageId: "<ph-0b7e2a4c-2222-4c55-9a1e-000000000002@phoihop.example>",
};

let h: Harness;
const dispatchIds: Record<string, string> = {};

async function seedDispatch(from: string, to: string, d: typeof A): Promise<void> {
  const token = await h.token(from, ["clerk"]);
  const created = await h.call("POST", "/v1/requests", { token, body: staffSecondmentBody({ to }) });
  const { id } = (await created.json()) as { id: string };
  const toCommittee = (await findCommitteeByCode(h.db, to))!;
  await h.db.query("update requests set status = 'sent' where id = $1", [id]);
  const { rows } = await h.db.query(
    `insert into dispatches (request_id, to_committee_id, token, status, sent_at) values ($1, $2, $3, 'sent', now()) returning id`,
    [id, toCommittee.id, d.token],
  );
  await h.db.query(
    `insert into outbound_messages (request_id, dispatch_id, purpose, to_committee_id, to_address, from_address, message_id, subject, raw, status)
     values ($1, $2, 'letter', $3, $4, 'phoihop@phoihop.example', $5, 'x', '\\x00', 'sent')`,
    [id, rows[0].id, toCommittee.id, toCommittee.email, d.messageId],
  );
  dispatchIds[d.token] = rows[0].id;
}

beforeAll(async () => {
  h = await createHarness({ queue: "redis" });
  // PH-2026-0001 → A (Nghệ An to the central UBKT), PH-2026-0002 → B (the central UBKT to Nghệ An).
  await seedDispatch("NGHE-AN", "CATW", A);
  await seedDispatch("CATW", "NGHE-AN", B);
});
afterAll(() => h.close());

/** What the pipeline should decide for a fixture: the analysis's expectation, plus the bounce's own keys. */
function pipelineExpectation(e: Expected): { status: string; method: string | null; token: string | null } {
  if (e.classification === "loop") return { status: "ignored", method: null, token: null };
  if (e.classification === "bounce" && e.dsn?.originalToken)
    return { status: "processed", method: "dsn_token", token: e.dsn.originalToken };
  if (e.matchMethod === "none") return { status: "unmatched", method: null, token: null };
  const token =
    e.token ??
    (e.messageId === A.messageId || e.subjectTag === "PH-2026-0001"
      ? A.token
      : e.messageId === B.messageId || e.subjectTag === "PH-2026-0002"
        ? B.token
        : null);
  return { status: "processed", method: e.matchMethod, token };
}

describe("every fixture through the production entry point (store → process)", () => {
  it("has at least 30 fixtures", () => expect(expected.length).toBeGreaterThanOrEqual(30));

  for (const e of expected) {
    it(`${e.file}: ${e.classification}, ${e.matchMethod}`, async () => {
      const raw = readFileSync(path.join(DIR, e.file));
      const stored = await receiveInbound(h, raw, "webhook");
      await processInbound({ db: h.db, mail: mailSettings(h.cfg), clock: h.clock }, stored.id);
      const { rows } = await h.db.query(
        "select status, classification, match_method, dispatch_id, stripped_text from inbound_messages where id = $1",
        [stored.id],
      );
      const row = rows[0];
      const want = pipelineExpectation(e);
      expect(row.classification).toBe(e.classification);
      expect(row.status).toBe(want.status);
      expect(row.match_method).toBe(want.method);
      expect(row.dispatch_id).toBe(want.token ? dispatchIds[want.token] : null);
      if (e.strippedExact !== undefined) expect(row.stripped_text).toBe(e.strippedExact);
      for (const s of e.stripIncludes ?? []) expect(row.stripped_text).toContain(s);
      for (const s of e.stripExcludes ?? []) expect(row.stripped_text).not.toContain(s);
      // The raw message stays the record, byte for byte.
      const kept = await h.db.query("select raw from inbound_messages where id = $1", [stored.id]);
      expect(Buffer.compare(kept.rows[0].raw, raw)).toBe(0);
    });
  }

  it("stores each fixture once when it arrives again", async () => {
    const raw = readFileSync(path.join(DIR, expected[0]!.file));
    const again = await receiveInbound(h, raw, "smtp");
    expect(again.duplicate).toBe(true);
  });
});
