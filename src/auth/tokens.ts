import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/db.js";
import { findLivePrincipalByHash, insertApiToken, touchApiToken } from "../db/queries/api-tokens.js";
import type { Role } from "../domain/request-state.js";
import type { Clock } from "../runtime/clock.js";

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
  const id = await insertApiToken(db, {
    committeeId: params.committeeId,
    roles: params.roles,
    tokenHash: hashToken(token),
    label: params.label ?? "",
    userId: params.userId ?? null,
  });
  return { id, token };
}

// Tokens are looked up on every call; a verdict is kept this long, so a revocation takes effect within it.
export const PRINCIPAL_CACHE_MS = 5_000;
const principalMemo = new WeakMap<object, Map<string, { principal: Principal; until: number }>>();

/** The memoised principal of a token checked in the last PRINCIPAL_CACHE_MS, without asking the database. */
export function memoisedPrincipal(pool: Db, token: string, clock: Clock): Principal | undefined {
  const hit = principalMemo.get(pool)?.get(token);
  return hit && hit.until > clock.now().getTime() ? hit.principal : undefined;
}

/** findPrincipalByToken with a short per-pool memo (valid tokens only; unknown ones always go to the database). */
export async function findPrincipalCached(
  pool: Db,
  token: string,
  clock: Clock,
): Promise<Principal | undefined> {
  const now = clock.now().getTime();
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

export async function findPrincipalByToken(db: Db, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await findLivePrincipalByHash(db, hashToken(token));
  if (!row) return undefined;
  // "Last used" to the minute is enough; writing it on every call would cost a write per request.
  if (row.stale) await touchApiToken(db, row.tokenId);
  const { stale: _, ...principal } = row;
  return principal;
}
