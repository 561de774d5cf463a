// Registers and search: export of a 100,000-row sổ văn bản đi (time, peak RSS) through our streaming
// route beside bare exceljs fed by one query, and search latency over 120,000 requests (100,000 of one committee,
// 20,000 of others) through our scoped, ranked search beside the bare PostgreSQL full-text query.
// Each export runs in a fresh process so that its peak RSS is its own.
import { execFileSync } from "node:child_process";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import pg from "pg";
import { createApp } from "../src/app.js";
import { createApiToken } from "../src/auth/tokens.js";
import { loadConfig } from "../src/config.js";
import { openEdgeGuards } from "../src/http/throttle.js";
import { findCommitteeByCode } from "../src/db/queries/committees.js";
import { listOutgoing } from "../src/db/queries/registers.js";
import { createCalendar } from "../src/domain/working-days.js";
import { OUTGOING_COLUMNS } from "../src/registers/columns.js";
import { systemClock } from "../src/runtime/clock.js";
import { openQueues } from "../src/runtime/queues.js";
import { searchEverything } from "../src/search/search.js";
import { createTestDatabase, log, TEST_REDIS_URL } from "../test/support/harness.js";

const OWN = 100_000;
const OTHERS = 20_000;

const SUBJECTS = [
  "đề nghị cử cán bộ tham gia Đoàn kiểm tra",
  "phối hợp xem xét, thi hành kỷ luật đảng viên",
  "phối hợp giải quyết tố cáo đối với đảng viên",
  "trao đổi thông tin về tổ chức đảng",
  "kế hoạch kiểm tra chuyên đề công tác cán bộ",
  "chương trình phối hợp kiểm tra, giám sát năm 2026",
];
const NOTES = [
  "việc chấp hành nguyên tắc tập trung dân chủ",
  "công tác phòng, chống tham nhũng, lãng phí, tiêu cực",
  "quản lý tài chính, tài sản của đảng",
  "việc kê khai tài sản, thu nhập",
  "đồng chí Nguyễn Văn Bình, Phó Trưởng phòng",
  "thực hiện nhiệm vụ kiểm tra khi có dấu hiệu vi phạm",
  "Đảng ủy Công an tỉnh Nghệ An",
];

export async function seed(db: pg.Pool, own = OWN, others = OTHERS) {
  const counts = { own, others };
  const ownCommittee = (await findCommitteeByCode(db, "NGHE-AN"))!;
  const central = (await findCommitteeByCode(db, "CATW"))!;
  const other = (await findCommitteeByCode(db, "HA-NOI"))!;
  await db.query(
    `insert into requests (reference, kind, from_committee_id, to_committee_id, status, subject, payload, body_hash,
       created_at)
     select 'PH-2026-' || lpad(i::text, 6, '0'), 'staff_secondment', case when i <= $1::int then $2::int else $3::int end, $4::int, 'sent',
            ($5::text[])[1 + i % 6] || ' (lần ' || i || ')',
            jsonb_build_object('plan', jsonb_build_object('subjectMatter', ($6::text[])[1 + (i * 3) % 7])),
            md5(i::text), timestamptz '2026-01-01' + i * interval '1 minute'
       from generate_series(1, $1::int + $7::int) i`,
    [counts.own, ownCommittee.id, other.id, central.id, SUBJECTS, NOTES, counts.others],
  );
  await db.query(
    `insert into documents (request_id, type_code, number, symbol, issuer_committee_id, term, issued_on, template_name,
       style_profile, sha256, text_content)
     select r.id, 'CV', n, n || '-CV/UBKTTU', r.from_committee_id, '2025-2030', date '2026-01-01' + (n / 400),
            'cong-van', 'HD36-2018', md5(r.id::text), r.subject
       from (select r.*, row_number() over (order by r.created_at)::int as n from requests r
              where r.from_committee_id = $1) r`,
    [ownCommittee.id],
  );
  await db.query("analyze");
  return ownCommittee;
}

/** One export in this process: our route (streamed from the API) or bare exceljs over a single query. */
async function exportOnce(url: string, variant: "ours-xlsx" | "ours-csv" | "bare-exceljs") {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  let bytes = 0;
  const sink = new Writable({
    write(chunk, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const start = process.hrtime.bigint();
  if (variant === "bare-exceljs") {
    // The same rows and the same eleven values, read by one query and written with no paging and no styles.
    const committee = (await findCommitteeByCode(pool, "NGHE-AN"))!;
    const rows = await listOutgoing(pool, { committeeId: committee.id, limit: 1_000_000 });
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false });
    const ws = wb.addWorksheet("so");
    for (const r of rows) ws.addRow(OUTGOING_COLUMNS.map((c) => c.value(r))).commit();
    ws.commit();
    await wb.commit();
  } else {
    const cfg = loadConfig({ DATABASE_URL: url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: "benchreg" });
    const queues = openQueues(cfg, url, log);
    const edge = openEdgeGuards(cfg, pool, log);
    const app = createApp({
      ...edge,
      db: pool,
      queues,
      clock: systemClock,
      log,
      bodyLimitBytes: cfg.BODY_LIMIT_BYTES,
      mailMode: "outbox",
      calendar: createCalendar(),
    });
    const committee = (await findCommitteeByCode(pool, "NGHE-AN"))!;
    const { token } = await createApiToken(pool, { committeeId: committee.id, roles: ["clerk"] });
    const format = variant === "ours-csv" ? "csv" : "xlsx";
    const res = await app.request(`/v1/registers/outgoing/export?format=${format}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await pipeline(res.body!, sink);
    await edge.throttle.close();
    await queues.close();
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await pool.end();
  return { ms, bytes, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

const QUERIES = [
  "ky luat",
  "can bo",
  "kiem tra chuyen de",
  "nguyen van binh",
  "tai san thu nhap",
  "to cao",
  "lan 4242",
];

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function searchLatency(db: pg.Pool, committeeId: number) {
  const rounds = 20;
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const q of QUERIES) {
      let t = process.hrtime.bigint();
      await searchEverything(db, { committeeId, q, limit: 20 });
      ours.push(Number(process.hrtime.bigint() - t) / 1e6);
      const tsq = q.split(" ").join(" & ");
      t = process.hrtime.bigint();
      await db.query(
        `select id from requests where search_tsv @@ to_tsquery('simple', $1)
          order by ts_rank_cd(search_tsv, to_tsquery('simple', $1)) desc limit 20`,
        [tsq],
      );
      bare.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  const show = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `p50 ${percentile(s, 50).toFixed(1)} ms, p95 ${percentile(s, 95).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms`;
  };
  console.log(`  search (ours: 4 sources, scoped, ranked, snippets), ${ours.length} queries: ${show(ours)}`);
  console.log(
    `  bare PostgreSQL FTS on requests (no scope, no snippet), ${bare.length} queries: ${show(bare)}`,
  );
}

export async function runRegistersBench(): Promise<void> {
  console.log(
    `registers: ${OWN.toLocaleString("en")} documents in one sổ văn bản đi; search over ${(OWN + OTHERS).toLocaleString("en")} requests`,
  );
  const database = await createTestDatabase();
  try {
    const t0 = Date.now();
    const own = await seed(database.pool);
    console.log(`  seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (const variant of ["baseline", "ours-xlsx", "ours-csv", "bare-exceljs"] as const) {
      const out = execFileSync(
        process.execPath,
        ["--import", "tsx", fileURLToPath(import.meta.url), variant, database.url],
        {
          encoding: "utf8",
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      const r = JSON.parse(out.trim().split("\n").at(-1)!);
      if (variant === "baseline") {
        console.log(
          `  a process that only loads the app and exceljs: peak RSS ${r.peakRssMb.toFixed(0)} MiB`,
        );
        continue;
      }
      const label = {
        "ours-xlsx": "export .xlsx (our route, keyset pages, streaming WorkbookWriter)",
        "ours-csv": "export .csv (our route)",
        "bare-exceljs": "bare exceljs WorkbookWriter, same 11 values, one query of all rows, no styles",
      }[variant];
      console.log(
        `  ${label}: ${r.ms.toFixed(0)} ms, ${(r.bytes / 1024 / 1024).toFixed(1)} MiB, peak RSS ${r.peakRssMb.toFixed(0)} MiB`,
      );
    }
    await searchLatency(database.pool, own.id);
  } finally {
    await database.drop();
  }
}

const variant = process.argv[2];
if (import.meta.url === `file://${process.argv[1]}`) {
  if (variant === "baseline") {
    console.log(JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024 }));
    process.exit(0);
  }
  if (variant === "ours-xlsx" || variant === "ours-csv" || variant === "bare-exceljs") {
    console.log(JSON.stringify(await exportOnce(process.argv[3]!, variant)));
    process.exit(0);
  } else await runRegistersBench();
}
