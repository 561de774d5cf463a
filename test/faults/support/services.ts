// Services a fault test owns and breaks on purpose: its own redis-server (AOF on), its own PostgreSQL cluster
// (initdb into a temporary directory), each on a free loopback port. Never the machine's shared ones.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { freeLoopbackPort } from "../../../src/runtime/database.js";

const run = promisify(execFile);
const PG_BIN = "/usr/lib/postgresql/15/bin";

export const hasFaultServices = existsSync("/usr/bin/redis-server") && existsSync(`${PG_BIN}/initdb`);

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface OwnRedis {
  url: string;
  /** kill -9: what is not in the AOF is lost. */
  kill(): Promise<void>;
  /** Starts again on the same port and directory, loading the AOF. */
  start(): Promise<void>;
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const dir = await mkdtemp(path.join(tmpdir(), "phoihop-fault-redis-"));
  const port = await freeLoopbackPort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const ping = async () => {
    const c = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on("error", () => {});
    try {
      await c.connect();
      return (await c.ping()) === "PONG";
    } finally {
      c.disconnect();
    }
  };
  const start = async () => {
    child = spawn(
      "redis-server",
      [
        ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""],
        ...["--appendonly", "yes", "--appendfsync", "always", "--maxmemory-policy", "noeviction"],
      ],
      { stdio: "ignore" },
    );
    await waitFor(ping, 15_000, "redis-server start");
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    url,
    kill,
    start,
    async flushAll() {
      const c = new Redis(url);
      await c.flushall();
      c.disconnect();
    },
    async stop() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface OwnPostgres {
  url: string;
  /** Stops the server (fast shutdown: running sessions are terminated). */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** initdb into a temporary directory; as root, the cluster belongs to the postgres user (postgres refuses root). */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), "phoihop-fault-pg-"));
  const data = path.join(dir, "data");
  const port = await freeLoopbackPort();
  const asRoot = process.getuid?.() === 0;
  const as = async (file: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
    return run(cmd, argv, { timeout: 60_000 });
  };
  if (asRoot) {
    const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
    const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
    await chmod(dir, 0o755);
    await mkdir(data);
    await chown(data, uid, gid);
  }
  await as(`${PG_BIN}/initdb`, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = async () => {
    await as(`${PG_BIN}/pg_ctl`, [
      "-D",
      data,
      "-l",
      path.join(data, "log.txt"),
      "-o",
      options,
      "-w",
      "start",
    ]);
  };
  const stop = async () => {
    await as(`${PG_BIN}/pg_ctl`, ["-D", data, "-m", "fast", "-w", "stop"]);
  };
  await start();
  const admin = new pg.Client(`postgres://postgres@127.0.0.1:${port}/postgres`);
  await admin.connect();
  await admin.query("create database phoihop");
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/phoihop`,
    stop,
    start,
    async destroy() {
      await stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
