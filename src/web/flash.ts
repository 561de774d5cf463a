import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

// "Done" messages after a post. They travel in a short-lived cookie set by the redirect and read (and cleared) by the
// next page, never in the URL: a link cannot make this site show words it did not say.

const FLASH_COOKIE = "phoihop_flash";

export function redirectWithFlash(c: Context, path: string, text: string): Response {
  setCookie(c, FLASH_COOKIE, encodeURIComponent(text), {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    maxAge: 60,
  });
  return c.redirect(path, 303);
}

/** The message a redirect left for this page, once. */
export function takeFlash(c: Context): string | undefined {
  const raw = getCookie(c, FLASH_COOKIE);
  if (raw === undefined) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: "/" });
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
