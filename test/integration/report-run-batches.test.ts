// A report run hands each batch's requests to `afterBatch` (where the worker enqueues their renders) only once the
// batch is committed: a render job taken at once must find its document. More than one batch here (100 pairs each).
import { randomUUID } from "node:crypto";
import type { Job } from "bullmq";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { findCommitteesOnDate } from "../../src/db/queries/committees.js";
import { insertReportSchedule } from "../../src/db/queries/report-schedules.js";
import { createCalendar } from "../../src/domain/working-days.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createLogger } from "../../src/runtime/logger.js";
import { openMailTransport } from "../../src/runtime/mail-transport.js";
import { ENQUEUE_WAIT_MS, openQueues } from "../../src/runtime/queues.js";
import { documentRender } from "../../src/jobs/catalog.js";
import { runReport } from "../../src/reports/run-report.js";
import { workerDeps } from "../../workers/deps.js";
import { reportRunProcessor } from "../../workers/processors/report-run.js";
import { startOwnRedis } from "../faults/support/services.js";
import { createTestDatabase, untilQueueAnswers } from "../support/harness.js";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let other: pg.Pool;
const clock = fixedClock("2026-04-01T03:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  other = new pg.Pool({ connectionString: db.url, max: 1 });
  // 150 made-up recipients beside the provinces: two batches.
  await db.pool.query(
    `with c as (
       insert into committees (code, level, issuer_abbr, email)
       select 'XA-' || g, 'commune', 'UBKTĐU', 'ubkt-xa-' || g || '@uy-ban-kiem-tra.example' from generate_series(1, 150) g
       returning id, code)
     insert into committee_versions (committee_id, valid_from, name, short_name, superior_line, issuer_line, place_name, signer_name, signer_title)
     select id, '2025-07-01', 'Ủy ban Kiểm tra Đảng ủy ' || code, code, 'ĐẢNG ỦY ' || code, 'ỦY BAN KIỂM TRA', 'Xã', 'Nguyễn Văn A', 'CHỦ NHIỆM' from c`,
  );
  central = (await db.pool.query("select id from committees where code = 'CATW'")).rows[0].id;
  await schedule("bc-quy");
});

let central: number;
const schedule = (code: string) =>
  insertReportSchedule(db.pool, {
    code,
    name: "Báo cáo quý",
    fromCommitteeId: central,
    target: "group:all",
    periodType: "quarter",
    cutoff: { closesOnDay: 14, dueWorkingDays: 10 },
  });
afterAll(async () => {
  await other.end();
  await db.drop();
});

describe("a report run in batches", () => {
  it("hands over each batch once it is committed, every request once, in order; a second run hands over none new", async () => {
    const deps = { db: db.pool, clock, calendar: createCalendar() };
    const batches: string[][] = [];
    const visible: number[] = [];
    const outcome = await runReport(deps, "bc-quy", "2026-Q1", async (requestIds) => {
      batches.push(requestIds);
      // Seen from another connection: committed, with their documents.
      const { rows } = await other.query<{ n: number }>(
        "select count(*)::int as n from documents where request_id = any($1::uuid[])",
        [requestIds],
      );
      visible.push(rows[0]?.n ?? -1);
    });
    const pairs = outcome.created;
    expect(pairs).toBe(184); // the 34 provinces and the 150
    expect(batches.map((b) => b.length)).toEqual([100, 84]);
    expect(visible).toEqual(batches.map((b) => b.length));
    expect(batches.flat()).toEqual(outcome.requestIds);
    expect(new Set(outcome.requestIds).size).toBe(pairs);

    const again = await runReport(deps, "bc-quy", "2026-Q1", async (requestIds) => {
      batches.push(requestIds);
    });
    expect(again).toMatchObject({ created: 0, alreadyThere: pairs });
    expect(again.requestIds).toEqual(outcome.requestIds);
  });

  it("is finished by the next run after a crash between batches: the written pairs stay, the rest are made whole", async () => {
    await schedule("bc-do-dang");
    const deps = { db: db.pool, clock, calendar: createCalendar() };
    const crash = new Error("the process died after the first batch");
    await expect(
      runReport(deps, "bc-do-dang", "2026-Q1", async () => {
        throw crash;
      }),
    ).rejects.toBe(crash);
    const made = async () =>
      (
        await db.pool.query<{ to: number; name: string }>(
          `select to_committee_id as to, payload->>'counterpartName' as name from requests
            where idempotency_key like 'report:bc-do-dang:%'`,
        )
      ).rows;
    expect(await made()).toHaveLength(100);

    const finished = await runReport(deps, "bc-do-dang", "2026-Q1");
    expect(finished).toMatchObject({ created: 84, alreadyThere: 100 });
    const rows = await made();
    expect(rows).toHaveLength(184);
    // Every report names its own counterpart, whichever run wrote it.
    const names = await findCommitteesOnDate(
      db.pool,
      rows.map((r) => r.to),
      "2026-04-01",
    );
    expect(rows.filter((r) => r.name !== names.get(r.to)?.name)).toEqual([]);
  });

  it("writes every batch when Redis is lost, and leaves their renders to the reconciler, saying so", async () => {
    const scheduleId = await schedule("bc-khong-hang-doi");
    // A real Redis, answering once, then killed: the queue it held is lost while the run goes on.
    const redis = await startOwnRedis();
    const cfg = loadConfig({ REDIS_URL: redis.url, QUEUE_PREFIX: "lost" });
    const lines: string[] = [];
    const log = createLogger("warn", "phoihop", { write: (l: string) => void lines.push(l) });
    const queues = openQueues(cfg, db.url, log);
    const transport = openMailTransport(cfg);
    try {
      await untilQueueAnswers(queues);
      await redis.kill();
      const run = reportRunProcessor(workerDeps({ cfg, db: db.pool, queues, transport, log, clock }));
      const outcome = await run({ data: { scheduleId, periodKey: "2026-Q1" } } as Job);
      expect(outcome).toMatchObject({ created: 184, requestIds: 184, renders: 0 });
      const { rows } = await db.pool.query<{ n: number }>(
        `select count(*)::int as n from documents d join requests r on r.id = d.request_id
          where r.idempotency_key like 'report:bc-khong-hang-doi:%' and d.bytes is null and d.render_error is null`,
      );
      expect(rows[0]?.n).toBe(184);
      const left = lines.filter((l) => l.includes("left to the reconciler"));
      expect(left, lines.join("")).toHaveLength(2);
      expect(left[0]).toContain("100 renders left to the reconciler");
      // One job as well: refused within the wait, not held until Redis comes back.
      await expect(queues.enqueue(documentRender, { documentId: randomUUID() })).rejects.toThrow(
        new RegExp(`quá ${ENQUEUE_WAIT_MS / 1000} giây|isn't writeable`),
      );
    } finally {
      transport.close();
      await redis.stop();
      // Bounded: a client still reconnecting must not hold the test.
      await Promise.race([queues.close(), new Promise((r) => setTimeout(r, 5_000))]);
    }
  });
});
