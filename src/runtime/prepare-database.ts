import path from "node:path";
import type { Config } from "../config.js";
import { describeMode } from "../config.js";
import { withTransaction } from "../db/db.js";
import { migrate } from "../db/migrate.js";
import {
  findCommitteeByCode,
  insertCommitteeIfMissing,
  insertSuccessionIfMissing,
} from "../db/queries/committees.js";
import { insertReportScheduleIfMissing } from "../db/queries/report-schedules.js";
import { CENTRAL_CODE, committeeRegistrySeed } from "../db/seed/committee-registry.js";
import { syncBuiltInTemplates } from "../documents/built-in-templates.js";
import { type Database, openDatabase } from "./database.js";
import type { Logger } from "./logger.js";

/** Opens the database (starting the embedded one when nothing is configured), migrates it and seeds the registry. */
export async function openPreparedDatabase(
  cfg: Config,
  log: Logger,
  say: (line: string) => void,
  /** The database a head start (src/runtime/head-start.ts) is already opening. */
  opening?: Promise<Database>,
): Promise<Database> {
  const mode = describeMode(cfg);
  say(
    `phoihop: cơ sở dữ liệu ${mode.database === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PostgreSQL nhúng trong ${path.resolve(cfg.DATA_DIR)} (DATA_DIR)`}`,
  );
  const db = await (opening ?? openDatabase(cfg, log));
  try {
    const applied = await migrate(db.pool, say);
    if (applied.length) say(`phoihop: đã áp dụng ${applied.length} migration`);
    const seeded = await seedRegistry(db);
    if (seeded)
      say(
        `phoihop: đã nạp ${seeded} ủy ban kiểm tra vào danh bạ (địa chỉ e-mail và người ký là giá trị mẫu)`,
      );
    // Independent of each other: the example schedules and the built-in templates are written side by side.
    const [, templates] = await Promise.all([seedReportSchedules(db), syncBuiltInTemplates(db.pool)]);
    if (templates.length) say(`phoihop: mẫu văn bản mới: ${templates.join(", ")}`);
    return db;
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

export async function seedRegistry(db: Database): Promise<number> {
  const seeds = committeeRegistrySeed();
  // One transaction: some 200 statements on the start-up path, one commit (one WAL flush) instead of one each.
  return withTransaction(db.pool, async (tx) => {
    let inserted = 0;
    for (const seed of seeds) if (await insertCommitteeIfMissing(tx, seed)) inserted++;
    for (const seed of seeds)
      if (seed.successor) {
        const { code, effectiveOn, source } = seed.successor;
        await insertSuccessionIfMissing(tx, {
          predecessor: seed.code,
          successor: code,
          effectiveOn,
          source,
        });
      }
    return inserted;
  });
}

/**
 * Example schedules, inactive: sending 34 reports a quarter to placeholder addresses helps nobody. An admin
 * switches them on (PATCH /v1/report-schedules/{id}) once the registry holds the real addresses.
 */
export async function seedReportSchedules(db: Database): Promise<void> {
  const central = await findCommitteeByCode(db.pool, CENTRAL_CODE);
  if (!central) return;
  const examples = [
    {
      code: "catw-quy-tinh",
      name: "Báo cáo quý gửi ủy ban kiểm tra các tỉnh ủy, thành ủy",
      periodType: "quarter" as const,
    },
    {
      code: "catw-nam-tinh",
      name: "Báo cáo năm gửi ủy ban kiểm tra các tỉnh ủy, thành ủy",
      periodType: "year" as const,
    },
  ];
  for (const e of examples) {
    await insertReportScheduleIfMissing(db.pool, {
      ...e,
      fromCommitteeId: central.id,
      target: "group:provinces",
      // The common practice: figures close on the 14th of the period's last month, the report is due 10 working days later.
      cutoff: { closesOnDay: 14, dueWorkingDays: 10 },
      active: false,
    });
  }
}
