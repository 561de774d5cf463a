import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { mustFind } from "../db/db.js";
import { findEffectiveTemplate, findTemplateBytes } from "../db/queries/templates.js";
import type { Clock } from "../runtime/clock.js";

export interface TemplateVersion {
  id: string;
  name: string;
  version: number;
  bytes: Buffer;
}

const BUILT_IN_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

/**
 * Which template bytes render a committee's document: its own active version, else the built-in one. Bytes are
 * cached by version id (versions are immutable); a docxtemplater instance is never reused (it renders once).
 */
// Which version is in effect is looked up at most this often (by the process's clock): an activation reaches the
// workers within it.
const EFFECTIVE_TTL_MS = 5_000;

export function createTemplateStore(db: pg.Pool, clock: Clock) {
  const bytesById = new Map<string, Promise<Buffer>>();
  const effective = new Map<
    string,
    { at: number; row: Promise<Awaited<ReturnType<typeof findEffectiveTemplate>>> }
  >();
  const lookup = (committeeId: number | null, name: string) => {
    const key = `${committeeId ?? 0}:${name}`;
    const hit = effective.get(key);
    const now = clock.now().getTime();
    if (hit && now - hit.at < EFFECTIVE_TTL_MS) return hit.row;
    const row = findEffectiveTemplate(db, committeeId, name);
    effective.set(key, { at: now, row });
    return row;
  };
  return {
    async load(committeeId: number | null, name: string): Promise<TemplateVersion> {
      const row = await lookup(committeeId, name);
      if (!row) throw new Error(`no active template named ${name}`);
      let bytes = bytesById.get(row.id);
      if (!bytes) {
        bytes = findTemplateBytes(db, row.id).then((b) => mustFind(b, `the bytes of template ${row.id}`));
        bytesById.set(row.id, bytes);
      }
      return { id: row.id, name, version: row.version, bytes: await bytes };
    },
  };
}
export type TemplateStore = ReturnType<typeof createTemplateStore>;

/** The layouts shipped in templates/ (one .docx per layout). */
// The shipped layouts do not change while the service runs: the folder is read once.
let builtInNames: Promise<string[]> | undefined;

export function builtInTemplateNames(): Promise<string[]> {
  builtInNames ??= readdir(BUILT_IN_DIR).then((files) =>
    files
      .filter((f) => f.endsWith(".docx"))
      .map((f) => f.slice(0, -5))
      .sort(),
  );
  return builtInNames;
}

/** The bytes of a shipped layout, as templates/ holds them. */
export function builtInTemplateBytes(name: string): Promise<Buffer> {
  return readFile(`${BUILT_IN_DIR}${name}.docx`);
}
