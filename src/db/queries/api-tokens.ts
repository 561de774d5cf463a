import type { Principal } from "../../auth/tokens.js";
import type { Role } from "../../domain/request-state.js";
import { type Db, firstRow } from "../db.js";

/** The principal of a token `t` (shared with the web sessions, which name a token). */
export const PRINCIPAL_COLUMNS = `t.id as "tokenId", t.committee_id as "committeeId", c.code as "committeeCode",
            coalesce(u.roles, t.roles) as roles, u.id as "userId", u.name as "userName"`;
export const PRINCIPAL_SOURCES = `api_tokens t join committees c on c.id = t.committee_id
       left join users u on u.id = t.user_id`;
/** A token naming a user takes the user's current roles; a revoked token or a disabled user's token is dead. */
export const PRINCIPAL_LIVE = "t.revoked_at is null and (t.user_id is null or u.disabled_at is null)";

export async function insertApiToken(
  db: Db,
  t: { committeeId: number; roles: Role[]; tokenHash: string; label: string; userId: string | null },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into api_tokens (committee_id, roles, token_hash, label, user_id)
     values ($1, $2, $3, $4, $5) returning id`,
    [t.committeeId, t.roles, t.tokenHash, t.label, t.userId],
  );
  return firstRow(rows, "the inserted API token").id;
}

/** The principal of a live token by its hash; `stale` when its "last used" is older than a minute. */
export async function findLivePrincipalByHash(
  db: Db,
  tokenHash: string,
): Promise<(Principal & { stale: boolean }) | undefined> {
  const { rows } = await db.query<Principal & { stale: boolean }>(
    `select ${PRINCIPAL_COLUMNS},
            (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as stale
       from ${PRINCIPAL_SOURCES}
      where t.token_hash = $1 and ${PRINCIPAL_LIVE}`,
    [tokenHash],
  );
  return rows[0];
}

export async function touchApiToken(db: Db, tokenId: string): Promise<void> {
  await db.query("update api_tokens set last_used_at = now() where id = $1", [tokenId]);
}

export async function revokeApiToken(db: Db, tokenId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "update api_tokens set revoked_at = now() where id = $1 and revoked_at is null",
    [tokenId],
  );
  return (rowCount ?? 0) > 0;
}

export async function countApiTokens(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>("select count(*)::int as n from api_tokens");
  return firstRow(rows, "the API token count").n;
}

/** Held until the transaction ends: one process at a time decides whether the first token is to be made. */
export async function lockTokenBootstrap(tx: Db): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(7210483002)");
}
