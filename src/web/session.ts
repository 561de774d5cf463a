import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ClientInfo } from "../http/client-address.js";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { findPrincipalByToken, type Principal } from "../auth/tokens.js";
import type { Db } from "../db/db.js";
import { deleteWebSession, findWebSession, insertWebSession } from "../db/queries/web-sessions.js";
import { type ApiFetcher, apiClient } from "./api-client.js";
import type { WebEnv } from "./context.js";

export const SESSION_COOKIE = "phoihop_session";
/** A working day and then some; signing in again after that is the price of a shared office computer. */
export const SESSION_HOURS = 12;

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

export interface Session {
  principal: Principal;
  csrf: string;
  /** Unread notifications of the session's user; undefined for a token that names no user. */
  unread: number | undefined;
  /** registry_version: changes whenever the committee registry does (pages cache the registry under it). */
  registryVersion: string;
}

/** The live principal a token typed at sign-in names (the token store's own check, never memoised). */
export async function findSignInPrincipal(db: Db, token: string): Promise<Principal | undefined> {
  return findPrincipalByToken(db, token);
}

export async function openSession(db: Db, tokenId: string): Promise<{ key: string; csrf: string }> {
  const key = randomBytes(32).toString("base64url");
  const csrf = randomBytes(24).toString("base64url");
  await insertWebSession(db, { keyHash: hashKey(key), tokenId, csrf, hours: SESSION_HOURS });
  return { key, csrf };
}

/** The session, with what every page's header and pickers need: one round trip per page view. */
export async function findSession(db: Db, key: string): Promise<Session | undefined> {
  const row = await findWebSession(db, hashKey(key));
  if (!row) return undefined;
  const { csrf, unread, registryVersion, ...principal } = row;
  return { principal, csrf, unread: unread ?? undefined, registryVersion };
}

export async function closeSession(db: Db, key: string): Promise<void> {
  await deleteWebSession(db, hashKey(key));
}

/** Served over TLS, directly or behind a proxy that says so: then the cookie is Secure. */
function overTls(c: Context): boolean {
  return clientInfo(c).proto === "https";
}

/** Proto and host as provideDeps derived them: X-Forwarded-* only from TRUSTED_PROXIES. */
function clientInfo(c: Context): ClientInfo {
  return (
    (c.get("client") as ClientInfo | undefined) ?? {
      address: "in-process",
      proto: "http",
      host: c.req.header("host"),
    }
  );
}

export function sessionKeyOf(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function setSessionCookie(c: Context, key: string): void {
  setCookie(c, SESSION_COOKIE, key, {
    httpOnly: true,
    sameSite: "Lax",
    secure: overTls(c),
    path: "/",
    maxAge: SESSION_HOURS * 3600,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: overTls(c) });
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A form post from another site is refused before anything else: browsers send Origin (and Sec-Fetch-Site) on
 * every POST, so a mismatch is a forged request. The per-session CSRF field is checked as well.
 */
export function crossSite(c: Context): boolean {
  if (c.req.header("sec-fetch-site") === "cross-site") return true;
  const origin = c.req.header("origin");
  if (!origin || origin === "null") return origin === "null";
  const host = clientInfo(c).host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** Reads the session cookie; sets the viewer, their CSRF secret and their API client when it names a live session. */
export function loadSession(app: ApiFetcher): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const key = sessionKeyOf(c);
    const session = key ? await findSession(c.get("deps").db, key) : undefined;
    c.set(
      "viewer",
      session && {
        ...session.principal,
        unread: session.unread,
        mailMode: c.get("deps").mailMode,
        registryVersion: session.registryVersion,
      },
    );
    if (session) {
      c.set("principal", session.principal);
      c.set("csrf", session.csrf);
      c.set("api", apiClient(app, session.principal, c.get("requestId")));
    }
    await next();
  };
}
