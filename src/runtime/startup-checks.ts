import { createServer } from "node:net";
import { Redis } from "ioredis";
import pg from "pg";
import type { Config } from "../config.js";

/** A reason not to start, told in one Vietnamese line (src/cli.ts prints it without a stack and exits 1). */
export class StartupError extends Error {}

/** host:port[/db] of a URL, never its user or password. */
export function whereOf(url: string): string {
  const u = new URL(url);
  const db = u.pathname.replace(/^\//, "");
  return `${u.hostname}:${u.port || defaultPort(u.protocol)}${db ? `/${db}` : ""}`;
}

function defaultPort(protocol: string): string {
  return { "postgres:": "5432", "postgresql:": "5432", "redis:": "6379", "rediss:": "6379" }[protocol] ?? "?";
}

const CHECK_TIMEOUT_MS = 5_000;

/** The port must be free before anything else (database, workers) starts; port 0 is always free. */
export async function checkPortFree(host: string, port: number, what = "PORT"): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const srv = createServer();
    srv.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE")
        reject(
          new StartupError(
            `cổng ${port} trên ${host} đang được một chương trình khác dùng (một phoihop khác đang chạy?) — dừng nó hoặc đặt ${what} khác`,
          ),
        );
      else if (err.code === "EACCES")
        reject(
          new StartupError(
            `không được phép mở cổng ${port} trên ${host} (cổng dưới 1024 cần quyền root) — đặt ${what} khác`,
          ),
        );
      else if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND")
        reject(new StartupError(`máy này không có địa chỉ ${host} — kiểm tra HOST`));
      else reject(new StartupError(`không mở được cổng ${port} trên ${host}: ${err.message}`));
    });
    srv.listen(port, host, () => srv.close(() => resolve()));
  });
}

/** DATABASE_URL answers and accepts the credentials. */
export async function checkDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CHECK_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (err) {
    throw new StartupError(
      `không kết nối được PostgreSQL tại ${whereOf(url)}: ${explain(err)} — kiểm tra DATABASE_URL`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** REDIS_URL answers a PING, once, without the client's endless reconnecting. */
export async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: CHECK_TIMEOUT_MS,
    enableOfflineQueue: false,
  });
  // The socket's own error (ECONNREFUSED…) comes as an event; the promise only says "Connection is closed".
  let cause: unknown;
  redis.on("error", (err) => {
    cause ??= err;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new StartupError(
      `không kết nối được Redis tại ${whereOf(url)}: ${explain(cause ?? err)} — kiểm tra REDIS_URL`,
    );
  } finally {
    redis.disconnect();
  }
}

/** The network errors people meet, in words; anything else as the library said it. */
export function explain(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] };
  const code = e.code ?? e.errors?.[0]?.code;
  switch (code) {
    case "ECONNREFUSED":
      return "máy chủ từ chối kết nối (chưa chạy, hoặc sai cổng)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "không tìm thấy tên máy chủ";
    case "ETIMEDOUT":
      return "quá thời gian chờ";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "không tới được máy chủ";
    case "28P01":
      return "sai tên người dùng hoặc mật khẩu";
    case "3D000":
      return "cơ sở dữ liệu không tồn tại";
    default:
      return e.message || String(err);
  }
}

/**
 * What can make `start` fail, checked before anything starts, each failure one line: the port (or a worker's
 * METRICS_PORT), then DATABASE_URL and REDIS_URL when they are set. The head start (head-start.ts) makes the same
 * checks before it begins anything.
 */
export async function checkBeforeStarting(cfg: Config, role: "api" | "worker" | "all"): Promise<void> {
  if (role !== "worker") await checkPortFree(cfg.HOST, cfg.PORT);
  if (role === "worker" && cfg.METRICS_PORT !== undefined)
    await checkPortFree(cfg.HOST, cfg.METRICS_PORT, "METRICS_PORT");
  if (cfg.DATABASE_URL) await checkDatabase(cfg.DATABASE_URL);
  if (cfg.REDIS_URL) await checkRedis(cfg.REDIS_URL);
}
