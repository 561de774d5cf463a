import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createApiToken } from "./auth/tokens.js";
import { revokeApiToken } from "./db/queries/api-tokens.js";
import { parseUserCreateArgs } from "./auth/users.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { listUnrenderedDocumentIdsOfRequests } from "./db/queries/documents.js";
import { findReportSchedule } from "./db/queries/report-schedules.js";
import { createCalendar } from "./domain/working-days.js";
import { documentRender } from "./jobs/catalog.js";
import { safeParsePeriodKey } from "./reports/periods.js";
import { runReport } from "./reports/run-report.js";
import { systemClock } from "./runtime/clock.js";
import { type Database, openDatabase } from "./runtime/database.js";
import { StartupError, whereOf } from "./runtime/startup-checks.js";
import { RestoreRefused, restoreBackup, writeBackup } from "./db/backup.js";
import { listMigrations } from "./db/migrate.js";
import type { Logger } from "./runtime/logger.js";
import { openQueues } from "./runtime/queues.js";
import { withTransaction } from "./db/db.js";
import { findCommitteeByCode, updateCommittee } from "./db/queries/committees.js";
import { findUser, insertUser } from "./db/queries/users.js";
import { CENTRAL_CODE, parseCsv } from "./db/seed/committee-registry.js";
import { GATEWAY_ROLE, ROLES, type Role } from "./domain/request-state.js";
import { nfcDeep } from "./domain/text.js";
import type { HeadStart } from "./runtime/head-start.js";
import { createLogger } from "./runtime/logger.js";
import { openPreparedDatabase } from "./runtime/prepare-database.js";
import { CommitteeUpdateSchema } from "./routes/committees/index.js";
import { startService } from "./server.js";

/** Each command: how it is written, and what it does; `phoihop <command> --help` prints its entry. */
const COMMANDS: { name: string; usage: string[]; about: string }[] = [
  {
    name: "start",
    usage: ["phoihop start [--role api|worker|all]"],
    about:
      "Chạy dịch vụ (mặc định: all — API, worker và lịch chạy trong một tiến trình). Dừng bằng Ctrl-C hoặc SIGTERM.",
  },
  {
    name: "migrate",
    usage: ["phoihop migrate"],
    about:
      "Áp dụng migration và nạp danh bạ ủy ban (cũng làm khi start). Ở chế độ nhúng, tạo cơ sở dữ liệu trong DATA_DIR nếu chưa có.",
  },
  {
    name: "user create",
    usage: [
      'phoihop user create --committee MÃ --name "Họ và tên" --email ĐỊA-CHỈ --role clerk|approver|admin|auditor[,…]',
    ],
    about: "Tạo một người dùng của một ủy ban; in ra mã người dùng (uuid).",
  },
  {
    name: "token create",
    usage: [
      "phoihop token create --user USER_ID [--label NHÃN]",
      "phoihop token create --committee MÃ --role clerk|approver|admin|auditor[,…] [--label NHÃN]",
      "phoihop token create --gateway [--label NHÃN]",
    ],
    about:
      "Tạo mã truy cập (in MỘT lần). Với --user, ủy ban và vai trò theo người dùng; --gateway: mã của cổng thư, chỉ gửi được thư đến (POST /v1/inbound/mime). Phải chạy với cùng DATA_DIR (hoặc DATABASE_URL) như dịch vụ.",
  },
  {
    name: "token revoke",
    usage: ["phoihop token revoke --id TOKEN_ID"],
    about: "Thu hồi một mã truy cập (mã uuid in ra khi tạo).",
  },
  {
    name: "committees import",
    usage: ["phoihop committees import TỆP.json|TỆP.csv"],
    about: "Nạp thông tin thật của các ủy ban (e-mail, người ký, ký hiệu); cả tệp trong một giao dịch.",
  },
  {
    name: "reports run",
    usage: ["phoihop reports run --schedule MÃ [--period 2026-Q3]"],
    about: "Chạy một kỳ báo cáo (mặc định: kỳ vừa chốt); chạy hai lần không tạo trùng.",
  },
  {
    name: "backup",
    usage: ["phoihop backup [TỆP.sql.gz]"],
    about:
      "Sao lưu toàn bộ cơ sở dữ liệu (yêu cầu, văn bản DOCX/PDF, thư đi và đến, người dùng, mã) vào một tệp, nhất quán tại một thời điểm; chạy được khi dịch vụ đang chạy.",
  },
  {
    name: "restore",
    usage: ["phoihop restore TỆP.sql.gz"],
    about:
      "Khôi phục một bản sao lưu vào một cơ sở dữ liệu TRỐNG (DATA_DIR mới hoặc DATABASE_URL mới); không bao giờ trộn vào dữ liệu đang có.",
  },
];

const USAGE = [
  "phoihop — phối hợp công tác kiểm tra, giám sát",
  "",
  ...COMMANDS.flatMap((c) => c.usage.map((u) => `  ${u}`)),
  "",
  "  phoihop --version | phoihop LỆNH --help",
].join("\n");

function helpFor(command: string | undefined, sub: string | undefined): string {
  const entry =
    COMMANDS.find((c) => c.name === `${command} ${sub}`) ?? COMMANDS.find((c) => c.name === command);
  const group = COMMANDS.filter((c) => c.name.split(" ")[0] === command);
  if (!entry && group.length === 0) return USAGE;
  const shown = entry && (entry.name === `${command} ${sub}` || group.length === 0) ? [entry] : group;
  return shown.map((c) => [...c.usage, `    ${c.about}`].join("\n")).join("\n\n");
}

/** The version from package.json (found from src/ and from dist/src/ alike). */
function packageVersion(): string {
  for (let dir = new URL("./", import.meta.url); dir.pathname !== "/"; dir = new URL("../", dir)) {
    const file = new URL("package.json", dir);
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "phoihop") return pkg.version ?? "?";
    }
  }
  return "?";
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Where the service keeps its data, in words: the line a person needs to run a command against the same data. */
function dataPlace(cfg: Config): string {
  return cfg.DATABASE_URL
    ? `PostgreSQL tại ${whereOf(cfg.DATABASE_URL)} (DATABASE_URL)`
    : `${path.resolve(cfg.DATA_DIR)} (DATA_DIR)`;
}

/**
 * Commands that read or change the service's data never create an embedded database: run from another folder,
 * they would otherwise make a second, empty one whose tokens the running service refuses.
 */
function embeddedDataMissing(cfg: Config): string | null {
  if (cfg.DATABASE_URL) return null;
  const dir = path.resolve(cfg.DATA_DIR);
  if (existsSync(path.join(dir, "pg", "PG_VERSION"))) return null;
  return [
    `không có dữ liệu phoihop trong ${dir} (DATA_DIR); chưa tạo gì.`,
    "  Chạy lệnh trong thư mục nơi dịch vụ chạy (npm start), hoặc đặt DATA_DIR=<thư mục dữ liệu của dịch vụ>,",
    "  hoặc DATABASE_URL nếu dịch vụ dùng PostgreSQL riêng. Tạo dữ liệu mới ở đây: phoihop migrate.",
  ].join("\n");
}

/** Ctrl-C / SIGTERM during a command: close what is open (the embedded PostgreSQL above all), then exit. */
let onStopSignal: ((signal: NodeJS.Signals) => void) | undefined;
/** What src/main.ts began before this module loaded (a `start` in the embedded mode); stopped on an early signal. */
let headStart: HeadStart | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (onStopSignal) onStopSignal(signal);
    else if (headStart) void headStart.abandon().finally(() => process.exit(130));
    else process.exit(130);
  });
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (err) {
    return fail(`${parseArgsMessage(err as Error)} (xem phoihop --help)`);
  }
  const { values, positionals } = parsed;
  const [command, sub, arg] = positionals;
  if (values.version) {
    say(`phoihop ${packageVersion()}`);
    return 0;
  }
  if (values.help || command === "help") {
    say(command && command !== "help" ? helpFor(command, sub) : USAGE);
    return 0;
  }
  if (!command) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  if (!COMMANDS.some((c) => c.name.split(" ")[0] === command))
    return fail(`lệnh không rõ “${command}”.\n${USAGE}`);
  const cfg = loadConfig();
  const log = headStart?.log ?? createLogger(cfg.LOG_LEVEL);

  if (command === "start") {
    const role = z.enum(["api", "worker", "all"]).safeParse(values.role ?? "all");
    if (!role.success) return fail(`--role phải là api, worker hoặc all`);
    // A signal while starting is kept, and honoured as soon as there is something to stop.
    let stopRequested: NodeJS.Signals | undefined;
    onStopSignal = (signal) => {
      stopRequested = signal;
    };
    const service = await startService(cfg, role.data, log, say, systemClock, headStart);
    if (service.url) {
      say(`phoihop: API tại ${service.url}/v1 — tài liệu API: ${service.url}/docs`);
      say(`phoihop: giao diện web tại ${service.url}/ (đăng nhập bằng mã truy cập)`);
    }
    if (service.bootstrapToken) {
      say(
        "phoihop: lần chạy đầu — mã quản trị (admin) của UBKT Đảng ủy Công an Trung ương, chỉ in MỘT lần này:",
      );
      say(`  ${service.bootstrapToken}`);
      say(`  Dữ liệu của dịch vụ: ${dataPlace(cfg)}. Tạo mã cho cán bộ với cùng dữ liệu đó:`);
      say(
        cfg.DATABASE_URL
          ? "  DATABASE_URL=… npx phoihop token create --committee NGHE-AN --role clerk"
          : `  DATA_DIR=${path.resolve(cfg.DATA_DIR)} npx phoihop token create --committee NGHE-AN --role clerk`,
      );
    }
    await waitForShutdown(service.close, cfg.SHUTDOWN_TIMEOUT_MS, stopRequested);
    return 0;
  }

  if (command !== "migrate" && command !== "restore") {
    const missing = embeddedDataMissing(cfg);
    if (missing) return fail(missing);
  }
  if (command === "restore") return await restoreCommand(cfg, log, sub);
  const db = await openPreparedDatabase(cfg, log, say);
  onStopSignal = (signal) => {
    process.stderr.write(`phoihop: nhận ${signal}, đang dừng…\n`);
    db.close().finally(() => process.exit(130));
  };
  try {
    if (command === "migrate") return 0;
    if (command === "backup") return await backupCommand(db, cfg, sub);
    if (command === "user" && sub === "create") return await createUserCommand(db.pool, values);
    if (command === "token" && sub === "create" && values.gateway) {
      return await createGatewayTokenCommand(db.pool, values);
    }
    if (command === "token" && sub === "create" && values.user !== undefined) {
      return await createUserTokenCommand(db.pool, values, cfg);
    }
    if (command === "token" && sub === "create") {
      const roles = z
        .array(z.enum(ROLES))
        .min(1)
        .safeParse((values.role ?? "").split(",").filter(Boolean));
      if (!roles.success) return fail(`--role phải là một hoặc nhiều trong: ${ROLES.join(", ")}`);
      const committee = await findCommitteeByCode(db.pool, values.committee ?? "");
      if (!committee) return fail(`không có ủy ban mã “${values.committee ?? ""}”`);
      const created = await createApiToken(db.pool, {
        committeeId: committee.id,
        roles: roles.data as Role[],
        label: values.label ?? "",
      });
      say(
        `mã ${created.id} (${committee.code}, ${roles.data.join(",")}), cho dịch vụ có dữ liệu tại ${dataPlace(cfg)}:`,
      );
      say(created.token);
      return 0;
    }
    if (command === "token" && sub === "revoke") {
      const id = z.uuid().safeParse(values.id);
      if (!id.success) return fail("--id phải là mã (uuid) in ra khi tạo");
      if (!(await revokeApiToken(db.pool, id.data))) return fail("không tìm thấy mã đang hiệu lực");
      say("đã thu hồi");
      return 0;
    }
    if (command === "committees" && sub === "import" && arg) return await importCommittees(db.pool, arg);
    if (command === "reports" && sub === "run")
      return await runReportNow(db, cfg, log, values.schedule, values.period);
    return fail(`lệnh chưa đủ.\n${helpFor(command, sub)}`);
  } finally {
    await db.close();
  }
}

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: "string" },
      committee: { type: "string" },
      name: { type: "string" },
      email: { type: "string" },
      user: { type: "string" },
      label: { type: "string" },
      gateway: { type: "boolean" },
      id: { type: "string" },
      schedule: { type: "string" },
      period: { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

function parseArgsMessage(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  const option = err.message.match(/'([^']+)'/)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `tùy chọn không rõ: ${option ?? err.message}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return `tùy chọn ${option ?? ""} cần một giá trị`;
  return `dòng lệnh không đọc được: ${err.message}`;
}

async function backupCommand(db: Database, cfg: Config, file: string | undefined): Promise<number> {
  const target = file ?? `phoihop-backup-${new Date().toISOString().replace(/[:.]/g, "-")}.sql.gz`;
  say(`phoihop: đang sao lưu vào ${path.resolve(target)}…`);
  const { rows } = await writeBackup(db.pool, target, (line) => say(`  ${line}`));
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  say(`phoihop: đã sao lưu ${total} dòng của ${Object.keys(rows).length} bảng vào ${path.resolve(target)}`);
  if (cfg.ATTACHMENT_STORAGE === "dir") {
    const dir = path.resolve(cfg.ATTACHMENT_DIR ?? path.join(cfg.DATA_DIR, "attachments"));
    say(`phoihop: tệp đính kèm nằm ngoài cơ sở dữ liệu (ATTACHMENT_STORAGE=dir): sao lưu cả thư mục ${dir}`);
  }
  return 0;
}

async function restoreCommand(cfg: Config, log: Logger, file: string | undefined): Promise<number> {
  if (!file) return fail(`thiếu tệp sao lưu.\n${helpFor("restore", undefined)}`);
  if (!existsSync(file)) return fail(`không có tệp ${file}`);
  say(`phoihop: khôi phục ${path.resolve(file)} vào ${dataPlace(cfg)}…`);
  const db = await openDatabase(cfg, log);
  onStopSignal = (signal) => {
    process.stderr.write(`phoihop: nhận ${signal}, đang dừng (chưa khôi phục gì)…\n`);
    db.close().finally(() => process.exit(130));
  };
  try {
    const outcome = await restoreBackup(db.pool, file, (line) => say(`  ${line}`), await listMigrations());
    if (outcome.laterMigrations.length)
      say(`phoihop: đã áp dụng thêm ${outcome.laterMigrations.length} migration của phiên bản này`);
    say(
      `phoihop: đã khôi phục bản sao lưu lúc ${outcome.header.createdAt}; chạy phoihop start như thường lệ`,
    );
    return 0;
  } catch (err) {
    if (err instanceof RestoreRefused) return fail(`${err.message}; không khôi phục gì`);
    throw err;
  } finally {
    await db.close();
  }
}

type Pool = import("pg").Pool;

async function createUserCommand(pool: Pool, values: Record<string, unknown>): Promise<number> {
  const parsed = parseUserCreateArgs(values);
  if (!parsed.ok) {
    for (const problem of parsed.problems) say(`  ${problem}`);
    return fail("thông tin người dùng không hợp lệ; chưa tạo gì");
  }
  const { committee: code, ...user } = parsed.value;
  const committee = await findCommitteeByCode(pool, code);
  if (!committee) return fail(`không có ủy ban mã “${code}”`);
  try {
    const id = await insertUser(pool, { committeeId: committee.id, ...user });
    say(id);
    return 0;
  } catch (err) {
    if ((err as { code?: string }).code === "23505")
      return fail(`ủy ban ${committee.code} đã có người dùng với e-mail ${user.email}`);
    throw err;
  }
}

/** A token that acts as a user: the user's committee, and (at every call) the user's roles. */
async function createUserTokenCommand(
  pool: Pool,
  values: Record<string, unknown>,
  cfg: Config,
): Promise<number> {
  if (values.committee !== undefined || values.role !== undefined)
    return fail("--user không dùng cùng --committee/--role: ủy ban và vai trò lấy theo người dùng");
  const id = z.uuid().safeParse(values.user);
  if (!id.success) return fail("--user phải là mã (uuid) in ra khi tạo người dùng");
  const user = await findUser(pool, id.data);
  if (!user) return fail(`không có người dùng ${id.data}`);
  if (user.disabledAt) return fail(`người dùng ${user.name} đã bị vô hiệu hóa`);
  const created = await createApiToken(pool, {
    committeeId: user.committeeId,
    roles: user.roles,
    label: typeof values.label === "string" ? values.label : "",
    userId: user.id,
  });
  say(
    `mã ${created.id} (${user.name}, ${user.committeeCode}, ${user.roles.join(",")}), cho dịch vụ có dữ liệu tại ${dataPlace(cfg)}:`,
  );
  say(created.token);
  return 0;
}

/** The mail gateway's token: the one role mail_gateway, filed under the central UBKT that runs the service. */
async function createGatewayTokenCommand(pool: Pool, values: Record<string, unknown>): Promise<number> {
  if (values.committee !== undefined || values.role !== undefined || values.user !== undefined)
    return fail(
      "--gateway không dùng cùng --committee/--role/--user: mã cổng thư chỉ có vai trò mail_gateway",
    );
  const committee = await findCommitteeByCode(pool, CENTRAL_CODE);
  if (!committee) return fail(`không có ủy ban mã “${CENTRAL_CODE}”`);
  const created = await createApiToken(pool, {
    committeeId: committee.id,
    roles: [GATEWAY_ROLE],
    label: typeof values.label === "string" && values.label ? values.label : "cổng thư",
  });
  say(`mã ${created.id} (cổng thư, ${GATEWAY_ROLE}):`);
  say(created.token);
  return 0;
}

const ImportRowSchema = CommitteeUpdateSchema.extend({ code: z.string().min(1) });

/** Real e-mail addresses, signers and issuer abbreviations come from the committees: JSON array or CSV with a header. */
async function importCommittees(pool: import("pg").Pool, file: string): Promise<number> {
  const text = await readFile(file, "utf8");
  const rows: unknown[] = file.endsWith(".csv")
    ? parseCsv(text).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== "")))
    : JSON.parse(text);
  const parsed = z.array(ImportRowSchema).safeParse(nfcDeep(rows));
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      say(`  dòng ${Number(issue.path[0]) + 1}, ${issue.path.slice(1).join(".")}: ${issue.message}`);
    return fail("tệp không hợp lệ; không có gì được thay đổi");
  }
  const missing = await withTransaction(pool, async (tx) => {
    const unknown: string[] = [];
    for (const row of parsed.data) if (!(await updateCommittee(tx, row))) unknown.push(row.code);
    if (unknown.length) throw new Error(`không có ủy ban mã: ${unknown.join(", ")}`);
    return unknown;
  }).catch((err: Error) => err.message);
  if (typeof missing === "string") return fail(`${missing}; không có gì được thay đổi`);
  say(`đã cập nhật ${parsed.data.length} ủy ban`);
  return 0;
}

/** A missed (or any) period, by hand: the same run as the scheduler's, so running it twice changes nothing. */
async function runReportNow(
  db: Database,
  cfg: Config,
  log: Logger,
  schedule: string | undefined,
  period: string | undefined,
): Promise<number> {
  if (!schedule) return fail("thiếu --schedule MÃ (xem GET /v1/report-schedules)");
  if (!(await findReportSchedule(db.pool, schedule))) return fail(`không có lịch báo cáo “${schedule}”`);
  if (period && !safeParsePeriodKey(period).ok)
    return fail(`kỳ “${period}” không hợp lệ (ví dụ 2026-Q3, 2026-H1, 2026, 2026-03)`);
  const outcome = await runReport(
    { db: db.pool, clock: systemClock, calendar: createCalendar() },
    schedule,
    period,
  );
  say(`kỳ ${outcome.periodKey}: ${outcome.created} báo cáo mới, ${outcome.alreadyThere} đã có từ trước`);
  // The documents are rendered and sent by the workers; enqueue them now rather than wait for the reconciler.
  // The reports are issued whatever the queue says: if it is away, the workers' reconciler finds them unrendered.
  const documentIds = await listUnrenderedDocumentIdsOfRequests(db.pool, outcome.requestIds);
  const queued = await enqueueRenders(cfg, db.url, log, documentIds);
  if (!queued.ok)
    say(
      `hàng đợi chưa nhận (${queued.reason}): các worker sẽ tự tạo và gửi ${documentIds.length} văn bản ` +
        `trong vòng ${Math.ceil(cfg.RECONCILE_INTERVAL_MS / 1000)} giây sau khi hàng đợi hoạt động lại`,
    );
  return 0;
}

/** The renders of a run by hand; a queue that does not take them within its wait leaves them to the reconciler. */
async function enqueueRenders(
  cfg: Config,
  databaseUrl: string,
  log: Logger,
  documentIds: string[],
): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (documentIds.length === 0) return { ok: true };
  const queues = openQueues(cfg, databaseUrl, log);
  try {
    await queues.enqueueAll(
      documentRender,
      documentIds.map((documentId) => ({ documentId })),
    );
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  } finally {
    await queues.close().catch(() => {});
  }
}

function fail(message: string): number {
  process.stderr.write(`phoihop: ${message}\n`);
  return 1;
}

function waitForShutdown(
  close: () => Promise<void>,
  timeoutMs: number,
  alreadyRequested: NodeJS.Signals | undefined,
): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      say(`phoihop: nhận ${signal}, đang dừng…`);
      // close() keeps to timeoutMs itself (running jobs are handed back); this only catches a close that hangs.
      const timer = setTimeout(() => {
        process.stderr.write("phoihop: dừng quá thời hạn, buộc thoát\n");
        process.exit(1);
      }, timeoutMs + 5_000);
      timer.unref();
      close().then(resolve, (err) => {
        process.stderr.write(`phoihop: lỗi khi dừng: ${err}\n`);
        process.exit(1);
      });
    };
    let stopping = false;
    onStopSignal = (signal) => {
      if (stopping) return;
      stopping = true;
      stop(signal);
    };
    if (alreadyRequested) onStopSignal(alreadyRequested);
  });
}

/** Runs one command line and exits with its code; `begun`: what src/main.ts began for a `start`. */
export function runCli(argv: string[], begun: HeadStart | undefined): void {
  headStart = begun;
  main(argv).then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof ConfigError) process.stderr.write(`phoihop: ${err.message}\n`);
      else if (err instanceof StartupError)
        process.stderr.write(`phoihop: không khởi động được: ${err.message}\n`);
      else process.stderr.write(`phoihop: ${err?.stack ?? err}\n`);
      process.exit(1);
    },
  );
}
