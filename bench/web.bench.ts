// The web pages under autocannon beside the API calls they are made of, same server, same run: what the session
// look-up, the in-process API call(s) and the server-side rendering add; and the API beside bare Hono + `pg` doing the
// same reads. The machine's speed drifts within a minute, so the bare read, the API call and the page take turns,
// ROUNDS windows each, and each ratio is the median of the rounds'.
import { spawn } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import { median } from "../src/reports/statistics.js";
import { machineLine } from "./support/machine.js";
import { removeKeysUnder } from "../test/support/redis-keys.js";
import { TEST_REDIS_URL } from "../test/support/harness.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const ROUNDS = Number(process.env.BENCH_WEB_ROUNDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_WEB_CONNECTIONS ?? 20);

type Target = [label: string, url: string, headers: Record<string, string>];
type Figures = Awaited<ReturnType<typeof load>>;

async function load(url: string, headers: Record<string, string>) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}

function startServer(script: string) {
  return spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/support", script)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
}

/**
 * A bench server, once it prints its READY line: the port, then what the bench needs (`fields`: web-server.ts gives a
 * token, a session cookie and a request id; bare-pg-server.ts "-" and a request id).
 */
async function started(script: string): Promise<{ base: string; fields: string[]; stop(): Promise<void> }> {
  const child = startServer(script);
  let out = "";
  const fields = await new Promise<string[]>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /READY (.+)\n/.exec(out);
      if (m) resolve(m[1]!.split(" "));
    });
    child.once("exit", (code) => reject(new Error(`${script} exited ${code}`)));
  });
  const stop = async () => {
    const done = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    await done;
  };
  return { stop, base: `http://127.0.0.1:${fields[0]}`, fields: fields.slice(1) };
}

/**
 * Each target in turn, ROUNDS windows each, the order rotating every round so that a drift of the machine falls on
 * all alike; every target warmed up first.
 */
async function alternate(targets: Target[]): Promise<Figures[][]> {
  const runs = targets.map(() => [] as Figures[]);
  for (const [, url, headers] of targets) await load(url, headers);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < targets.length; k++) {
      const i = (round + k) % targets.length;
      const [, url, headers] = targets[i]!;
      runs[i]!.push(await load(url, headers));
    }
  }
  return runs;
}

function printRuns(label: string, runs: Figures[]): void {
  const rps = runs.map((r) => r.rps);
  const p99 = median(runs.map((r) => r.p99))!;
  const non2xx = runs.reduce((n, r) => n + r.non2xx, 0);
  console.log(
    `  ${label} ${median(rps)!.toFixed(0).padStart(6)} req/s (${ROUNDS} windows: ${rps.map((x) => x.toFixed(0)).join(", ")})  p99 ${p99} ms  non-2xx ${non2xx}`,
  );
}

/** The median over the rounds of a's rate over b's, with each round's. */
function roundRatios(a: Figures[], b: Figures[]): string {
  const ratios = a.map((r, i) => r.rps / b[i]!.rps);
  return `${median(ratios)!.toFixed(2)}× (rounds ${ratios.map((x) => x.toFixed(2)).join(", ")})`;
}

export async function runWebBench(): Promise<void> {
  console.log(
    `web pages: autocannon -c ${CONNECTIONS} -d ${DURATION_S}s, 200 requests on file — ${machineLine()}`,
  );
  // Both servers up at once: the same list and detail reads on bare Hono + `pg` (bare-pg-server.ts), the app's API,
  // and the app's pages take turns in the same minutes.
  const bare = await started("bare-pg-server.ts");
  const app = await started("web-server.ts");
  try {
    const bareId = bare.fields[1];
    const [token, cookie, id] = app.fields;
    const bearer = { authorization: `Bearer ${token}` };
    const session = { cookie: cookie! };
    const reads: [name: string, bare: Target, api: Target, page: Target][] = [
      [
        "list",
        ["GET /v1/requests (bare Hono + pg)   ", `${bare.base}/v1/requests`, {}],
        ["GET /v1/requests (API, 20 rows)     ", `${app.base}/v1/requests?limit=20`, bearer],
        ["GET /yeu-cau (page, 20 rows)        ", `${app.base}/yeu-cau`, session],
      ],
      [
        "detail",
        ["GET /v1/requests/{id} (bare + pg)   ", `${bare.base}/v1/requests/${bareId}`, {}],
        ["GET /v1/requests/{id} (API detail)  ", `${app.base}/v1/requests/${id}`, bearer],
        ["GET /yeu-cau/{id} (page: detail)    ", `${app.base}/yeu-cau/${id}`, session],
      ],
    ];
    const versusBare: string[] = [];
    const slower: string[] = [];
    for (const [name, ...targets] of reads) {
      const runs = await alternate(targets);
      for (const [i, [label]] of targets.entries()) printRuns(label, runs[i]!);
      const [bareRuns, apiRuns, pageRuns] = runs as [Figures[], Figures[], Figures[]];
      versusBare.push(`${name} ${roundRatios(apiRuns, bareRuns)}`);
      slower.push(`${name} ${roundRatios(apiRuns, pageRuns)}`);
    }
    console.log(
      `  API / bare + pg (median of the rounds): ${versusBare.join("; ")} (goal ≥ 0.8× for the list; the detail ≥ 3,000 req/s)`,
    );
    console.log(`  page slower than its API call (median of the rounds): ${slower.join("; ")} (goal ≤ 1.3×)`);
  } finally {
    await Promise.all([bare.stop(), app.stop()]);
  }
  console.log(`  ${await removeKeysUnder(TEST_REDIS_URL, "benchweb")} Redis keys removed`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runWebBench();
