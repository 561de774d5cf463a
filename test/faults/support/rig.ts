// The outside view of the service: API and workers as separate `phoihop start --role …` processes on a
// PostgreSQL, a Redis and an SMTP server of their own, which the fault tests break on purpose.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { createApiToken } from "../../../src/auth/tokens.js";
import { findCommitteeByCode } from "../../../src/db/queries/committees.js";
import { insertUser } from "../../../src/db/queries/users.js";
import { completeRegistry } from "../../support/harness.js";
import { staffSecondmentBody } from "../../support/samples.js";
import { type FaultySmtp, startFaultySmtp } from "./faulty-smtp.js";
import { type OwnPostgres, type OwnRedis, startOwnPostgres, startOwnRedis, waitFor } from "./services.js";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../../", import.meta.url));

export interface ServiceProcess {
  role: "api" | "worker" | "all";
  pid: number;
  url: string | null;
  /** Everything it wrote on stderr (JSON log lines). */
  stderr(): string;
  /** The soffice.bin processes it runs (its direct children). */
  officePids(): Promise<number[]>;
  signal(sig: NodeJS.Signals): void;
  /** Ended (on its own, or by a signal a test sent). */
  hasExited(): boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface Rig {
  pg: OwnPostgres;
  redis: OwnRedis;
  smtp: FaultySmtp;
  db: pg.Pool;
  api: ServiceProcess;
  workers: ServiceProcess[];
  token: string;
  /** The queue prefix the processes use (Redis keys `<prefix>:<queue>:…`). */
  prefix: string;
  startWorker(env?: Record<string, string>): Promise<ServiceProcess>;
  startApi(env?: Record<string, string>): Promise<ServiceProcess>;
  /** Files, submits and approves `n` letters through the API; their request ids. */
  approveLetters(n: number, overrides?: Record<string, unknown>): Promise<string[]>;
  /** The letters of these requests: Message-ID, state, last error. */
  letters(requestIds: string[]): Promise<Letter[]>;
  call(method: string, route: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export interface Letter {
  requestId: string;
  messageId: string;
  status: string;
  lastError: string | null;
  requestStatus: string;
}

export interface RigOptions {
  workers: number;
  env?: Record<string, string>;
  /** The first process: the API alone (default) or every role in one process. */
  first?: "api" | "all";
  /** `src` through tsx (default), or the build in dist/ as production runs it (build it first). */
  entry?: "src" | "dist";
}

export async function startRig(opts: RigOptions): Promise<Rig> {
  const [ownPg, redis, smtp] = await Promise.all([startOwnPostgres(), startOwnRedis(), startFaultySmtp()]);
  const prefix = `f${randomBytes(4).toString("hex")}`;
  const baseEnv = {
    DATABASE_URL: ownPg.url,
    REDIS_URL: redis.url,
    SMTP_URL: smtp.url,
    QUEUE_PREFIX: prefix,
    PORT: "0",
    LOG_LEVEL: "info",
    RECONCILE_INTERVAL_MS: "3000",
    MAIL_SEND_TIMEOUT_MS: "5000",
    SHUTDOWN_TIMEOUT_MS: "10000",
    PDF_PROCESSES: "0",
    ...opts.env,
  };
  const processes: ServiceProcess[] = [];
  const spawnService = async (role: "api" | "worker" | "all", env: Record<string, string> = {}) => {
    const p = await startService(role, { ...baseEnv, ...env }, opts.entry ?? "src");
    processes.push(p);
    return p;
  };
  // The API first: it migrates and seeds; workers started together would wait on the migration lock anyway.
  const api = await spawnService(opts.first ?? "api");
  const workers: ServiceProcess[] = [];
  for (let i = 0; i < opts.workers; i++) workers.push(await spawnService("worker"));
  const db = new pg.Pool({ connectionString: ownPg.url, max: 4 });
  db.on("error", () => {});
  // The committees' own data entered (signers, real addresses): approval refuses placeholders.
  await completeRegistry(db);
  const hue = (await findCommitteeByCode(db, "HUE"))!;
  const { token } = await createApiToken(db, { committeeId: hue.id, roles: ["clerk", "approver"] });
  // A person of the filing committee, who is told when a letter could not be delivered.
  await insertUser(db, {
    committeeId: hue.id,
    name: "Trần Thị Bình",
    email: "binh@phoihop.example",
    roles: ["clerk"],
  });

  const rig: Rig = {
    pg: ownPg,
    redis,
    smtp,
    db,
    api,
    workers,
    token,
    prefix,
    startWorker: (env) => spawnService("worker", env),
    startApi: (env) => spawnService("api", env),
    call: (method, route, body) =>
      fetch(`${rig.api.url}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      }),
    approveLetters: (n, overrides) => approveLettersThrough(rig.call, n, overrides),
    async letters(requestIds) {
      const { rows } = await db.query<Letter>(
        `select r.id as "requestId", m.message_id as "messageId", m.status, m.last_error as "lastError",
                r.status as "requestStatus"
           from requests r left join outbound_messages m on m.request_id = r.id and m.purpose = 'letter'
          where r.id = any($1::uuid[])`,
        [requestIds],
      );
      return rows;
    },
    async close() {
      for (const p of processes) p.signal("SIGKILL");
      await Promise.all(processes.map((p) => p.exited));
      await db.end().catch(() => {});
      await Promise.all([smtp.stop(), redis.stop(), ownPg.destroy()]);
    },
  };
  return rig;
}

/**
 * Files, submits and approves `n` letters (HUE to CATW) through an API the caller reaches as a clerk and approver of
 * HUE; their request ids. A few at a time, as clerks would: the point is the pipeline, not the intake.
 */
export async function approveLettersThrough(
  call: (method: string, route: string, body?: unknown) => Promise<Response>,
  n: number,
  overrides?: Record<string, unknown>,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 5) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(5, n - i) }, async () => {
        const created = await call("POST", "/v1/requests", letterBody(overrides));
        if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
        const { id } = (await created.json()) as { id: string };
        for (const step of ["submit", "approve"]) {
          const r = await call("POST", `/v1/requests/${id}/${step}`);
          if (r.status !== 200) throw new Error(`${step}: ${r.status} ${await r.text()}`);
        }
        return id;
      }),
    );
    ids.push(...batch);
  }
  return ids;
}

/**
 * The sample request with its dates moved past today (whole weeks, so weekdays stay weekdays): these processes run
 * on the real clock, and dates before the filing day are refused.
 */
function letterBody(overrides?: Record<string, unknown>) {
  const body = staffSecondmentBody(overrides);
  const isDate = (v: unknown): v is string => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v);
  const dates: string[] = [];
  const collect = (v: unknown): void => {
    if (isDate(v)) dates.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === "object") Object.values(v).forEach(collect);
  };
  collect(body.payload);
  const earliest = Math.min(...dates.map((d) => Date.parse(`${d}T00:00:00Z`)));
  const week = 7 * 86_400_000;
  const weeks = Math.max(0, Math.ceil((Date.now() + 4 * week - earliest) / week));
  const shift = (v: unknown): unknown =>
    isDate(v)
      ? new Date(Date.parse(`${v}T00:00:00Z`) + weeks * week).toISOString().slice(0, 10)
      : Array.isArray(v)
        ? v.map(shift)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shift(x)]))
          : v;
  return { ...body, payload: shift(body.payload) };
}

async function startService(
  role: "api" | "worker" | "all",
  env: Record<string, string>,
  entry: "src" | "dist",
): Promise<ServiceProcess> {
  const main =
    entry === "src" ? ["--import", "tsx", path.join(REPO, "src/main.ts")] : [path.join(REPO, "dist/main.js")];
  const child: ChildProcess = spawn(process.execPath, [...main, "start", "--role", role], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (t: string) => {
    stdout += t;
  });
  child.stderr!.setEncoding("utf8").on("data", (t: string) => {
    stderr += t;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const ready = role === "worker" ? /worker đã chạy/ : /API tại (http:\/\/[^\s/]+)/;
  await waitFor(
    async () => {
      if (gone) throw new Error(`${role} exited while starting:\n${stdout}\n${stderr}`);
      return ready.test(stdout);
    },
    120_000,
    `${role} start`,
  ).catch((err) => {
    child.kill("SIGKILL");
    throw err;
  });
  return {
    role,
    pid: child.pid!,
    url: role === "worker" ? null : stdout.match(ready)![1]!,
    stderr: () => stderr,
    async officePids() {
      const out = await run("ps", ["-o", "pid=,comm=", "--ppid", String(child.pid)]).catch(() => ({
        stdout: "",
      }));
      return out.stdout
        .split("\n")
        .filter((l) => l.includes("soffice"))
        .map((l) => Number(l.trim().split(/\s+/)[0]));
    },
    signal: (sig) => {
      if (!gone) child.kill(sig);
    },
    hasExited: () => gone,
    exited,
  };
}

/** Is a process still there (a zombie counts as gone)? */
export async function isAlive(pid: number): Promise<boolean> {
  const out = await run("ps", ["-o", "stat=", "-p", String(pid)]).catch(() => ({ stdout: "" }));
  const stat = out.stdout.trim();
  return stat !== "" && !stat.startsWith("Z");
}

/** How many copies of each letter the SMTP server accepted. */
export function copiesOf(smtp: FaultySmtp, letters: Letter[]): number[] {
  return letters.map((l) => smtp.accepted.get(l.messageId) ?? 0);
}

/** Waits until every letter is settled (sent or delivery_failed); returns how long it took. */
export async function drained(rig: Rig, requestIds: string[], timeoutMs: number): Promise<number> {
  const started = Date.now();
  let states = "";
  await waitFor(
    async () => {
      const letters = await rig.letters(requestIds);
      const by = new Map<string, number>();
      for (const l of letters)
        by.set(`${l.status}/${l.requestStatus}`, (by.get(`${l.status}/${l.requestStatus}`) ?? 0) + 1);
      states = [...by].map(([k, n]) => `${n}× ${k}`).join(", ");
      return letters.every((l) => l.status === "sent" || l.status === "delivery_failed");
    },
    timeoutMs,
    "every letter sent or delivery_failed",
  ).catch((err: Error) => {
    throw new Error(`${err.message} (message/request: ${states})`);
  });
  return Date.now() - started;
}
