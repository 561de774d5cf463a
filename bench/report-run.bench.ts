// A reporting run for 5,000 committee pairs: aggregate each pair's figures, create and number the báo cáo, render
// and store it, compose its e-mail and enqueue the send — on PostgreSQL and Redis. This process only prepares the
// database (through the test harness) and cleans up; the work runs in a process of its own as production runs a
// worker (support/report-run-worker.mjs: `node` on the build in dist/, no tsx, no harness), whose time and peak RSS
// are the figures printed. (Measured in this process, the peak also counted the harness, the whole app and tsx.)
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { insertReportSchedule } from "../src/db/queries/report-schedules.js";
import { createTestDatabase, TEST_REDIS_URL } from "../test/support/harness.js";
import { buildDist } from "./support/build-dist.js";
import { removeKeysUnder } from "../test/support/redis-keys.js";

const PAIRS = Number(process.env.BENCH_REPORT_PAIRS ?? 5000);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const run = promisify(execFile);

interface WorkerFigures {
  created: number;
  documents: number;
  rendered: number;
  failed: number;
  runSeconds: number;
  firstRenderedSeconds: number | null;
  totalSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

export async function runReportRunBench(): Promise<void> {
  // The worker runs the build, as in production: built from this checkout first (a few seconds).
  await buildDist();
  const db = await createTestDatabase();
  // A prefix of its own per run, whose keys are removed at the end (the shared Redis keeps nothing of the bench).
  const prefix = `benchreport_${randomBytes(4).toString("hex")}`;
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
    const scheduleId = await insertReportSchedule(db.pool, {
      code: "bench-all",
      name: "Báo cáo quý",
      fromCommitteeId: central,
      target: "group:all",
      periodType: "quarter",
      cutoff: { closesOnDay: 14, dueWorkingDays: 10 },
    });
    // BENCH_CPU_PROF=dir writes the worker's CPU profiles there (one per thread), to see where the time goes.
    const profile = process.env.BENCH_CPU_PROF
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
    const { stdout, stderr } = await run(
      process.execPath,
      [...profile, "bench/support/report-run-worker.mjs"],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          REDIS_URL: TEST_REDIS_URL,
          QUEUE_PREFIX: prefix,
          BENCH_SCHEDULE_ID: scheduleId,
          BENCH_PERIOD: "2026-Q1",
          BENCH_NOW: "2026-04-01T03:00:00Z",
        },
        maxBuffer: 1 << 20,
      },
    );
    // What the worker logged (warnings and up) is shown, not swallowed.
    if (stderr.trim()) process.stderr.write(stderr);
    const figures = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as WorkerFigures;
    const sizes = await db.pool.query(
      `select (select count(*)::int from documents where sha256 is not null) rendered,
              (select count(*)::int from outbound_messages) messages`,
    );
    console.log(
      `report run: ${figures.created} committee pairs, quarterly báo cáo 2026-Q1 (worker process, dist/)`,
    );
    console.log(
      `  aggregate + create + number (renders enqueued batch by batch): done at ${figures.runSeconds.toFixed(1)} s`,
    );
    console.log(
      `  render + store + compose mail + enqueue, alongside: first document at ${figures.firstRenderedSeconds?.toFixed(1) ?? "—"} s, last at ${figures.totalSeconds.toFixed(1)} s (${sizes.rows[0].rendered} documents, ${sizes.rows[0].messages} messages, ${figures.failed} failed)`,
    );
    console.log(
      `  total: ${figures.totalSeconds.toFixed(1)} s (goal ≤ 60 s); worker CPU ${figures.cpuSeconds.toFixed(1)} s; worker peak RSS ${figures.peakRssMiB.toFixed(0)} MiB (goal ≤ 300)`,
    );
  } finally {
    const removed = await removeKeysUnder(TEST_REDIS_URL, prefix);
    console.log(`  Redis: removed the run's ${removed} keys under ${prefix}:*`);
    await db.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runReportRunBench();
