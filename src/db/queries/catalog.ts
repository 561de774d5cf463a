import { type Db, firstRow } from "../db.js";

/** The application's tables (schema public, not the migration ledger) with the columns a COPY carries. */
export async function listTablesForBackup(db: Db): Promise<{ table: string; columns: string[] }[]> {
  const { rows } = await db.query<{ table: string; columns: string[] }>(
    `select c.relname as table,
            array_agg(a.attname::text order by a.attnum) as columns
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'schema_migrations'
      group by c.relname`,
  );
  return rows;
}

/** Foreign keys between those tables: `table` references `references`. */
export async function listForeignKeyEdges(db: Db): Promise<{ table: string; references: string }[]> {
  const { rows } = await db.query<{ table: string; references: string }>(
    `select c.conrelid::regclass::text as table, c.confrelid::regclass::text as references
       from pg_constraint c
       join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname = 'public'`,
  );
  return rows;
}

export interface SequenceState {
  sequence: string;
  value: string | null;
  start: string;
  increment: string;
  min: string;
  max: string;
  cycle: boolean;
}

/** Every sequence, including those the service creates as it goes (a reference counter per year). */
export async function listSequences(db: Db): Promise<SequenceState[]> {
  const { rows } = await db.query<SequenceState>(
    `select sequencename as sequence, last_value::text as value, start_value::text as start,
            increment_by::text as increment, min_value::text as min, max_value::text as max, cycle
       from pg_sequences where schemaname = 'public' order by sequencename`,
  );
  return rows;
}

export async function listAppliedMigrations(db: Db): Promise<string[]> {
  const exists = await db.query("select to_regclass('public.schema_migrations') is not null as ok");
  if (!exists.rows[0].ok) return [];
  const { rows } = await db.query<{ name: string }>("select name from schema_migrations order by name");
  return rows.map((r) => r.name);
}

/** Rows in the tables a restore would overwrite: a restore goes only into an empty database. */
export async function countRequestsAndDocuments(db: Db): Promise<number> {
  const exists = await db.query("select to_regclass('public.requests') is not null as ok");
  if (!exists.rows[0].ok) return 0;
  const { rows } = await db.query<{ n: number }>(
    "select (select count(*) from requests)::int + (select count(*) from api_tokens)::int as n",
  );
  return firstRow(rows, "the request and token count").n;
}
