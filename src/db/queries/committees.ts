import type { CommitteeSeed, CommitteeVersionSeed } from "../seed/committee-registry.js";
import type { Db } from "../db.js";

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

export async function findCommitteeOnDate(
  db: Db,
  id: number,
  date: string,
): Promise<CommitteeOnDate | undefined> {
  const { rows } = await db.query<CommitteeOnDate>(
    `select ${COMMITTEE_COLUMNS}, ${VERSION_COLUMNS}
       from committees c join committee_versions v on v.committee_id = c.id
      where c.id = $1 and v.valid_from <= $2::date and (v.valid_to is null or v.valid_to >= $2::date)`,
    [id, date],
  );
  return rows[0];
}

export async function listCommitteesOnDate(db: Db, date: string): Promise<CommitteeOnDate[]> {
  const { rows } = await db.query<CommitteeOnDate>(
    `select ${COMMITTEE_COLUMNS}, ${VERSION_COLUMNS}
       from committees c join committee_versions v on v.committee_id = c.id
      where v.valid_from <= $1::date and (v.valid_to is null or v.valid_to >= $1::date)
      order by c.level, c.id`,
    [date],
  );
  return rows;
}

/** Seeding never overwrites: a committee already present (maybe with real, imported data) is left alone. */
export async function insertCommitteeIfMissing(db: Db, seed: CommitteeSeed): Promise<boolean> {
  const { rows } = await db.query<{ id: number }>(
    `insert into committees (code, level, issuer_abbr, email, placeholder_fields) values ($1, $2, $3, $4, $5)
     on conflict (code) do nothing returning id`,
    [seed.code, seed.level, seed.issuerAbbr, seed.email, seed.placeholderFields],
  );
  const id = rows[0]?.id;
  if (id === undefined) return false;
  for (const v of seed.versions) await insertCommitteeVersion(db, id, v);
  return true;
}

async function insertCommitteeVersion(db: Db, committeeId: number, v: CommitteeVersionSeed): Promise<void> {
  await db.query(
    `insert into committee_versions (committee_id, valid_from, valid_to, name, short_name, superior_line,
       issuer_line, place_name, signer_name, signer_title)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
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
