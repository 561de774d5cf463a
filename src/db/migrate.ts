import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type pg from "pg";

const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));
// Any fixed 64-bit key: serialises concurrent start-ups (api and worker starting together).
const MIGRATION_LOCK = 7_210_483_001;

/** The migrations this version carries, in the order they apply. */
export async function listMigrations(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith(".sql")).sort();
}

/** Applies the committed migrations not yet applied (`only`: just those of that list, for a restore). */
export async function migrate(
  pool: pg.Pool,
  log: (line: string) => void = () => {},
  opts: { only?: string[] } = {},
): Promise<string[]> {
  const files = (await listMigrations()).filter((f) => !opts.only || opts.only.includes(f));
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      "create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())",
    );
    const done = new Set(
      (await client.query<{ name: string }>("select name from schema_migrations")).rows.map((r) => r.name),
    );
    const applied: string[] = [];
    for (const file of files.filter((f) => !done.has(f))) {
      log(`migrate: đang áp dụng ${file}`);
      const sql = await readFile(MIGRATIONS_DIR + file, "utf8");
      await client.query("begin");
      try {
        await client.query(sql);
        await client.query("insert into schema_migrations (name) values ($1)", [file]);
        await client.query("commit");
      } catch (err) {
        await client.query("rollback");
        throw err;
      }
      applied.push(file);
    }
    return applied;
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}
