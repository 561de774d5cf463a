import type { Context, MiddlewareHandler } from "hono";
import { CENTRAL_CODE } from "../domain/central-committee.js";
import type { Role } from "../domain/request-state.js";
import { hasControlCharacter } from "../domain/text.js";
import type { Principal } from "../auth/tokens.js";
import { limitBodySize } from "../http/body-size.js";
import { type ApiError, type ApiResult, errorOfResponse } from "./api-client.js";
import type { Viewer, WebEnv } from "./context.js";
import { crossSite, sameSecret } from "./session.js";

/** A page's trouble: rendered as a page with this status (not the API's JSON). */
export class PageError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 422 | 500 | 503,
    message: string,
  ) {
    super(message);
  }
}

export type PageStatus = PageError["status"];

/** What kind of refusal an API error is, by its envelope's `code` (never by the HTTP status it came with). */
export type Refusal =
  | "validation"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "unsupported"
  | "unprocessable"
  | "unavailable"
  | "internal";

export function refusalOf(error: ApiError): Refusal {
  switch (error.code) {
    case "invalid_json":
    case "validation_failed":
      return "validation";
    case "unauthenticated":
    case "forbidden":
      return "forbidden";
    case "not_found":
      return "not_found";
    case "conflict":
    case "idempotency_conflict":
    case "transition_not_allowed":
    case "registry_incomplete":
      return "conflict";
    case "payload_too_large":
      return "too_large";
    case "unsupported_media_type":
      return "unsupported";
    case "classified_not_mailable":
    case "template_invalid":
      return "unprocessable";
    case "not_available":
    case "unavailable":
      return "unavailable";
    case "too_many_requests":
    case "internal":
      return "internal";
  }
}

/** The page an API error becomes when nothing more particular applies. */
const PAGE_STATUS: Record<Refusal, PageStatus> = {
  validation: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 400,
  unprocessable: 422,
  unavailable: 503,
  internal: 500,
};

export const pageStatusOf = (error: ApiError): PageStatus => PAGE_STATUS[refusalOf(error)];

/** Whether the API refused for one of these reasons. */
export const refusedFor = (result: ApiResult<unknown>, ...refusals: Refusal[]): boolean =>
  !result.ok && refusals.includes(refusalOf(result.error));

/** The body of a successful API answer, or the page that says why not. */
export function must<T>(result: ApiResult<T>): T {
  if (result.ok) return result.body;
  throw new PageError(pageStatusOf(result.error), result.error.message);
}

/** Headers of every page: nothing but this service may supply scripts, styles, frames or form targets. */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "Cache-Control": "no-store",
};

/**
 * Set before the page runs, so that c.html / c.redirect build its response with them at once: a header set on a
 * finished response rebuilds it with its body as a stream (a copy per header, and no plain-string write).
 */
export const pageHeaders: MiddlewareHandler<WebEnv> = async (c, next) => {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
  await next();
};

/** A response the API made (a file passed through as it is), with the headers of every page. */
export function withPageHeaders(res: Response): Response {
  const page = new Response(res.body, res);
  for (const [name, value] of Object.entries(PAGE_HEADERS)) page.headers.set(name, value);
  return page;
}

/** Pages need a signed-in person: anyone else goes to the sign-in page and comes back after. */
export const requireSignIn: MiddlewareHandler<WebEnv> = async (c, next) => {
  if (!c.get("viewer")) {
    const url = new URL(c.req.url);
    const back = c.req.method === "GET" ? url.pathname + url.search : "/yeu-cau";
    return c.redirect(`/dang-nhap?tiep=${encodeURIComponent(back)}`, 303);
  }
  await next();
};

/** The person a page behind requireSignIn is for; reaching one without them is a wiring mistake, not a refusal. */
export function signedIn(c: Context<WebEnv>): Viewer {
  const viewer = c.get("viewer");
  if (!viewer) throw new Error(`page ${c.req.path} served without requireSignIn`);
  return viewer;
}

/** A form is small; a template upload may be as large as the API takes (10 MB) plus the multipart wrapping. */
export function limitPageBody(maxBytes: number): MiddlewareHandler<WebEnv> {
  return limitBodySize<WebEnv>(maxBytes, () => {
    throw new PageError(413, `Nội dung gửi lên vượt quá giới hạn ${Math.round(maxBytes / 1024)} KB`);
  });
}

/** Every post must come from this site's own pages, and, once signed in, carry the session's CSRF field. */
export const guardPosts: MiddlewareHandler<WebEnv> = async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  if (crossSite(c)) throw new PageError(403, "Yêu cầu gửi từ trang khác bị từ chối");
  const csrf = c.get("csrf");
  if (csrf) {
    // all: repeated fields (checkbox groups) stay lists; Hono keeps this first parse for the handler.
    const form = await c.req.parseBody({ all: true });
    const sent = typeof form._csrf === "string" ? form._csrf : (c.req.header("x-csrf-token") ?? "");
    if (!sameSecret(sent, csrf)) {
      throw new PageError(403, "Phiên làm việc đã thay đổi; hãy tải lại trang rồi thao tác lại");
    }
  }
  await next();
};

export const hasRole = (viewer: Principal | undefined, ...roles: Role[]): boolean =>
  !!viewer?.roles.some((r) => roles.includes(r));

/** Unmatched inbound mail may be about anyone: the central committee's admins triage it (the API's own rule). */
export const mayTriageInbox = (viewer: Principal | undefined) =>
  hasRole(viewer, "admin") && viewer?.committeeCode === CENTRAL_CODE;

/** Those who file and answer their committee's requests. */
export const mayFile = (viewer: Principal | undefined) => hasRole(viewer, "clerk", "approver");

/** The status of a form the API refused: its own 403/404/409, any other refusal a 400. */
export function refusalStatus(error: ApiError): 400 | 403 | 404 | 409 {
  const status = pageStatusOf(error);
  return status === 403 || status === 404 || status === 409 ? status : 400;
}

/** A file from the API (document, message) passed through as it is; the API's refusal becomes a page. */
export async function passFile(res: Response, notFound: string, unavailable: string): Promise<Response> {
  if (res.ok) return withPageHeaders(res);
  const error = await errorOfResponse(res);
  const refusal = error ? refusalOf(error) : "internal";
  if (refusal === "not_found" || refusal === "validation") throw new PageError(404, notFound);
  throw new PageError(refusal === "forbidden" ? 403 : 503, error?.message ?? unavailable);
}

export function requireWebRole(...roles: Role[]): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (!hasRole(c.get("viewer"), ...roles)) {
      throw new PageError(403, "Trang này dành cho người có vai trò quản trị");
    }
    await next();
  };
}

/** Where a return path is resolved: any fixed origin works, only "is it still this origin" is asked. */
const SITE = "http://phoihop.invalid";

/**
 * A path inside this site to return to after signing in; anything else becomes the home page `/`. The raw value is
 * parsed as a URL against the site's origin (as a browser would, so TAB/CR/LF are stripped and `\\` is `/`) and
 * kept only when it stays on that origin; what is returned is the parser's own serialisation (percent-encoded, so
 * no control character ever reaches a Location header). Backslashes and control characters in the raw value
 * are refused outright: browsers disagree about them.
 */
export function safeReturnPath(raw: string | undefined): string {
  const fallback = "/";
  if (!raw?.startsWith("/") || raw.includes("\\") || hasControlCharacter(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== SITE) return fallback;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("//") ? fallback : path;
}
