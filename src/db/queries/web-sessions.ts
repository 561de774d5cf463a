import type { Principal } from "../../auth/tokens.js";
import { type Db, prepared } from "../db.js";
import { PRINCIPAL_COLUMNS, PRINCIPAL_LIVE, PRINCIPAL_SOURCES } from "./api-tokens.js";

/** Stores a new session for `hours` (the expired ones are swept first, so the table holds only live ones). */
export async function insertWebSession(
  db: Db,
  s: { keyHash: string; tokenId: string; csrf: string; hours: number },
): Promise<void> {
  await db.query("delete from web_sessions where expires_at < now()");
  await db.query(
    `insert into web_sessions (key_hash, token_id, csrf, expires_at)
     values ($1, $2, $3, now() + make_interval(hours => $4))`,
    [s.keyHash, s.tokenId, s.csrf, s.hours],
  );
}

/**
 * The live session's principal and CSRF secret (unexpired, its token still live), with what every page's header and
 * pickers need: the user's unread notifications (null for a token that names no user) and registry_version.
 */
export async function findWebSession(
  db: Db,
  keyHash: string,
): Promise<(Principal & { csrf: string; unread: number | null; registryVersion: string }) | undefined> {
  // Named: every page view runs it.
  const { rows } = await db.query<
    Principal & { csrf: string; unread: number | null; registryVersion: string }
  >(
    prepared(
      `select ${PRINCIPAL_COLUMNS}, s.csrf,
              case when u.id is null then null else
                (select count(*)::int from notifications n where n.user_id = u.id and n.read_at is null) end as unread,
              (select v.n::text from registry_version v) as "registryVersion"
         from ${PRINCIPAL_SOURCES} join web_sessions s on s.token_id = t.id
        where s.key_hash = $1 and s.expires_at > now() and ${PRINCIPAL_LIVE}`,
      [keyHash],
    ),
  );
  return rows[0];
}

export async function deleteWebSession(db: Db, keyHash: string): Promise<void> {
  await db.query("delete from web_sessions where key_hash = $1", [keyHash]);
}
