import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createApiToken, revokeApiToken } from "./auth/tokens.js";
import { parseUserCreateArgs } from "./auth/users.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { listUnrenderedDocumentIdsOfRequests } from "./db/queries/documents.js";
import { findReportSchedule } from "./db/queries/report-schedules.js";
import { createCalendar } from "./domain/working-days.js";
import { documentRender } from "./jobs/catalog.js";
import { safeParsePeriodKey } from "./reports/periods.js";
import { runReport } from "./reports/run-report.js";
import { systemClock } from "./runtime/clock.js";
import type { Database } from "./runtime/database.js";
import type { Logger } from "./runtime/logger.js";
import { openQueues } from "./runtime/queues.js";
import { withTransaction } from "./db/db.js";
import { findCommitteeByCode, updateCommittee } from "./db/queries/committees.js";
import { findUser, insertUser } from "./db/queries/users.js";
import { CENTRAL_CODE, parseCsv } from "./db/seed/committee-registry.js";
import { GATEWAY_ROLE, ROLES, type Role } from "./domain/request-state.js";
import { nfcDeep } from "./domain/text.js";
import { createLogger } from "./runtime/logger.js";
import { openPreparedDatabase } from "./runtime/services.js";
import { CommitteeUpdateSchema } from "./routes/committees/index.js";
import { startService } from "./server.js";

const USAGE = `phoihop — phối hợp công tác kiểm tra, giám sát

  phoihop start [--role api|worker|all]     chạy dịch vụ (mặc định: all)
  phoihop migrate                            áp dụng migration và nạp danh bạ ủy ban
  phoihop user create --committee MÃ --name "Họ và tên" --email ĐỊA-CHỈ --role clerk|approver|admin|auditor[,…]
  phoihop token create --user USER_ID [--label NHÃN]     mã truy cập của một người dùng (vai trò theo người dùng)
  phoihop token create --committee MÃ --role clerk|approver|admin|auditor[,…] [--label NHÃN]
  phoihop token create --gateway [--label NHÃN]          mã của cổng thư: chỉ gửi được thư đến (POST /v1/inbound/mime)
  phoihop token revoke --id TOKEN_ID
  phoihop committees import TỆP.json|TỆP.csv  nạp thông tin thật (e-mail, người ký, ký hiệu)
  phoihop reports run --schedule MÃ [--period 2026-Q3]   chạy một kỳ báo cáo (mặc định: kỳ vừa chốt)`;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
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
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    say(USAGE);
    return command ? 0 : 1;
  }
  const cfg = loadConfig();
  const log = createLogger(cfg.LOG_LEVEL);

  if (command === "start") {
    const role = z.enum(["api", "worker", "all"]).safeParse(values.role ?? "all");
    if (!role.success) return fail(`--role phải là api, worker hoặc all`);
    const service = await startService(cfg, role.data, log, say);
    if (service.url) {
      say(`phoihop: API tại ${service.url}/v1 — tài liệu API: ${service.url}/docs`);
      say(`phoihop: giao diện web tại ${service.url}/ (đăng nhập bằng mã truy cập)`);
    }
    if (service.bootstrapToken) {
      say(
        "phoihop: lần chạy đầu — mã quản trị (admin) của UBKT Đảng ủy Công an Trung ương, chỉ in MỘT lần này:",
      );
      say(`  ${service.bootstrapToken}`);
      say("  Tạo mã cho cán bộ: npx phoihop token create --committee NGHE-AN --role clerk");
    }
    await waitForShutdown(service.close, cfg.SHUTDOWN_TIMEOUT_MS);
    return 0;
  }

  const db = await openPreparedDatabase(cfg, log, say);
  try {
    if (command === "migrate") return 0;
    if (command === "user" && sub === "create") return await createUserCommand(db.pool, values);
    if (command === "token" && sub === "create" && values.user !== undefined) {
      return await createUserTokenCommand(db.pool, values);
    }
    if (command === "token" && sub === "create" && values.gateway) {
      return await createGatewayTokenCommand(db.pool, values);
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
      say(`mã ${created.id} (${committee.code}, ${roles.data.join(",")}):`);
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
    return fail(`lệnh không rõ.\n${USAGE}`);
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
async function createUserTokenCommand(pool: Pool, values: Record<string, unknown>): Promise<number> {
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
  say(`mã ${created.id} (${user.name}, ${user.committeeCode}, ${user.roles.join(",")}):`);
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
  const queues = openQueues(cfg, db.url, log);
  try {
    for (const documentId of await listUnrenderedDocumentIdsOfRequests(db.pool, outcome.requestIds)) {
      await queues.enqueue(documentRender, { documentId });
    }
  } finally {
    await queues.close();
  }
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`phoihop: ${message}\n`);
  return 1;
}

function waitForShutdown(close: () => Promise<void>, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      say(`phoihop: nhận ${signal}, đang dừng…`);
      const timer = setTimeout(() => {
        process.stderr.write("phoihop: dừng quá thời hạn, buộc thoát\n");
        process.exit(1);
      }, timeoutMs);
      timer.unref();
      close().then(resolve, (err) => {
        process.stderr.write(`phoihop: lỗi khi dừng: ${err}\n`);
        process.exit(1);
      });
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`phoihop: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
