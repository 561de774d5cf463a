// POST /v1/requests under autocannon: the real app (PostgreSQL + Redis, production mode) beside a bare Hono route and
// a bare Hono + `pg` route doing the same writes in one transaction, each in its own process, same machine, same run.
import { spawn } from "node:child_process";
import { datedAfterToday } from "./support/dated-after-today.js";
import path from "node:path";
import autocannon from "autocannon";
import { machineLine, ratio } from "./support/machine.js";
import { insertRequestWithEvent } from "../src/db/queries/requests.js";
import { findKind } from "../src/domain/kinds/index.js";
import { dateInVietnam } from "../src/domain/vn-format.js";
import { removeKeysUnder } from "../test/support/redis-keys.js";
import { createTestDatabase, TEST_REDIS_URL } from "../test/support/harness.js";
import { staffSecondmentBody } from "../test/support/samples.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

type Which = "app" | "bare" | "bare-pg";

async function startServer(which: Which) {
  const script = which === "bare-pg" ? ["bare-pg-server.ts"] : ["intake-server.ts", which];
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "bench/support", script[0]!), ...script.slice(1)],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  const ready = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /READY (\d+) (\S+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), token: m[2]! });
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
  return {
    ...ready,
    async stop(): Promise<string> {
      const done = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      await done;
      return /ROWS (\d+)/.exec(out)?.[1] ?? "-";
    },
  };
}

async function load(port: number, token: string) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/v1/requests`,
    method: "POST",
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(datedAfterToday(staffSecondmentBody())),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
}

/**
 * The database's own ceiling for intake on this machine: the app's insert statement (`insertRequestWithEvent`, the
 * request, its reference and its "created" event in one statement) from 10 connections, as the app's pool has, for
 * the run's duration, no HTTP and no validation; then the same after dropping the search column (a generated
 * tsvector over the folded subject and payload, with its GIN index), to show what search indexing costs per insert.
 */
/** The app's pool size (`createPool`'s default): as many inserts in flight as the API can have. */
const CEILING_CONNECTIONS = 10;

async function databaseCeiling(): Promise<{ withSearch: number; withoutSearch: number }> {
  const database = await createTestDatabase();
  try {
    const db = database.pool;
    const committee = async (code: string) =>
      (await db.query<{ id: number }>("select id from committees where code = $1", [code])).rows[0]!.id;
    const [from, to] = [await committee("NGHE-AN"), await committee("CATW")];
    // The row the API would write for the intake runs' body: its kind's parsed payload and subject, this year.
    const body = datedAfterToday(staffSecondmentBody());
    const kind = findKind(body.kind)!;
    const payload = kind.payloadSchema.parse(body.payload);
    const insertsPerSecond = async () => {
      const until = performance.now() + DURATION_S * 1000;
      let n = 0;
      await Promise.all(
        Array.from({ length: CEILING_CONNECTIONS }, async () => {
          while (performance.now() < until) {
            await insertRequestWithEvent(db, {
              year: dateInVietnam(new Date()).year,
              kind: kind.kind,
              fromCommitteeId: from,
              toCommitteeId: to,
              status: "draft",
              classification: kind.defaultClassification,
              urgency: "thuong",
              subject: kind.subject(payload),
              payload,
              copyTo: body.copyTo,
              idempotencyKey: null,
              bodyHash: "ceiling",
              createdBy: null,
            });
            n++;
          }
        }),
      );
      return n / DURATION_S;
    };
    const withSearch = await insertsPerSecond();
    await db.query("alter table requests drop column search_tsv");
    const withoutSearch = await insertsPerSecond();
    return { withSearch, withoutSearch };
  } finally {
    await database.drop();
  }
}

export async function runIntakeBench(): Promise<void> {
  console.log(`intake: autocannon -c ${CONNECTIONS} -d ${DURATION_S}s POST /v1/requests — ${machineLine()}`);
  const rps: Partial<Record<Which, number>> = {};
  const labels: Record<Which, string> = {
    bare: "bare Hono JSON route         ",
    "bare-pg": "bare Hono + pg, 1 transaction",
    app: "phoihop (PostgreSQL + Redis) ",
  };
  for (const which of ["bare", "bare-pg", "app"] as const) {
    const server = await startServer(which);
    await load(server.port, server.token); // warm-up pass is the first second of a short run
    const r = await load(server.port, server.token);
    const rows = await server.stop();
    rps[which] = r.rps;
    console.log(
      `  ${labels[which]}  ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}${which === "app" ? `  rows ${rows}` : ""}`,
    );
  }
  const ceiling = await databaseCeiling();
  console.log(
    `  the database alone, the app's insert from ${CEILING_CONNECTIONS} connections, no HTTP: ${ceiling.withSearch.toFixed(0)} inserts/s; without the search column: ${ceiling.withoutSearch.toFixed(0)} inserts/s`,
  );
  const left = await removeKeysUnder(TEST_REDIS_URL, "benchintake");
  console.log(
    `  phoihop / bare Hono + pg: ${ratio(rps.app!, rps["bare-pg"]!)} (goal ≥ 0.8×); / bare Hono: ${ratio(rps.app!, rps.bare!)} (goal ≥ 5,000 req/s, p99 < 50 ms); ${left} Redis keys removed`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await runIntakeBench();
