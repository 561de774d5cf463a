// The web pages under autocannon beside the API calls they are made of, same server, same run: what the session
// look-up, the in-process API call(s) and the server-side rendering add. The machine's speed drifts within a
// minute, so each page and its API call take turns, ROUNDS windows each, and the ratio is the median of the rounds'.
import { spawn } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import { median } from "../src/reports/statistics.js";
import { machineLine, ratio } from "./support/machine.js";
import { removeKeysUnder } from "../test/support/redis-keys.js";
import { TEST_REDIS_URL } from "../test/support/harness.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const ROUNDS = Number(process.env.BENCH_WEB_ROUNDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_WEB_CONNECTIONS ?? 20);

type Target = [label: string, path: string, headers: Record<string, string>];
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

/** The same list and detail reads on bare Hono + `pg` (bare-pg-server.ts), before the app's own. */
async function bareReads(): Promise<{ list: number; detail: number }> {
  const child = startServer("bare-pg-server.ts");
  let out = "";
  const ready = await new Promise<{ base: string; id: string }>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /READY (\d+) (\S+) (\S+)/.exec(out);
      if (m) resolve({ base: `http://127.0.0.1:${m[1]}`, id: m[3]! });
    });
    child.once("exit", (code) => reject(new Error(`bare server exited ${code}`)));
  });
  const figures = { list: 0, detail: 0 };
  for (const [key, label, p] of [
    ["list", "GET /v1/requests (bare Hono + pg)  ", "/v1/requests"],
    ["detail", "GET /v1/requests/{id} (bare + pg)  ", `/v1/requests/${ready.id}`],
  ] as const) {
    await load(ready.base + p, {});
    const r = await load(ready.base + p, {});
    figures[key] = r.rps;
    console.log(
      `  ${label} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}`,
    );
  }
  const done = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  await done;
  return figures;
}

export async function runWebBench(): Promise<void> {
  console.log(
    `web pages: autocannon -c ${CONNECTIONS} -d ${DURATION_S}s, 200 requests on file — ${machineLine()}`,
  );
  const bare = await bareReads();
  const child = startServer("web-server.ts");
  let out = "";
  const ready = await new Promise<{ base: string; token: string; cookie: string; id: string }>(
    (resolve, reject) => {
      child.stdout!.on("data", (d) => {
        out += d;
        const m = /READY (\d+) (\S+) (\S+) (\S+)/.exec(out);
        if (m) resolve({ base: `http://127.0.0.1:${m[1]}`, token: m[2]!, cookie: m[3]!, id: m[4]! });
      });
      child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
    },
  );
  const bearer = { authorization: `Bearer ${ready.token}` };
  const session = { cookie: ready.cookie };
  const pairs: [name: string, api: Target, page: Target][] = [
    [
      "list",
      ["GET /v1/requests (API, 20 rows)     ", "/v1/requests?limit=20", bearer],
      ["GET /yeu-cau (page, 20 rows)        ", "/yeu-cau", session],
    ],
    [
      "detail",
      ["GET /v1/requests/{id} (API detail)  ", `/v1/requests/${ready.id}`, bearer],
      ["GET /yeu-cau/{id} (page: detail)    ", `/yeu-cau/${ready.id}`, session],
    ],
  ];
  const slower: string[] = [];
  const apiRps: Record<string, number> = {};
  for (const [name, api, page] of pairs) {
    const runs = { api: [] as Figures[], page: [] as Figures[] };
    for (const [, p, headers] of [api, page]) await load(ready.base + p, headers); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      // The page goes first every other round, so that a drift of the machine falls on both alike.
      const order = round % 2 ? (["page", "api"] as const) : (["api", "page"] as const);
      for (const which of order) {
        const [, p, headers] = which === "api" ? api : page;
        runs[which].push(await load(ready.base + p, headers));
      }
    }
    for (const [which, [label]] of [
      ["api", api],
      ["page", page],
    ] as const) {
      const rps = runs[which].map((r) => r.rps);
      const med = median(rps)!;
      if (which === "api") apiRps[name] = med;
      const p99 = median(runs[which].map((r) => r.p99))!;
      const non2xx = runs[which].reduce((n, r) => n + r.non2xx, 0);
      console.log(
        `  ${label} ${med.toFixed(0).padStart(6)} req/s (${ROUNDS} windows: ${rps.map((x) => x.toFixed(0)).join(", ")})  p99 ${p99} ms  non-2xx ${non2xx}`,
      );
    }
    const ratios = runs.api.map((r, i) => r.rps / runs.page[i]!.rps);
    slower.push(
      `${name} ${median(ratios)!.toFixed(2)}× (rounds ${ratios.map((x) => x.toFixed(2)).join(", ")})`,
    );
  }
  const done = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  await done;
  console.log(`  list API / bare + pg: ${ratio(apiRps.list!, bare.list)} (goal ≥ 0.8×)`);
  console.log(`  detail API / bare + pg: ${ratio(apiRps.detail!, bare.detail)} (goal ≥ 3,000 req/s)`);
  console.log(`  page slower than its API call (median of the rounds): ${slower.join("; ")} (goal ≤ 1.3×)`);
  console.log(`  ${await removeKeysUnder(TEST_REDIS_URL, "benchweb")} Redis keys removed`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runWebBench();
