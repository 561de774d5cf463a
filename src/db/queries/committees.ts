import type { CommitteeSeed, CommitteeVersionSeed } from "../seed/committee-registry.js";
import { type Db, firstRow, mustFind, prepared } from "../db.js";

export interface Committee {
  id: number;
  code: string;
  level: "central" | "province" | "commune";
  issuerAbbr: string;
  email: string;
  styleProfile: string;
  /** Fields that still hold the seed's placeholder (an admin has not entered them yet). */
  placeholderFields: string[];
  /** The committee wants the .docx attached beside the PDF in its letters. */
  attachDocx: boolean;
}

/** A committee as it stood on a date: the names, header and signer valid then. */
export interface CommitteeOnDate extends Committee, CommitteeVersionSeed {}

const COMMITTEE_COLUMNS = `c.id, c.code, c.level, c.issuer_abbr as "issuerAbbr", c.email, c.style_profile as "styleProfile",
  c.placeholder_fields as "placeholderFields", c.mail_attach_docx as "attachDocx"`;
const VERSION_COLUMNS = `to_char(v.valid_from, 'YYYY-MM-DD') as "validFrom", to_char(v.valid_to, 'YYYY-MM-DD') as "validTo",
  v.name, v.short_name as "shortName", v.superior_line as "superiorLine", v.issuer_line as "issuerLine",
  v.place_name as "placeName", v.signer_name as "signerName", v.signer_title as "signerTitle"`;

export async function findCommitteeByCode(db: Db, code: string): Promise<Committee | undefined> {
  const { rows } = await db.query<Committee>(
    `select ${COMMITTEE_COLUMNS} from committees c where c.code = $1`,
    [code],
  );
  return rows[0];
}

// Codes and ids never change once a committee exists, so the lookup on the intake path is memoised per pool.
const byCodeMemo = new WeakMap<object, Map<string, Committee>>();

export async function findCommitteeByCodeCached(
  pool: Db,
  code: string,
): Promise<Pick<Committee, "id" | "code"> | undefined> {
  let memo = byCodeMemo.get(pool);
  if (!memo) {
    memo = new Map();
    byCodeMemo.set(pool, memo);
  }
  const hit = memo.get(code);
  if (hit) return hit;
  const found = await findCommitteeByCode(pool, code);
  if (found) memo.set(code, found);
  return found;
}

/** The committee's entry in force on `date` (no row when it has none); both are parameters or columns. */
export const committeeOnDateSql = (id: string, date: string) =>
  `select ${COMMITTEE_COLUMNS}, ${VERSION_COLUMNS}
     from committees c join committee_versions v on v.committee_id = c.id
    where c.id = ${id} and v.valid_from <= ${date}::date and (v.valid_to is null or v.valid_to >= ${date}::date)`;

export async function findCommitteeOnDate(
  db: Db,
  id: number,
  date: string,
): Promise<CommitteeOnDate | undefined> {
  const { rows } = await db.query<CommitteeOnDate>(prepared(committeeOnDateSql("$1", "$2"), [id, date]));
  return rows[0];
}

/** Several committees as they stood on `date`, by id (those with no entry in force then are absent). */
export async function findCommitteesOnDate(
  db: Db,
  ids: number[],
  date: string,
): Promise<Map<number, CommitteeOnDate>> {
  const { rows } = await db.query<CommitteeOnDate>(committeeOnDateSql("any($1::int[])", "$2"), [ids, date]);
  return new Map(rows.map((c) => [c.id, c]));
}

export async function listCommitteesOnDate(db: Db, date: string): Promise<CommitteeOnDate[]> {
  const { rows } = await db.query<CommitteeOnDate>(
    `select ${COMMITTEE_COLUMNS}, ${VERSION_COLUMNS}
       from committees c join committee_versions v on v.committee_id = c.id
      where v.valid_from <= $1::date and (v.valid_to is null or v.valid_to >= $1::date)
        and c.valid_from <= $1::date and (c.valid_to is null or c.valid_to >= $1::date)
      order by c.level, c.id`,
    [date],
  );
  return rows;
}

/**
 * Seeding never overwrites: a committee already present (maybe with real, imported data) keeps its data; only the
 * name versions it lacks (the pre-2025 names, for a registry seeded before the history existed) are added.
 */
export async function insertCommitteeIfMissing(db: Db, seed: CommitteeSeed): Promise<boolean> {
  const { rows } = await db.query<{ id: number }>(
    `insert into committees (code, level, issuer_abbr, email, valid_from, valid_to, placeholder_fields)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (code) do nothing returning id`,
    [
      seed.code,
      seed.level,
      seed.issuerAbbr,
      seed.email,
      seed.validFrom,
      seed.validTo,
      seed.placeholderFields,
    ],
  );
  const id = rows[0]?.id ?? mustFind(await findCommitteeByCode(db, seed.code), `committee ${seed.code}`).id;
  for (const v of seed.versions) await insertCommitteeVersion(db, id, v);
  return rows.length > 0;
}

/** The merger link of a seeded unit, once both ends exist. */
export async function insertSuccessionIfMissing(
  db: Db,
  s: { predecessor: string; successor: string; effectiveOn: string; source: string },
): Promise<void> {
  await db.query(
    `insert into committee_successions (predecessor_id, successor_id, effective_on, source)
     select p.id, n.id, $3, $4 from committees p, committees n where p.code = $1 and n.code = $2
     on conflict do nothing`,
    [s.predecessor, s.successor, s.effectiveOn, s.source],
  );
}

export async function insertCommitteeVersion(
  db: Db,
  committeeId: number,
  v: CommitteeVersionSeed,
): Promise<void> {
  await db.query(
    `insert into committee_versions (committee_id, valid_from, valid_to, name, short_name, superior_line,
       issuer_line, place_name, signer_name, signer_title)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing`,
    [
      committeeId,
      v.validFrom,
      v.validTo,
      v.name,
      v.shortName,
      v.superiorLine,
      v.issuerLine,
      v.placeName,
      v.signerName,
      v.signerTitle,
    ],
  );
}

export interface CommitteeUpdate {
  code: string;
  email?: string | undefined;
  issuerAbbr?: string | undefined;
  styleProfile?: string | undefined;
  signerName?: string | undefined;
  signerTitle?: string | undefined;
  placeName?: string | undefined;
  attachDocx?: boolean | undefined;
}

/** Contact and issuer data apply from now on; signer and place edit the version that is current. */
export async function updateCommittee(db: Db, u: CommitteeUpdate): Promise<boolean> {
  // A field an admin sets to a new value is no longer the seed's placeholder (the web form posts every field
  // back, so an unchanged address stays marked).
  const { rowCount } = await db.query(
    `update committees set email = coalesce($2, email), issuer_abbr = coalesce($3, issuer_abbr),
       style_profile = coalesce($4, style_profile), mail_attach_docx = coalesce($6, mail_attach_docx),
       placeholder_fields = array(select unnest(placeholder_fields) except
         select unnest(array[case when $2 is not null and $2 <> email then 'email' end,
                             case when $5::text is not null then 'signerName' end])),
       updated_at = now() where code = $1`,
    [
      u.code,
      u.email ?? null,
      u.issuerAbbr ?? null,
      u.styleProfile ?? null,
      u.signerName ?? null,
      u.attachDocx ?? null,
    ],
  );
  if (!rowCount) return false;
  await db.query(
    `update committee_versions v set signer_name = coalesce($2, signer_name), signer_title = coalesce($3, signer_title),
       place_name = coalesce($4, place_name)
      from committees c where c.id = v.committee_id and c.code = $1 and v.valid_to is null`,
    [u.code, u.signerName ?? null, u.signerTitle ?? null, u.placeName ?? null],
  );
  return true;
}

// ---------- The registry's history (central admin: add, end, merge, rename) ----------

export interface CommitteeValidity {
  id: number;
  code: string;
  level: Committee["level"];
  validFrom: string;
  validTo: string | null;
}

export async function findCommitteeValidity(db: Db, code: string): Promise<CommitteeValidity | undefined> {
  const { rows } = await db.query<CommitteeValidity>(
    `select id, code, level, to_char(valid_from, 'YYYY-MM-DD') as "validFrom", to_char(valid_to, 'YYYY-MM-DD') as "validTo"
       from committees where code = $1 for update`,
    [code],
  );
  return rows[0];
}

export async function insertCommittee(
  db: Db,
  c: { code: string; level: "province" | "commune"; issuerAbbr: string; email: string; validFrom: string },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into committees (code, level, issuer_abbr, email, valid_from) values ($1, $2, $3, $4, $5) returning id`,
    [c.code, c.level, c.issuerAbbr, c.email, c.validFrom],
  );
  return firstRow(rows, "the inserted committee").id;
}

/** The unit's last day: the unit and every version still open on it end then. */
export async function endCommittee(db: Db, id: number, validTo: string): Promise<void> {
  await db.query("update committees set valid_to = $2, updated_at = now() where id = $1", [id, validTo]);
  await db.query(
    "update committee_versions set valid_to = $2 where committee_id = $1 and (valid_to is null or valid_to > $2)",
    [id, validTo],
  );
}

/** The version a new name replaces: it ends the day before `from`. Returns it (to copy its signer and header). */
export async function closeVersionBefore(
  db: Db,
  id: number,
  from: string,
): Promise<CommitteeVersionSeed | undefined> {
  const { rows } = await db.query<CommitteeVersionSeed>(
    `update committee_versions v set valid_to = ($2::date - 1)
      where v.committee_id = $1 and v.valid_from < $2::date and (v.valid_to is null or v.valid_to >= $2::date)
      returning ${VERSION_COLUMNS}`,
    [id, from],
  );
  return rows[0];
}

export async function latestVersionStart(db: Db, id: number): Promise<string | null> {
  const { rows } = await db.query<{ from: string | null }>(
    `select to_char(max(valid_from), 'YYYY-MM-DD') as from from committee_versions where committee_id = $1`,
    [id],
  );
  return rows[0]?.from ?? null;
}

export async function insertSuccession(
  db: Db,
  s: { predecessorId: number; successorId: number; effectiveOn: string; source: string },
): Promise<void> {
  await db.query(
    `insert into committee_successions (predecessor_id, successor_id, effective_on, source) values ($1, $2, $3, $4)`,
    [s.predecessorId, s.successorId, s.effectiveOn, s.source],
  );
}

export type RegistryAction = "add" | "end" | "merge" | "rename";

export async function insertRegistryChange(
  db: Db,
  c: {
    committeeId: number;
    action: RegistryAction;
    detail: object;
    actorTokenId: string;
    actorCommitteeId: number;
  },
): Promise<void> {
  await db.query(
    `insert into committee_registry_changes (committee_id, action, detail, actor_token_id, actor_committee_id)
     values ($1, $2, $3, $4, $5)`,
    [c.committeeId, c.action, JSON.stringify(c.detail), c.actorTokenId, c.actorCommitteeId],
  );
}

/** A unit's whole history: its validity, its names over time, its mergers both ways, and the audited changes. */
export async function findCommitteeHistory(db: Db, code: string) {
  const unit = await db.query<CommitteeValidity>(
    `select id, code, level, to_char(valid_from, 'YYYY-MM-DD') as "validFrom", to_char(valid_to, 'YYYY-MM-DD') as "validTo"
       from committees where code = $1`,
    [code],
  );
  const c = unit.rows[0];
  if (!c) return undefined;
  const [versions, successions, changes] = await Promise.all([
    db.query<CommitteeVersionSeed>(
      `select ${VERSION_COLUMNS} from committee_versions v where v.committee_id = $1 order by v.valid_from`,
      [c.id],
    ),
    db.query<{ predecessor: string; successor: string; effectiveOn: string; source: string }>(
      `select p.code as predecessor, n.code as successor, to_char(s.effective_on, 'YYYY-MM-DD') as "effectiveOn", s.source
         from committee_successions s join committees p on p.id = s.predecessor_id join committees n on n.id = s.successor_id
        where $1 in (s.predecessor_id, s.successor_id) order by p.code`,
      [c.id],
    ),
    db.query<{
      action: string;
      detail: object;
      at: Date;
      actorCommittee: string | null;
      actorTokenId: string | null;
    }>(
      `select x.action, x.detail, x.at, ac.code as "actorCommittee", x.actor_token_id as "actorTokenId"
         from committee_registry_changes x left join committees ac on ac.id = x.actor_committee_id
        where x.committee_id = $1 order by x.id`,
      [c.id],
    ),
  ]);
  const { id: _id, ...validity } = c;
  return { ...validity, versions: versions.rows, successions: successions.rows, changes: changes.rows };
}

/** Whether the registry had the committee on at least one day of `from`..`to` (the period a figure is for). */
export async function committeeValidDuring(db: Db, id: number, from: string, to: string): Promise<boolean> {
  const { rows } = await db.query(
    "select 1 from committees where id = $1 and valid_from <= $3::date and (valid_to is null or valid_to >= $2::date)",
    [id, from, to],
  );
  return rows.length > 0;
}

/** Every unit but the central committee with its validity: what an import checks its rows against. */
export async function listUnitValidities(db: Db): Promise<CommitteeValidity[]> {
  const { rows } = await db.query<CommitteeValidity>(
    `select id, code, level, to_char(valid_from, 'YYYY-MM-DD') as "validFrom", to_char(valid_to, 'YYYY-MM-DD') as "validTo"
       from committees where level <> 'central'`,
  );
  return rows;
}
