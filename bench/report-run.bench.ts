// A reporting run for 5,000 committee pairs: aggregate each pair's figures, create and number the báo cáo, render
// and store it, compose its e-mail and enqueue the send — on PostgreSQL and Redis, in one process. Prints the time
// of each step and the peak RSS.
import { randomBytes } from "node:crypto";
import { loadConfig, mailSettings } from "../src/config.js";
import { createTemplateStore } from "../src/documents/template-store.js";
import { issueDocument } from "../src/documents/issue-document.js";
import { insertReportSchedule } from "../src/db/queries/report-schedules.js";
import { listUnrenderedDocumentIdsOfRequests } from "../src/db/queries/documents.js";
import { createCalendar } from "../src/domain/working-days.js";
import { mailSend } from "../src/jobs/catalog.js";
import { runReport } from "../src/reports/run-report.js";
import { fixedClock } from "../src/runtime/clock.js";
import { openQueues } from "../src/runtime/queues.js";
import { createTestDatabase, log, TEST_REDIS_URL } from "../test/support/harness.js";
import { removeKeysUnder } from "./support/redis-keys.js";

const PAIRS = Number(process.env.BENCH_REPORT_PAIRS ?? 5000);

export async function runReportRunBench(): Promise<void> {
  const db = await createTestDatabase();
  // A prefix of its own per run, whose keys are removed at the end (the shared Redis keeps nothing of the bench).
  const prefix = `benchreport_${randomBytes(4).toString("hex")}`;
  const cfg = loadConfig({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix });
  const queues = openQueues(cfg, db.url, log);
  try {
    // 5,000 recipients: the 34 provinces plus commune-level committees made up for the run.
    await db.pool.query(
      `with c as (
         insert into committees (code, level, issuer_abbr, email)
         select 'XA-' || g, 'commune', 'UBKTĐU', 'ubkt-xa-' || g || '@uy-ban-kiem-tra.example' from generate_series(1, $1) g
         returning id, code)
       insert into committee_versions (committee_id, valid_from, name, short_name, superior_line, issuer_line, place_name, signer_name, signer_title)
       select id, '2025-07-01', 'Ủy ban Kiểm tra Đảng ủy ' || code, code, 'ĐẢNG ỦY ' || code, 'ỦY BAN KIỂM TRA', 'Xã', '(người ký)', 'CHỦ NHIỆM' from c`,
      [PAIRS - 34],
    );
    const central = (await db.pool.query("select id from committees where code = 'CATW'")).rows[0].id;
    await insertReportSchedule(db.pool, {
      code: "bench-all",
      name: "Báo cáo quý",
      fromCommitteeId: central,
      target: "group:all",
      periodType: "quarter",
      cutoff: { closesOnDay: 14, dueWorkingDays: 10 },
    });
    const clock = fixedClock("2026-04-01T03:00:00Z");
    const deps = { db: db.pool, clock, calendar: createCalendar() };
    const t0 = performance.now();
    const outcome = await runReport(deps, "bench-all", "2026-Q1");
    const t1 = performance.now();
    const documentIds = await listUnrenderedDocumentIdsOfRequests(db.pool, outcome.requestIds);
    const issueDeps = {
      db: db.pool,
      templates: createTemplateStore(db.pool, clock),
      mail: mailSettings(cfg),
      clock,
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < documentIds.length) {
          const result = await issueDocument(issueDeps, documentIds[next++]!);
          if (result.kind === "rendered" && result.messageId)
            await queues.enqueue(mailSend, { messageId: result.messageId });
        }
      }),
    );
    const t2 = performance.now();
    const sizes = await db.pool.query(
      "select count(*)::int n, sum(octet_length(raw))::bigint bytes from outbound_messages",
    );
    console.log(`report run: ${outcome.created} committee pairs, quarterly báo cáo 2026-Q1`);
    console.log(`  aggregate + create + number: ${((t1 - t0) / 1000).toFixed(1)} s`);
    console.log(
      `  render + store + compose mail + enqueue: ${((t2 - t1) / 1000).toFixed(1)} s (${documentIds.length} documents, ${sizes.rows[0].n} messages)`,
    );
    console.log(
      `  total: ${((t2 - t0) / 1000).toFixed(1)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    );
  } finally {
    await queues.close();
    const removed = await removeKeysUnder(TEST_REDIS_URL, prefix);
    console.log(`  Redis: removed the run's ${removed} keys under ${prefix}:*`);
    await db.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runReportRunBench();
