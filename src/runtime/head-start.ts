// `phoihop start` with nothing configured spends most of its cold start in initdb + PostgreSQL (about 1.2 s on 2
// cores), which needs none of the service's modules. It begins here, from src/main.ts, while the rest of the service
// loads (about 1 s of module loading under tsx), instead of after it. So does LibreOffice for a worker-only process;
// a process that serves the API starts LibreOffice once it answers (startService), because its start takes both
// cores and would slow this one down.
// This module and what it imports stay small: everything they load is loaded before anything starts.
import { type Config, loadConfig } from "../config.js";
import { createPdfConverter, type PdfConverter } from "../documents/pdf/pdf-converter.js";
import { type Database, openDatabase } from "./database.js";
import { createLogger, type Logger } from "./logger.js";
import { checkBeforeStarting } from "./startup-checks.js";

/** What `start` found begun: startService takes these instead of starting them itself. */
export interface HeadStart {
  log: Logger;
  database: Promise<Database>;
  /** Only for the worker role (the API never runs LibreOffice; "all" starts it once it answers). */
  pdf?: Promise<PdfConverter>;
  /** Stops what was begun, for a signal that comes before the service owns it. */
  abandon(): Promise<void>;
}

/**
 * Begins the embedded PostgreSQL (and LibreOffice for the worker role) when the command line is a plain `start` in
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
  // The checks startService makes: a busy port is said (by startService, which makes them again) before the
  // database starts.
  try {
    await checkBeforeStarting(cfg, role);
  } catch {
    return undefined;
  }
  const log = createLogger(cfg.LOG_LEVEL);
  const database = openDatabase(cfg, log);
  const pdf =
    role === "worker"
      ? startPdfConverter((line) => process.stdout.write(`${line}\n`), cfg.PDF_PROCESSES)
      : undefined;
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

/** LibreOffice for the service (the head start's or startService's), its lines said as the CLI says them. */
export function startPdfConverter(say: (line: string) => void, processes: number): Promise<PdfConverter> {
  return createPdfConverter({ processes, log: (line) => say(`phoihop: ${line}`) });
}

/** The role of a plain `phoihop start [--role R]`; undefined for any other command line. */
function startRole(argv: string[]): "api" | "worker" | "all" | undefined {
  const [command, ...rest] = argv;
  if (command !== "start") return undefined;
  const role = rest.length === 0 ? "all" : rest[0] === "--role" && rest.length === 2 ? rest[1] : undefined;
  return role === "api" || role === "worker" || role === "all" ? role : undefined;
}
