// A report run reads its batch's figures for a hundred pairs at once (computePairAnswers). Each pair must get what
// the statistics count for that pair alone — no request of another pair, of a third committee or outside the range.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCalendar } from "../../src/domain/working-days.js";
import { computePairAnswers, computeStatistics } from "../../src/reports/statistics.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

const RANGE = { from: "2026-01-01", to: "2026-03-31" };
const PAIRS = ["NGHE-AN", "HA-NOI", "DA-NANG", "CAN-THO", "HUE"] as const;

let h: Harness;
let ids: Map<string, number>;
let central: number;

/** Files a request from `from` to `to`, approves it and waits until its letter has gone. */
async function sentRequest(token: string, to: string): Promise<string> {
  const r = await json(await h.call("POST", "/v1/requests", { token, body: staffSecondmentBody({ to }) }));
  await h.call("POST", `/v1/requests/${r.id}/submit`, { token });
  await h.call("POST", `/v1/requests/${r.id}/approve`, { token });
  await eventually(
    async () => (await json(await h.call("GET", `/v1/requests/${r.id}`, { token }))).status === "sent",
  );
  return r.id;
}

async function setAnswer(requestId: string, fields: { answered?: string; deadline: string }): Promise<void> {
  await h.db.query("update dispatches set answered_at = $2, deadline_at = $3 where request_id = $1", [
    requestId,
    fields.answered ?? null,
    fields.deadline,
  ]);
}

beforeAll(async () => {
  h = await createHarness({ queue: "redis", workers: true });
  const { rows } = await h.db.query<{ id: number; code: string }>("select id, code from committees");
  ids = new Map(rows.map((r) => [r.code, r.id]));
  central = ids.get("CATW") as number;
  const catw = await h.token("CATW", ["clerk", "approver"]);
  const ngheAn = await h.token("NGHE-AN", ["clerk", "approver"]);
  const haNoi = await h.token("HA-NOI", ["clerk", "approver"]);
  // Nghệ An: one answered on time, one late, one from the province itself, overdue with no answer.
  await setAnswer(await sentRequest(catw, "NGHE-AN"), {
    answered: "2026-03-06T03:00:00Z",
    deadline: "2026-03-20T10:00:00Z",
  });
  await setAnswer(await sentRequest(catw, "NGHE-AN"), {
    answered: "2026-03-25T03:00:00Z",
    deadline: "2026-03-20T10:00:00Z",
  });
  await setAnswer(await sentRequest(ngheAn, "CATW"), { deadline: "2026-03-04T10:00:00Z" });
  // Hà Nội: one awaiting its answer; and one it sent to Nghệ An, which is no pair of the central committee's.
  await setAnswer(await sentRequest(catw, "HA-NOI"), { deadline: "2026-04-20T10:00:00Z" });
  await sentRequest(haNoi, "NGHE-AN");
  // Đà Nẵng: one issued outside the range (its documents dated 2025).
  const old = await sentRequest(catw, "DA-NANG");
  await h.db.query("update documents set issued_on = '2025-12-01' where request_id = $1", [old]);
});
afterAll(() => h.close());

describe("the figures of many pairs at once", () => {
  it("give each pair what the statistics count for it alone, a pair with no records zeros", async () => {
    const calendar = createCalendar();
    const now = h.clock.now();
    const counterpartIds = PAIRS.map((code) => ids.get(code) as number);
    expect(counterpartIds.every(Number.isInteger), "every pair is in the registry").toBe(true);
    const batch = await computePairAnswers(
      h.db,
      calendar,
      { ...RANGE, committeeId: central, counterpartIds },
      now,
    );
    expect([...batch.keys()]).toEqual(counterpartIds);
    for (const id of counterpartIds) {
      const alone = await computeStatistics(
        h.db,
        calendar,
        { ...RANGE, committeeId: central, counterpartId: id, submitterIds: [id] },
        now,
      );
      const pair = batch.get(id);
      expect(pair?.requests).toEqual(alone.requests);
      expect(pair?.answers).toEqual(alone.answers);
      expect(pair?.answeredOnTime).toEqual(alone.rates.answeredOnTime);
    }
    // The data is what the comparison needs: Nghệ An's three requests both ways, Hà Nội's one, none in range else.
    const ngheAn = batch.get(ids.get("NGHE-AN") as number);
    expect(ngheAn?.requests).toEqual([
      { kind: "staff_secondment", direction: "received", count: 1 },
      { kind: "staff_secondment", direction: "sent", count: 2 },
    ]);
    expect(ngheAn?.answers).toMatchObject({
      dispatched: 3,
      answeredOnTime: 1,
      answeredLate: 1,
      unanswered: 1,
    });
    expect(ngheAn?.answeredOnTime.fraction).toBe("1/3");
    expect(batch.get(ids.get("HA-NOI") as number)?.answers).toMatchObject({ dispatched: 1, awaiting: 1 });
    expect(batch.get(ids.get("DA-NANG") as number)?.answers.dispatched).toBe(0);
    expect(batch.get(ids.get("HUE") as number)?.requests).toEqual([]);
  });
});
