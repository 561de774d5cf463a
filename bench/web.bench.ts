// The web pages under autocannon beside the API calls they are made of, same server, same run: what the session
// look-up, the in-process API call(s) and the server-side rendering add.
import { spawn } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";

const ROOT = path.resolve(import.meta.dirname, "..");
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_WEB_CONNECTIONS ?? 20);

async function load(url: string, headers: Record<string, string>) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}

export async function runWebBench(): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/support/web-server.ts")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
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
  console.log(`web pages: autocannon -c ${CONNECTIONS} -d ${DURATION_S}s, 200 requests on file`);
  const rows: [string, string, Record<string, string>][] = [
    ["GET /v1/requests (API, 20 rows)     ", "/v1/requests?limit=20", bearer],
    ["GET /yeu-cau (page, 20 rows)        ", "/yeu-cau", session],
    [`GET /v1/requests/{id} (API detail)  `, `/v1/requests/${ready.id}`, bearer],
    ["GET /yeu-cau/{id} (page: detail)    ", `/yeu-cau/${ready.id}`, session],
  ];
  for (const [label, p, headers] of rows) {
    await load(ready.base + p, headers); // warm-up
    const r = await load(ready.base + p, headers);
    console.log(
      `  ${label} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}`,
    );
  }
  const done = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  await done;
}

if (import.meta.url === `file://${process.argv[1]}`) await runWebBench();
