// POST /v1/requests under autocannon: the real app (PostgreSQL + Redis, production mode) beside a bare Hono route,
// each in its own process, same machine, same run.
import { spawn } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import { staffSecondmentBody } from "../test/support/samples.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

async function startServer(which: "app" | "bare") {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "bench/support/intake-server.ts"), which],
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
    body: JSON.stringify(staffSecondmentBody()),
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

export async function runIntakeBench(): Promise<void> {
  console.log(`intake: autocannon -c ${CONNECTIONS} -d ${DURATION_S}s POST /v1/requests`);
  for (const which of ["bare", "app"] as const) {
    const server = await startServer(which);
    await load(server.port, server.token); // warm-up pass is the first second of a short run
    const r = await load(server.port, server.token);
    const rows = await server.stop();
    const label = which === "app" ? "phoihop (PostgreSQL + Redis)" : "bare Hono route     ";
    console.log(
      `  ${label}  ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}${which === "app" ? `  rows ${rows}` : ""}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runIntakeBench();
