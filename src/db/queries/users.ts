import type { Role } from "../../domain/request-state.js";
import { type Db, firstRow } from "../db.js";

export interface UserRow {
  id: string;
  committeeId: number;
  committeeCode: string;
  name: string;
  email: string;
  roles: Role[];
  createdAt: Date;
  disabledAt: Date | null;
}

export interface NewUser {
  committeeId: number;
  name: string;
  email: string;
  roles: Role[];
}

/** The e-mail is stored lower-cased: one address per committee, whatever its case. */
export async function insertUser(db: Db, u: NewUser): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    "insert into users (committee_id, name, email, roles) values ($1, $2, lower($3), $4) returning id",
    [u.committeeId, u.name, u.email, u.roles],
  );
  return firstRow(rows, "the inserted user").id;
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `select u.id, u.committee_id as "committeeId", c.code as "committeeCode", u.name, u.email, u.roles,
            u.created_at as "createdAt", u.disabled_at as "disabledAt"
       from users u join committees c on c.id = u.committee_id
      where u.id = $1`,
    [id],
  );
  return rows[0];
}

export interface TokenSummary {
  id: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A committee's people with their tokens (never the tokens themselves: only their hashes are stored). */
export async function listUsersWithTokens(
  db: Db,
  committeeId: number,
): Promise<(UserRow & { tokens: TokenSummary[] })[]> {
  const { rows } = await db.query<UserRow & { tokens: TokenSummary[] }>(
    `select u.id, u.committee_id as "committeeId", c.code as "committeeCode", u.name, u.email, u.roles,
            u.created_at as "createdAt", u.disabled_at as "disabledAt",
            coalesce((select json_agg(json_build_object('id', t.id, 'label', t.label, 'createdAt', t.created_at,
                                                        'lastUsedAt', t.last_used_at, 'revokedAt', t.revoked_at)
                                      order by t.created_at desc)
                        from api_tokens t where t.user_id = u.id), '[]') as tokens
       from users u join committees c on c.id = u.committee_id
      where u.committee_id = $1
      order by u.disabled_at nulls first, u.name`,
    [committeeId],
  );
  return rows;
}

export async function updateUser(
  db: Db,
  id: string,
  change: { roles?: Role[] | undefined; disabled?: boolean | undefined },
): Promise<void> {
  await db.query(
    `update users set roles = coalesce($2, roles),
            disabled_at = case when $3::boolean is null then disabled_at
                               when $3 then coalesce(disabled_at, now()) else null end
      where id = $1`,
    [id, change.roles ?? null, change.disabled ?? null],
  );
}

export async function findTokenOfUser(db: Db, userId: string, tokenId: string): Promise<boolean> {
  const { rows } = await db.query("select 1 from api_tokens where id = $1 and user_id = $2", [
    tokenId,
    userId,
  ]);
  return rows.length > 0;
}
