import type { Config } from "../config.js";
import { describeMode } from "../config.js";
import { migrate } from "../db/migrate.js";
import { insertCommitteeIfMissing } from "../db/queries/committees.js";
import { committeeRegistrySeed } from "../db/seed/committee-registry.js";
import { syncBuiltInTemplates } from "../documents/template-store.js";
import { type Database, openDatabase } from "./database.js";
import type { Logger } from "./logger.js";

/** Opens the database (starting the embedded one when nothing is configured), migrates it and seeds the registry. */
export async function openPreparedDatabase(
  cfg: Config,
  log: Logger,
  say: (line: string) => void,
): Promise<Database> {
  const mode = describeMode(cfg);
  say(
    `phoihop: cơ sở dữ liệu ${mode.database === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PostgreSQL nhúng trong ${cfg.DATA_DIR}`}`,
  );
  const db = await openDatabase(cfg, log);
  try {
    const applied = await migrate(db.pool, say);
    if (applied.length) say(`phoihop: đã áp dụng ${applied.length} migration`);
    const seeded = await seedRegistry(db);
    if (seeded)
      say(
        `phoihop: đã nạp ${seeded} ủy ban kiểm tra vào danh bạ (địa chỉ e-mail và người ký là giá trị mẫu)`,
      );
    const templates = await syncBuiltInTemplates(db.pool);
    if (templates.length) say(`phoihop: mẫu văn bản mới: ${templates.join(", ")}`);
    return db;
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

export async function seedRegistry(db: Database): Promise<number> {
  let inserted = 0;
  for (const seed of committeeRegistrySeed()) if (await insertCommitteeIfMissing(db.pool, seed)) inserted++;
  return inserted;
}
