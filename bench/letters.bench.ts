// Approve → letter accepted by an SMTP server, end to end, through the service's own processes as production runs
// them (`node dist/main.js start --role …` on a PostgreSQL, a Redis and an SMTP server of their own, the fault
// tests' rig): letters filed, submitted and approved through the API five at a time, until the SMTP server has
// accepted every letter. Beside it, same run: bare nodemailer (pool) sending the same bytes to the same server.
// Also the peak RSS of each service process. Then the embedded mode (nothing configured): approve → letter in the
// outbox. Run: npm run bench -- letters (BENCH_LETTERS_N, default 500).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { createApiToken } from "../src/auth/tokens.js";
import { loadConfig } from "../src/config.js";
import { findCommitteeByCode } from "../src/db/queries/committees.js";
import { openDatabase } from "../src/runtime/database.js";
import { approveLettersThrough, type Rig, startRig } from "../test/faults/support/rig.js";
import { hasFaultServices, waitFor } from "../test/faults/support/services.js";
import {
  type EmbeddedService,
  embeddedEnv,
  startEmbedded,
  stopEmbedded,
} from "../test/support/embedded-service.js";
import { completeRegistry, log } from "../test/support/harness.js";
import { buildDist } from "./support/build-dist.js";
import { machineLine } from "./support/machine.js";

const N = Number(process.env.BENCH_LETTERS_N ?? 500);

interface Variant {
  label: string;
  workers: number;
  first?: "api" | "all";
  pdfProcesses: number;
}

const VARIANTS: Variant[] = [
  { label: "API + 1 worker process, PDF on", workers: 1, pdfProcesses: 2 },
  { label: "API + 2 worker processes, PDF on", workers: 2, pdfProcesses: 2 },
  { label: "all roles in one process, PDF on", workers: 0, first: "all", pdfProcesses: 2 },
  { label: "API + 1 worker process, PDF off (DOCX only)", workers: 1, pdfProcesses: 0 },
];

/** A process's peak resident set (VmHWM), in MiB. */
async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : Number.NaN;
}

async function lettersThrough(rig: Rig, variant: Variant): Promise<{ raw: Buffer | undefined }> {
  const start = performance.now();
  const ids = await rig.approveLetters(N);
  const approved = performance.now();
  let accepted = 0;
  await waitFor(
    async () => {
      const letters = await rig.letters(ids);
      accepted = letters.filter((l) => l.messageId && rig.smtp.accepted.has(l.messageId)).length;
      return accepted === ids.length;
    },
    900_000,
    `${N} letters accepted`,
  ).catch(() => {});
  const done = performance.now();
  const processes = [rig.api, ...rig.workers];
  const rss = await Promise.all(
    processes.map(async (p) => `${p.role} ${(await peakRssMiB(p.pid)).toFixed(0)}`),
  );
  console.log(
    `  ${variant.label.padEnd(46)} ${((accepted * 1000) / (done - start)).toFixed(1).padStart(6)} letters/s (${accepted}/${N} accepted in ${((done - start) / 1000).toFixed(1)} s); approvals ${((N * 1000) / (approved - start)).toFixed(0)}/s; peak RSS MiB: ${rss.join(", ")}`,
  );
  const { rows } = await rig.db.query<{ raw: Buffer }>(
    "select raw from outbound_messages where purpose = 'letter' order by created_at limit 1",
  );
  return { raw: rows[0]?.raw };
}

const DIST_MAIN = path.resolve(import.meta.dirname, "../dist/main.js");

/**
 * The embedded mode end to end: `node dist/main.js start` with nothing configured but an empty DATA_DIR (its own
 * PostgreSQL, queues on it, letters kept in the outbox, LibreOffice if installed), as a first install runs; N letters
 * approved through its API until every one is in the outbox. The bench reaches the database as the CLI does (sharing
 * the running server) to complete the registry and make a clerk's token.
 */
async function embeddedLetters(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "phoihop-bench-"));
  let service: EmbeddedService | undefined;
  let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    service = await startEmbedded(DIST_MAIN, dataDir);
    db = await openDatabase(loadConfig(embeddedEnv(dataDir)), log);
    await completeRegistry(db.pool);
    const hue = await findCommitteeByCode(db.pool, "HUE");
    if (!hue) throw new Error("HUE missing from the registry");
    const { token } = await createApiToken(db.pool, { committeeId: hue.id, roles: ["clerk", "approver"] });
    const base = service.url;
    const call = (method: string, route: string, body?: unknown) =>
      fetch(base + route, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const start = performance.now();
    const ids = await approveLettersThrough(call, N);
    const approved = performance.now();
    let kept = 0;
    const pool = db.pool;
    await waitFor(
      async () => {
        const { rows } = await pool.query<{ n: number }>(
          `select count(*)::int as n from outbound_messages
            where purpose = 'letter' and status = 'outbox' and request_id = any($1::uuid[])`,
          [ids],
        );
        kept = rows[0]?.n ?? 0;
        return kept === ids.length;
      },
      900_000,
      `${N} letters in the outbox`,
    ).catch(() => {});
    const done = performance.now();
    const pid = service.child.pid;
    const rss = pid ? (await peakRssMiB(pid)).toFixed(0) : "?";
    console.log(
      `  ${"embedded mode (nothing configured), PDF on".padEnd(46)} ${((kept * 1000) / (done - start)).toFixed(1).padStart(6)} letters/s (${kept}/${N} in the outbox in ${((done - start) / 1000).toFixed(1)} s); approvals ${((N * 1000) / (approved - start)).toFixed(0)}/s; peak RSS MiB: all ${rss} (its PostgreSQL apart)`,
    );
  } finally {
    await db?.close();
    if (service) await stopEmbedded(service);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Bare nodemailer, pooled, sending the same letter's bytes N times to the same kind of SMTP server. */
async function bareNodemailer(rig: Rig, raw: Buffer): Promise<void> {
  const transport = nodemailer.createTransport({ url: rig.smtp.url, pool: true, maxConnections: 5 } as never);
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next++ < N) {
        await transport.sendMail({
          envelope: { from: "phoihop@phoihop.example", to: ["ubkt@uy-ban-kiem-tra.example"] },
          raw,
        });
      }
    }),
  );
  const s = (performance.now() - start) / 1000;
  transport.close();
  console.log(
    `  ${"bare nodemailer pool → SMTP, same letter bytes".padEnd(46)} ${(N / s).toFixed(0).padStart(6)} msg/s (${raw.length} bytes each)`,
  );
}

export async function runLettersBench(): Promise<void> {
  console.log(`end to end: approve → letter accepted by an SMTP server, ${N} letters — ${machineLine()}`);
  if (!hasFaultServices) {
    console.log("  skipped: needs redis-server and /usr/lib/postgresql/15/bin");
    return;
  }
  // The processes run the build, as in production (tsx's loader would add ≈ 47 MiB to each).
  await buildDist();
  let raw: Buffer | undefined;
  // BENCH_LETTERS_VARIANTS=0,3: only those (numbered from 0 in VARIANTS' order, then 4: the embedded mode), to
  // compare two checkouts quickly.
  const only = process.env.BENCH_LETTERS_VARIANTS?.split(",");
  for (const variant of VARIANTS.filter((_, i) => !only || only.includes(String(i)))) {
    const rig = await startRig({
      workers: variant.workers,
      first: variant.first,
      entry: "dist",
      env: { PDF_PROCESSES: String(variant.pdfProcesses), LOG_LEVEL: "warn" },
    });
    try {
      const made = await lettersThrough(rig, variant);
      if (variant.pdfProcesses > 0) raw ??= made.raw;
      if (variant === VARIANTS.at(-1) && raw) await bareNodemailer(rig, raw);
    } finally {
      await rig.close();
    }
  }
  if (!only || only.includes(String(VARIANTS.length))) await embeddedLetters();
  console.log(
    "  goal ≥ 200 letters/s; a PDF-carrying letter waits for LibreOffice (see `npm run bench -- pdf`)",
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await runLettersBench();
