import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { createInterface } from "node:readline";
import { createGunzip, createGzip } from "node:zlib";
import type pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { mustFind } from "./db.js";
import { migrate } from "./migrate.js";
import {
  countRequestsAndDocuments,
  listAppliedMigrations,
  listForeignKeyEdges,
  listSequences,
  listTablesForBackup,
} from "./queries/catalog.js";

/**
 * A backup is one gzip'd text file in the shape of a psql script: a header line, then for every table (parents
 * before children) `COPY … FROM stdin;`, its rows in COPY's text format and `\.`, then the sequences' values and an
 * end line (a file without it was cut short). It holds everything the service keeps: requests, their documents
 * (DOCX and PDF bytes), messages in and out, people, tokens (hashed), templates. Queue state is not in it: the
 * reconciler re-derives due work from these tables after a restore.
 */
export const BACKUP_MAGIC = "-- phoihop-backup ";
export const BACKUP_END = "-- phoihop-backup-end";

export interface BackupHeader {
  format: 1;
  createdAt: string;
  /** The migrations the data was written under; a restore migrates a fresh database to exactly these first. */
  migrations: string[];
  tables: string[];
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Tables ordered so that every table comes after those it references (self-references aside). */
export function parentsFirst(tables: string[], edges: { table: string; references: string }[]): string[] {
  const ordered: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (t: string) => {
    if (state.get(t) === "done" || state.get(t) === "visiting") return;
    state.set(t, "visiting");
    for (const e of edges)
      if (e.table === t && e.references !== t && tables.includes(e.references)) visit(e.references);
    state.set(t, "done");
    ordered.push(t);
  };
  for (const t of [...tables].sort()) visit(t);
  return ordered;
}

/** Writes a consistent backup (one REPEATABLE READ snapshot) to `file`; returns the row count per table. */
export async function writeBackup(
  pool: pg.Pool,
  file: string,
  progress: (line: string) => void = () => {},
): Promise<{ header: BackupHeader; rows: Record<string, number> }> {
  const partial = `${file}.partial`;
  const client = await pool.connect();
  const gzip = createGzip();
  const out = gzip.pipe(createWriteStream(partial, { mode: 0o600 }));
  const write = async (text: string | Buffer) => {
    if (!gzip.write(text)) await once(gzip, "drain");
  };
  const rows: Record<string, number> = {};
  try {
    await client.query("begin transaction isolation level repeatable read read only");
    const tables = await listTablesForBackup(client);
    const columnsOf = new Map(tables.map((t) => [t.table, t.columns]));
    const order = parentsFirst(
      tables.map((t) => t.table),
      await listForeignKeyEdges(client),
    );
    const header: BackupHeader = {
      format: 1,
      createdAt: new Date().toISOString(),
      migrations: await listAppliedMigrations(client),
      tables: order,
    };
    await write(`${BACKUP_MAGIC}${JSON.stringify(header)}\n`);
    for (const table of order) {
      const columns = mustFind(columnsOf.get(table), `the columns of ${table}`).map(quoteIdent).join(", ");
      await write(`COPY public.${quoteIdent(table)} (${columns}) FROM stdin;\n`);
      const stream = client.query(copyTo(`COPY public.${quoteIdent(table)} (${columns}) TO STDOUT`));
      for await (const chunk of stream) await write(chunk as Buffer);
      await write("\\.\n");
      rows[table] = stream.rowCount;
      progress(`${table}: ${stream.rowCount} dòng`);
    }
    for (const s of await listSequences(client)) {
      const n = (v: string) => BigInt(v).toString();
      await write(
        `CREATE SEQUENCE IF NOT EXISTS public.${quoteIdent(s.sequence)} INCREMENT BY ${n(s.increment)} MINVALUE ${n(s.min)} MAXVALUE ${n(s.max)} START WITH ${n(s.start)} ${s.cycle ? "CYCLE" : "NO CYCLE"};\n`,
      );
      if (s.value !== null)
        await write(`SELECT pg_catalog.setval('public.${quoteIdent(s.sequence)}', ${n(s.value)}, true);\n`);
    }
    await write(`${BACKUP_END}\n`);
    await client.query("commit");
    gzip.end();
    await once(out, "finish");
    await rename(partial, file);
    return { header, rows };
  } catch (err) {
    gzip.destroy();
    await rm(partial, { force: true });
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export class RestoreRefused extends Error {}

/**
 * Restores a backup into an EMPTY database (a fresh DATA_DIR, or a new empty DATABASE_URL): migrates it to the
 * backup's migrations, copies every table in one transaction, sets the sequences, then applies the migrations
 * this version has beyond the backup's. A database with requests or tokens in it is refused: nothing is merged.
 */
export async function restoreBackup(
  pool: pg.Pool,
  file: string,
  progress: (line: string) => void = () => {},
  knownMigrations?: string[],
): Promise<{ header: BackupHeader; rows: Record<string, number>; laterMigrations: string[] }> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done || !first.value.startsWith(BACKUP_MAGIC))
    throw new RestoreRefused(`${file} không phải một bản sao lưu phoihop`);
  const header = JSON.parse(first.value.slice(BACKUP_MAGIC.length)) as BackupHeader;
  if (header.format !== 1) throw new RestoreRefused(`định dạng sao lưu ${header.format} không được hỗ trợ`);
  if (knownMigrations) {
    const unknown = header.migrations.filter((m) => !knownMigrations.includes(m));
    if (unknown.length)
      throw new RestoreRefused(
        `bản sao lưu được ghi bởi một phiên bản mới hơn (migration ${unknown.join(", ")}); hãy cài phiên bản đó để khôi phục`,
      );
  }
  if ((await countRequestsAndDocuments(pool)) > 0)
    throw new RestoreRefused(
      "cơ sở dữ liệu đích đã có dữ liệu (yêu cầu hoặc mã truy cập); chỉ khôi phục vào một cơ sở dữ liệu trống (DATA_DIR mới, hoặc DATABASE_URL của một cơ sở dữ liệu mới)",
    );
  await migrate(pool, undefined, { only: header.migrations });
  const rows: Record<string, number> = {};
  const client = await pool.connect();
  let ended = false;
  try {
    await client.query("begin");
    // Seeding at an earlier start of this database (the registry, built-in templates) is replaced by the backup's.
    const tables = header.tables.map((t) => `public.${quoteIdent(t)}`).join(", ");
    if (tables) await client.query(`truncate ${tables} restart identity cascade`);
    for (let next = await it.next(); !next.done; next = await it.next()) {
      const line = next.value;
      if (line === BACKUP_END) {
        ended = true;
        break;
      }
      const quoted = line.match(/^COPY public\."((?:[^"]|"")+)" \(.*\) FROM stdin;$/)?.[1];
      if (quoted !== undefined) {
        const table = quoted.replaceAll('""', '"');
        const stream = client.query(copyFrom(line.replace(/ FROM stdin;$/, " FROM STDIN")));
        for (let row = await it.next(); ; row = await it.next()) {
          if (row.done) throw new RestoreRefused(`bản sao lưu bị cắt ngang giữa bảng ${table}`);
          if (row.value === "\\.") break;
          if (!stream.write(`${row.value}\n`)) await once(stream, "drain");
        }
        stream.end();
        await once(stream, "finish");
        rows[table] = stream.rowCount;
        progress(`${table}: ${stream.rowCount} dòng`);
        continue;
      }
      if (
        /^CREATE SEQUENCE IF NOT EXISTS public\."(?:[^"]|"")+"(?: [A-Z]+(?: BY| WITH)? -?\d+)+ (?:NO )?CYCLE;$/.test(
          line,
        )
      ) {
        await client.query(line);
        continue;
      }
      const setval = line.match(/^SELECT pg_catalog\.setval\('(public\."(?:[^"]|"")+")', (\d+), true\);$/);
      if (setval) {
        await client.query("select pg_catalog.setval($1::regclass, $2, true)", [setval[1], setval[2]]);
        continue;
      }
      if (line.trim() !== "")
        throw new RestoreRefused(`dòng không đọc được trong bản sao lưu: ${line.slice(0, 80)}`);
    }
    if (!ended)
      throw new RestoreRefused("bản sao lưu bị cắt ngang (thiếu dòng kết thúc); không khôi phục gì");
    await client.query("commit");
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.release();
    lines.close();
  }
  const laterMigrations = await migrate(pool);
  return { header, rows, laterMigrations };
}
