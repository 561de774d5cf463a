import { removeKeysUnder } from "./redis-keys.js";
import { createCalendar } from "../../src/domain/working-days.js";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createApp } from "../../src/app.js";
import { openEdgeGuards } from "../../src/http/throttle.js";
import { attachmentSettings } from "../../src/attachments/settings.js";
import { createApiToken } from "../../src/auth/tokens.js";
import { loadConfig, type Config } from "../../src/config.js";
import { migrate } from "../../src/db/migrate.js";
import { findCommitteeByCode } from "../../src/db/queries/committees.js";
import { insertUser } from "../../src/db/queries/users.js";
import type { Role } from "../../src/domain/request-state.js";
import { type Clock, fixedClock } from "../../src/runtime/clock.js";
import { createPool } from "../../src/runtime/database.js";
import { createLogger, type Logger } from "../../src/runtime/logger.js";
import { openMailTransport } from "../../src/runtime/mail-transport.js";
import { openQueues, type Queues } from "../../src/runtime/queues.js";
import { seedRegistry } from "../../src/runtime/prepare-database.js";
import { syncBuiltInTemplates } from "../../src/documents/built-in-templates.js";
import { checkPdfFont } from "../../src/documents/pdf/font-check.js";
import { createPdfConverter, pdfReadinessDetails } from "../../src/documents/pdf/pdf-converter.js";
import { workerDeps } from "../../workers/deps.js";
import { signingSettings } from "../../src/signing/settings.js";
import { type RunningWorkers, startWorkers } from "../../workers/index.js";

/** The machine's PostgreSQL and Redis (CI starts them when they are not running). */
export const TEST_PG_ADMIN_URL =
  process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export const log = createLogger((process.env.TEST_LOG_LEVEL as "silent") ?? "silent");
const silentLog = log;

/**
 * The registry as committees that have entered their data: a signer for each, and the seed's test addresses
 * taken as real (the mail fixtures write from them). Tests of the placeholder refusal pass `placeholders: true`.
 */
export async function completeRegistry(pool: pg.Pool): Promise<void> {
  await pool.query(
    "update committee_versions set signer_name = 'Nguyễn Văn Kiểm' where signer_name = '(Chưa nhập người ký)'",
  );
  await pool.query("update committees set placeholder_fields = '{}'");
}

/** A database of its own for one test file: created empty, migrated, seeded; dropped at the end. */
export async function createTestDatabase(
  opts: { placeholders?: boolean } = {},
): Promise<{ url: string; pool: pg.Pool; drop(): Promise<void> }> {
  const name = `phoihop_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client(TEST_PG_ADMIN_URL);
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = TEST_PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const pool = createPool(url, log, Number(process.env.TEST_POOL_MAX ?? 20));
  await migrate(pool);
  await seedRegistry({ pool, url, embedded: false, close: async () => {} });
  if (!opts.placeholders) await completeRegistry(pool);
  await syncBuiltInTemplates(pool);
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      const a = new pg.Client(TEST_PG_ADMIN_URL);
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export interface HarnessOptions {
  queue: "redis" | "postgres";
  smtpUrl?: string;
  workers?: boolean;
  /** Start the LibreOffice pool for the workers (only where it is installed). */
  pdf?: boolean;
  clock?: Clock;
  env?: Record<string, string>;
  /** Instead of the silent test logger: to read the log lines back. */
  log?: Logger;
  /** Keep the seed's placeholder signers and addresses (approval then refuses). */
  placeholders?: boolean;
}

export interface Harness {
  cfg: Config;
  db: pg.Pool;
  queues: Queues;
  clock: Clock;
  app: ReturnType<typeof createApp>;
  workers?: RunningWorkers;
  /** Starts the real workers later (e.g. after staging a crash). */
  startWorkers(): Promise<RunningWorkers>;
  token(committee: string, roles: Role[]): Promise<string>;
  /** A user of the committee (a unique e-mail each time) and a token that acts as them. */
  user(committee: string, roles: Role[], name?: string): Promise<{ userId: string; token: string }>;
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** The real app and (optionally) the real workers, wired as server.ts wires them, on a database of its own. */
export async function createHarness(opts: HarnessOptions): Promise<Harness> {
  const database = await createTestDatabase({ placeholders: opts.placeholders ?? false });
  const prefix = `t${randomBytes(5).toString("hex")}`;
  const cfg = loadConfig({
    DATABASE_URL: database.url,
    ...(opts.queue === "redis" ? { REDIS_URL: TEST_REDIS_URL } : {}),
    ...(opts.smtpUrl ? { SMTP_URL: opts.smtpUrl } : {}),
    QUEUE_PREFIX: prefix,
    RECONCILE_INTERVAL_MS: "600000",
    MAIL_FROM: "phoihop@phoihop.example",
    // Tests try wrong tokens on purpose; the throttle's own test sets its limits lower.
    AUTH_FAILURES_PER_WINDOW: "100000",
    ...opts.env,
  });
  const clock = opts.clock ?? fixedClock("2026-03-05T03:00:00Z");
  const log = opts.log ?? silentLog;
  const queues = openQueues(cfg, database.url, log);
  const transport = openMailTransport(cfg);
  const pdf = opts.pdf ? await createPdfConverter({ processes: 1 }) : undefined;
  const edge = openEdgeGuards(cfg, database.pool, log);
  const pdfFont = pdf?.available ? await checkPdfFont() : undefined;
  const app = createApp({
    ...edge,
    db: database.pool,
    queues,
    clock,
    log,
    bodyLimitBytes: cfg.BODY_LIMIT_BYTES,
    mailMode: transport.kind,
    calendar: createCalendar(),
    attachments: attachmentSettings(cfg),
    signing: signingSettings(cfg),
    readinessDetails: () =>
      pdf
        ? { ...pdfReadinessDetails(pdf), ...(pdfFont ? { pdfFont } : {}) }
        : { pdf: { available: false, reason: "tắt trong bài kiểm thử" } },
    pdf,
    metricsToken: cfg.METRICS_TOKEN,
  });
  let workers: RunningWorkers | undefined;
  const launch = async () =>
    (workers = await startWorkers(
      workerDeps({ cfg, db: database.pool, queues, transport, log, pdf, clock }),
    ));
  if (opts.workers) await launch();
  return {
    cfg,
    db: database.pool,
    queues,
    clock,
    app,
    get workers() {
      return workers;
    },
    startWorkers: launch,
    async token(committee, roles) {
      const c = await findCommitteeByCode(database.pool, committee);
      if (!c) throw new Error(`no committee ${committee}`);
      return (await createApiToken(database.pool, { committeeId: c.id, roles })).token;
    },
    async user(committee, roles, name = "Nguyễn Văn An") {
      const c = await findCommitteeByCode(database.pool, committee);
      if (!c) throw new Error(`no committee ${committee}`);
      const email = `u${randomBytes(5).toString("hex")}@phoihop.example`;
      const userId = await insertUser(database.pool, { committeeId: c.id, name, email, roles });
      const { token } = await createApiToken(database.pool, { committeeId: c.id, roles, userId });
      return { userId, token };
    },
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      let body: string | Uint8Array | undefined;
      if (o.body instanceof Uint8Array) body = new Uint8Array(o.body);
      else if (o.body !== undefined) {
        body = typeof o.body === "string" ? o.body : JSON.stringify(o.body);
        headers["content-type"] ??= "application/json";
      }
      return app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    },
    async close() {
      await workers?.close();
      await pdf?.close();
      await edge.throttle.close();
      await queues.close();
      transport.close();
      await database.drop();
      // The queues' keys (jobs, schedulers, event streams) stay in Redis after their connections close.
      if (cfg.REDIS_URL) await removeKeysUnder(cfg.REDIS_URL, prefix);
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them.
export async function json(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Polls until `check` returns a value; for work that jobs finish in the background. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Until the queue's backend answers (a Redis just started): a ping that fails is tried again. */
export function untilQueueAnswers(queues: Queues, timeoutMs = 10_000): Promise<boolean> {
  return eventually(
    () =>
      queues.ping().then(
        () => true,
        () => false,
      ),
    timeoutMs,
  );
}
