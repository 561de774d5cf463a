import { type Db, firstRow } from "../db.js";

export interface TemplateRow {
  id: string;
  committeeId: number | null;
  committee: string | null;
  name: string;
  version: number;
  sha256: string;
  size: number;
  tags: string[];
  active: boolean;
  note: string;
  uploadedBy: string | null;
  uploadedAt: Date;
  activatedAt: Date | null;
}

const COLUMNS = `t.id, t.committee_id as "committeeId", c.code as committee, t.name, t.version, t.sha256, t.size, t.tags,
  t.active, t.note, t.uploaded_by as "uploadedBy", t.uploaded_at as "uploadedAt", t.activated_at as "activatedAt"`;
const FROM = "templates t left join committees c on c.id = t.committee_id";

/** The versions a committee can see for a name: its own and the built-in ones, newest first. */
export async function listTemplateVersions(
  db: Db,
  committeeId: number,
  name?: string,
): Promise<TemplateRow[]> {
  const { rows } = await db.query<TemplateRow>(
    `select ${COLUMNS} from ${FROM}
      where (t.committee_id is null or t.committee_id = $1) and ($2::text is null or t.name = $2)
      order by t.name, t.committee_id nulls first, t.version desc`,
    [committeeId, name ?? null],
  );
  return rows;
}

/** The version that renders a committee's documents: its own active one, else the active built-in. */
export async function findEffectiveTemplate(
  db: Db,
  committeeId: number | null,
  name: string,
): Promise<TemplateRow | undefined> {
  const { rows } = await db.query<TemplateRow>(
    `select ${COLUMNS} from ${FROM}
      where t.name = $2 and t.active and (t.committee_id = $1 or t.committee_id is null)
      order by t.committee_id nulls last limit 1`,
    [committeeId, name],
  );
  return rows[0];
}

export async function findTemplateVersion(
  db: Db,
  scope: number | null,
  name: string,
  version: number,
): Promise<(TemplateRow & { bytes: Buffer }) | undefined> {
  const { rows } = await db.query<TemplateRow & { bytes: Buffer }>(
    `select ${COLUMNS}, t.bytes from ${FROM}
      where coalesce(t.committee_id, 0) = coalesce($1::int, 0) and t.name = $2 and t.version = $3`,
    [scope, name, version],
  );
  return rows[0];
}

export interface NewTemplateVersion {
  committeeId: number | null;
  name: string;
  bytes: Buffer;
  sha256: string;
  tags: string[];
  note: string;
  uploadedBy: string | null;
}

/** Adds the next version for (committee, name); the caller holds the (committee, name) lock. */
export async function insertTemplateVersion(db: Db, t: NewTemplateVersion): Promise<TemplateRow> {
  const { rows } = await db.query<{ id: string }>(
    `insert into templates (committee_id, name, version, bytes, sha256, size, tags, note, uploaded_by)
     select $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7, $8
       from templates where coalesce(committee_id, 0) = coalesce($1::int, 0) and name = $2
     returning id`,
    [t.committeeId, t.name, t.bytes, t.sha256, t.bytes.length, JSON.stringify(t.tags), t.note, t.uploadedBy],
  );
  const { rows: full } = await db.query<TemplateRow>(`select ${COLUMNS} from ${FROM} where t.id = $1`, [
    firstRow(rows, "the inserted template").id,
  ]);
  return firstRow(full, "the inserted template");
}

/** Makes one version the active one of its (committee, name); the others there become inactive. */
export async function activateTemplateVersion(db: Db, id: string): Promise<void> {
  // Two statements: the one-active unique index is checked row by row, so the old one must go first.
  await db.query(
    `update templates t set active = false from templates target
      where target.id = $1 and coalesce(t.committee_id, 0) = coalesce(target.committee_id, 0)
        and t.name = target.name and t.active and t.id <> $1`,
    [id],
  );
  await db.query("update templates set active = true, activated_at = now() where id = $1", [id]);
}

/** A committee goes back to the built-in version: none of its own versions stays active. */
export async function deactivateCommitteeTemplates(db: Db, committeeId: number, name: string): Promise<void> {
  await db.query("update templates set active = false where committee_id = $1 and name = $2", [
    committeeId,
    name,
  ]);
}

export async function lockTemplateName(db: Db, committeeId: number | null, name: string): Promise<void> {
  await db.query("select pg_advisory_xact_lock(hashtext($1))", [`template:${committeeId ?? 0}:${name}`]);
}

export async function findTemplateBytes(db: Db, id: string): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ bytes: Buffer }>("select bytes from templates where id = $1", [id]);
  return rows[0]?.bytes;
}

export async function findBuiltInBySha(
  db: Db,
  name: string,
  sha256: string,
): Promise<TemplateRow | undefined> {
  const { rows } = await db.query<TemplateRow>(
    `select ${COLUMNS} from ${FROM} where t.committee_id is null and t.name = $1 and t.sha256 = $2`,
    [name, sha256],
  );
  return rows[0];
}
