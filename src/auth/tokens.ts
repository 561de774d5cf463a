import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/db.js";
import type { Role } from "../domain/request-state.js";

const TOKEN_PREFIX = "php_";

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** Tokens are 256 random bits, so a plain SHA-256 is enough at rest (no password stretching needed). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface Principal {
  tokenId: string;
  committeeId: number;
  committeeCode: string;
  roles: Role[];
  /** The person the token acts as; null for tokens made before people existed (and the bootstrap token). */
  userId: string | null;
  userName: string | null;
}

export async function createApiToken(
  db: Db,
  params: { committeeId: number; roles: Role[]; label?: string; userId?: string | null },
): Promise<{ id: string; token: string }> {
  const token = generateToken();
  const { rows } = await db.query<{ id: string }>(
    `insert into api_tokens (committee_id, roles, token_hash, label, user_id)
     values ($1, $2, $3, $4, $5) returning id`,
    [params.committeeId, params.roles, hashToken(token), params.label ?? "", params.userId ?? null],
  );
  return { id: rows[0]!.id, token };
}

// Tokens are looked up on every call; a verdict is kept this long, so a revocation takes effect within it.
export const PRINCIPAL_CACHE_MS = 5_000;
const principalMemo = new WeakMap<object, Map<string, { principal: Principal; until: number }>>();

/** The memoised principal of a token checked in the last PRINCIPAL_CACHE_MS, without asking the database. */
export function memoisedPrincipal(pool: Db, token: string, now = Date.now()): Principal | undefined {
  const hit = principalMemo.get(pool)?.get(token);
  return hit && hit.until > now ? hit.principal : undefined;
}

/** findPrincipalByToken with a short per-pool memo (valid tokens only; unknown ones always go to the database). */
export async function findPrincipalCached(
  pool: Db,
  token: string,
  now = Date.now(),
): Promise<Principal | undefined> {
  let memo = principalMemo.get(pool);
  if (!memo) {
    memo = new Map();
    principalMemo.set(pool, memo);
  }
  const hit = memo.get(token);
  if (hit && hit.until > now) return hit.principal;
  const principal = await findPrincipalByToken(pool, token);
  if (principal) {
    if (memo.size > 10_000) memo.clear();
    memo.set(token, { principal, until: now + PRINCIPAL_CACHE_MS });
  } else memo.delete(token);
  return principal;
}

/** The principal of a token `t` (shared with the web sessions, which name a token). */
export const PRINCIPAL_COLUMNS = `t.id as "tokenId", t.committee_id as "committeeId", c.code as "committeeCode",
            coalesce(u.roles, t.roles) as roles, u.id as "userId", u.name as "userName"`;
export const PRINCIPAL_SOURCES = `api_tokens t join committees c on c.id = t.committee_id
       left join users u on u.id = t.user_id`;
/** A token naming a user takes the user's current roles; a revoked token or a disabled user's token is dead. */
export const PRINCIPAL_LIVE = "t.revoked_at is null and (t.user_id is null or u.disabled_at is null)";

export async function findPrincipalByToken(db: Db, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const { rows } = await db.query<Principal & { stale: boolean }>(
    `select ${PRINCIPAL_COLUMNS},
            (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as stale
       from ${PRINCIPAL_SOURCES}
      where t.token_hash = $1 and ${PRINCIPAL_LIVE}`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) return undefined;
  // "Last used" to the minute is enough; writing it on every call would cost a write per request.
  if (row.stale) await db.query("update api_tokens set last_used_at = now() where id = $1", [row.tokenId]);
  const { stale: _, ...principal } = row;
  return principal;
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
  return rows[0]!.n;
}
