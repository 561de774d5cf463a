// `phoihop start` with nothing configured spends most of its cold start in two things that need none of the
// service's modules: initdb + PostgreSQL, and LibreOffice (about 1.3 s and 1 s on 2 cores). They begin here, from
// src/main.ts, while the rest of the service loads (about 1 s of module loading under tsx), instead of after it.
// This module and what it imports stay small: everything they load is loaded before anything starts.
import { type Config, loadConfig } from "../config.js";
import { createPdfConverter, type PdfConverter } from "../documents/pdf/pdf-converter.js";
import { type Database, openDatabase } from "./database.js";
import { createLogger, type Logger } from "./logger.js";
import { checkPortFree, checkRedis } from "./startup-checks.js";

/** What `start` found begun: startService takes these instead of starting them itself. */
export interface HeadStart {
  log: Logger;
  database: Promise<Database>;
  /** Only for a role that runs workers (the API never runs LibreOffice). */
  pdf?: Promise<PdfConverter>;
  /** Stops what was begun, for a signal that comes before the service owns it. */
  abandon(): Promise<void>;
}

/**
 * Begins the embedded PostgreSQL (and LibreOffice for a worker role) when the command line is a plain `start` in
 * the embedded mode and the checks that come first pass. Anything else (another command, --help, a wrong setting,
 * a busy port, DATABASE_URL) begins nothing: the normal path then does, and reports, everything as before.
 */
export async function beginHeadStart(argv: string[]): Promise<HeadStart | undefined> {
  const role = startRole(argv);
  if (!role) return undefined;
  let cfg: Config;
  try {
    cfg = loadConfig();
  } catch {
    return undefined;
  }
  if (cfg.DATABASE_URL) return undefined;
  // The same checks, in the same order, as startService: a busy port is said before the database starts.
  try {
    if (role !== "worker") await checkPortFree(cfg.HOST, cfg.PORT);
    if (role === "worker" && cfg.METRICS_PORT !== undefined)
      await checkPortFree(cfg.HOST, cfg.METRICS_PORT, "METRICS_PORT");
    if (cfg.REDIS_URL) await checkRedis(cfg.REDIS_URL);
  } catch {
    return undefined;
  }
  const log = createLogger(cfg.LOG_LEVEL);
  const say = (line: string) => process.stdout.write(`phoihop: ${line}\n`);
  const database = openDatabase(cfg, log);
  const pdf = role !== "api" ? createPdfConverter({ processes: cfg.PDF_PROCESSES, log: say }) : undefined;
  // Awaited (and reported) by startService; until then a failure must not count as unhandled.
  database.catch(() => {});
  pdf?.catch(() => {});
  const abandon = async () => {
    await Promise.allSettled([
      database.then((db) => db.close()),
      pdf?.then((converter) => converter.close()),
    ]);
  };
  return { log, database, pdf, abandon };
}

/** The role of a plain `phoihop start [--role R]`; undefined for any other command line. */
function startRole(argv: string[]): "api" | "worker" | "all" | undefined {
  const [command, ...rest] = argv;
  if (command !== "start") return undefined;
  const role = rest.length === 0 ? "all" : rest[0] === "--role" && rest.length === 2 ? rest[1] : undefined;
  return role === "api" || role === "worker" || role === "all" ? role : undefined;
}
