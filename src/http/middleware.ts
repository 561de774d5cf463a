import { randomUUID } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { findPrincipalCached, memoisedPrincipal, type Principal } from "../auth/tokens.js";
import { GATEWAY_ROLE, type Role } from "../domain/request-state.js";
import {
  hasControlCharacter,
  jsonNestingExceeds,
  MAX_JSON_DEPTH,
  normaliseJson,
  refusedText,
} from "../domain/text.js";
import { AppError, envelope, statusOf, ThrottledError } from "../errors.js";
import { clientOf } from "./client-address.js";
import { tokenPrefixOf } from "./throttle.js";
import type { AppDeps, AppEnv } from "./context.js";
import { httpMetrics } from "./http-metrics.js";
import { TRACE_PATTERN, withTrace } from "../runtime/trace.js";
import { internalPrincipalOf } from "./internal-call.js";
import { OutageLog, RETRY_AFTER_SECONDS, unavailableMessage, unreachablePart } from "../runtime/outage.js";
import { TEMPLATE_UPLOAD_MAX_BYTES } from "./upload-limits.js";
import { hasBody, limitBodySize } from "./body-size.js";

export { hasBody };

const outages = new WeakMap<AppDeps, OutageLog>();

function outageLogOf(deps: AppDeps): OutageLog {
  const known = outages.get(deps);
  if (known) return known;
  const log = new OutageLog(deps.log);
  outages.set(deps, log);
  return log;
}

/**
 * The deps, the request id (a caller's well-formed `X-Request-Id`, or a new one), and the trace every log line and
 * every job enqueued while handling the request carry (src/runtime/trace.ts).
 */
export function provideDeps(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const outage = outageLogOf(deps);
  return async (c, next) => {
    c.set("deps", deps);
    const incoming = c.req.header("x-request-id");
    c.set("requestId", incoming && TRACE_PATTERN.test(incoming) ? incoming : randomUUID());
    c.set("client", clientOf(c, deps.trustedProxies));
    c.header("X-Request-Id", c.get("requestId"));
    await withTrace(c.get("requestId"), next);
    if (outage.anyDown && c.res.status < 500) outage.reachable();
  };
}

/** HTTP latencies for /metrics (@hono/prometheus); the pages' in-process API calls are not counted twice. */
export const measureHttp: MiddlewareHandler<AppEnv> = (c, next) =>
  internalPrincipalOf(c.env) ? next() : httpMetrics.registerMetrics(c, next);

/** Probes, scrapes and static files: read at debug only, or they would bury the requests people make. */
const QUIET_PATHS = /^\/(healthz|readyz|metrics|static\/|docs\/assets\/|favicon)/;

/**
 * One line per request: method, route (the pattern, not the ids), status, duration, request id, committee.
 * Never a token, a cookie or a body. The web pages' in-process API calls are at debug (their page has its line).
 */
export const accessLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  try {
    await next();
  } finally {
    const principal = c.get("principal") as AppEnv["Variables"]["principal"] | undefined;
    const quiet = QUIET_PATHS.test(c.req.path) || internalPrincipalOf(c.env) !== undefined;
    c.get("deps").log[quiet ? "debug" : "info"]("http", {
      method: c.req.method,
      route: c.req.routePath,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      requestId: c.get("requestId"),
      committee: principal?.committeeCode ?? null,
    });
  }
};

export { TEMPLATE_UPLOAD_MAX_BYTES };

/** A template upload: a request body that is not JSON (PUT /v1/templates/{name} with a .docx). */
export function isTemplateUpload(c: Context): boolean {
  return c.req.method === "PUT" && c.req.path.startsWith("/v1/templates/");
}

/** A raw message for the inbound webhook (POST /v1/inbound/mime, message/rfc822). */
export function isRawMessage(c: Context): boolean {
  return c.req.method === "POST" && c.req.path === "/v1/inbound/mime";
}

/** A CSV / XLSX table of past figures (POST /v1/report-submissions/import): raw bytes, the upload limit. */
export function isTableImport(c: Context): boolean {
  return c.req.method === "POST" && c.req.path === "/v1/report-submissions/import";
}

export const INBOUND_MAX_BYTES = 25 * 1024 * 1024;

/** A file attached to a request: the raw bytes (POST /v1/requests/{id}/attachments). */
export function isAttachmentUpload(c: Context): boolean {
  return c.req.method === "POST" && /^\/v1\/requests\/[^/]+\/attachments$/.test(c.req.path);
}

export function limitBody(
  maxJsonBytes: number,
  maxAttachmentBytes = INBOUND_MAX_BYTES,
): MiddlewareHandler<AppEnv> {
  const limiter = (maxSize: number, field?: string) =>
    limitBodySize<AppEnv>(maxSize, () => {
      throw new AppError(
        "payload_too_large",
        `Nội dung gửi lên vượt quá giới hạn ${maxSize} byte`,
        field ? [{ field, message: `quá ${maxSize} byte` }] : undefined,
      );
    });
  const json = limiter(maxJsonBytes);
  const upload = limiter(TEMPLATE_UPLOAD_MAX_BYTES);
  const message = limiter(INBOUND_MAX_BYTES);
  const attachment = limiter(maxAttachmentBytes, "file");
  return (c, next) =>
    isTemplateUpload(c) || isTableImport(c)
      ? upload(c, next)
      : isRawMessage(c)
        ? message(c, next)
        : isAttachmentUpload(c)
          ? attachment(c, next)
          : json(c, next);
}

/** The same request with no body and no Content-Type. */
function withoutBody(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete("content-type");
  headers.delete("content-length");
  return new Request(request.url, { method: request.method, headers, signal: request.signal });
}

/**
 * A body must be JSON, and parse: 415 and 400 with the envelope instead of whatever a validator would say.
 * No body at all — or an empty one, whatever its Content-Type (`curl -X POST …/submit`) — reads as `{}`: the
 * actions that take none (submit, approve, cancel) accept it, and a route that needs fields names them.
 * The parsed body is NFC-normalised once here, so every handler sees normalised text.
 */
const JSON_TYPE = /^application\/(.+\+)?json\s*(;|$)/i;

export const requireJson: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (
    !["POST", "PUT", "PATCH"].includes(c.req.method) ||
    isTemplateUpload(c) ||
    isRawMessage(c) ||
    isTableImport(c) ||
    isAttachmentUpload(c)
  )
    return next();
  // Later readers (the validator) take the body from Hono's body cache (`json()` reads "text").
  const cache = c.req.bodyCache as Record<string, unknown>;
  const text = hasBody(c) ? await c.req.text() : "";
  const type = c.req.header("content-type") ?? "";
  if (text.trim() === "") {
    // Said to be JSON: read as `{}`. Said to be anything else (`curl -d ''` says a form) or nothing: no body at all,
    // without its type, which the validator's media-type gate would otherwise refuse with a 415.
    if (type !== "" && !JSON_TYPE.test(type)) c.req.raw = withoutBody(c.req.raw);
    cache.text = Promise.resolve(JSON_TYPE.test(type) ? "{}" : "");
    return next();
  }
  if (!JSON_TYPE.test(type)) {
    throw new AppError(
      "unsupported_media_type",
      "Nội dung phải ở dạng JSON (Content-Type: application/json)",
      [{ field: "Content-Type", message: `nhận được “${type || "(không có)"}”` }],
    );
  }
  // Counted on the text, before any parser or walker descends into it.
  if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) {
    throw new AppError("invalid_json", `Nội dung JSON lồng nhau quá ${MAX_JSON_DEPTH} cấp`, [
      { message: `tối đa ${MAX_JSON_DEPTH} cấp đối tượng, danh sách lồng nhau` },
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new AppError("invalid_json", "Nội dung JSON không đọc được", [{ message: (err as Error).message }]);
  }
  const { value, refused } = normaliseJson(parsed);
  if (refused) {
    throw new AppError("validation_failed", "Dữ liệu gửi lên không hợp lệ", [
      { field: refused.field || "body", message: refused.message },
    ]);
  }
  shareNormalisedBody(c, value);
  return next();
};

/**
 * Later readers see the normalised body without parsing it again: `c.req.json()` (what the validator calls)
 * answers the parsed value; `c.req.text()` its JSON text, made only if someone asks (Hono's `json()` would
 * otherwise re-parse the cached text on every call).
 */
function shareNormalisedBody(c: Context, body: unknown): void {
  let text: Promise<string> | undefined;
  Object.defineProperty(c.req.bodyCache, "text", {
    configurable: true,
    enumerable: true,
    get: () => (text ??= Promise.resolve(JSON.stringify(body))),
  });
  (c.req as { json: () => Promise<unknown> }).json = () => Promise.resolve(body);
}

// Printable ASCII with no percent-escape: nothing in it can decode to NUL, a lone surrogate or a control character.
const PLAIN_URL = /^[\x21-\x24\x26-\x7e]*$/;

/**
 * Query values and path segments are text too: a NUL (`%00`) or a code point PostgreSQL refuses is a 400 naming
 * the parameter, never a database error. Applies to every API call, before authentication costs anything.
 */
export const refuseUnstorableParams: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (PLAIN_URL.test(c.req.url)) return next();
  const url = new URL(c.req.url);
  for (const [key, value] of url.searchParams) {
    const why = refusedText(key) ?? refusedText(value);
    if (why) throw new AppError("validation_failed", "Tham số không hợp lệ", [{ field: key, message: why }]);
  }
  for (const segment of url.pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new AppError("validation_failed", "Đường dẫn không hợp lệ", [
        { field: "path", message: "mã hóa phần trăm (%) không hợp lệ" },
      ]);
    }
    const why = refusedText(decoded) ?? (hasControlCharacter(decoded) ? "chứa ký tự điều khiển" : undefined);
    if (why)
      throw new AppError("validation_failed", "Đường dẫn không hợp lệ", [{ field: "path", message: why }]);
  }
  await next();
};

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const internal = internalPrincipalOf(c.env);
  if (internal) {
    c.set("principal", internal);
    return next();
  }
  const header = c.req.header("authorization");
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) {
    throw new AppError("unauthenticated", "Thiếu mã truy cập (Authorization: Bearer …)");
  }
  const principal = await verifiedPrincipal(c, token);
  if (principal.roles.includes(GATEWAY_ROLE) && !isRawMessage(c)) {
    throw new AppError("forbidden", "Mã của cổng thư chỉ dùng để gửi thư đến (POST /v1/inbound/mime)");
  }
  c.set("principal", principal);
  await next();
};

/**
 * The principal of a bearer token. A token verified moments ago comes from the memo; every check that reaches the
 * database (a guess always does) is throttled first, and a failure is counted (per address and token prefix).
 */
async function verifiedPrincipal(c: Context<AppEnv>, token: string): Promise<Principal> {
  const { db, throttle, log, clock } = c.get("deps");
  const known = memoisedPrincipal(db, token, clock);
  if (known) return known;
  const keys = { address: c.get("client").address, tokenPrefix: tokenPrefixOf(token) };
  const wait = await throttle.retryAfter("token", keys);
  if (wait !== undefined) {
    log.warn(`throttle: token check refused (429) for ${keys.address}`, { requestId: c.get("requestId") });
    throw new ThrottledError(wait);
  }
  const principal = await findPrincipalCached(db, token, clock);
  if (!principal) {
    await throttle.failed("token", keys);
    throw new AppError("unauthenticated", "Mã truy cập không hợp lệ hoặc đã bị thu hồi");
  }
  return principal;
}

export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get("principal").roles.some((r) => roles.includes(r))) {
      throw new AppError("forbidden", `Chức năng này dành cho vai trò: ${roles.join(", ")}`);
    }
    await next();
  };
}

/**
 * A route for these roles only: the middleware that refuses the others (403), and the same list in the OpenAPI
 * document as `x-roles`, from which the route security suite takes who must be refused. Spread into createRoute.
 */
export function onlyFor<const R extends Role[]>(...roles: R) {
  return { middleware: [requireRole(...roles)] as [MiddlewareHandler<AppEnv>], "x-roles": roles };
}

export function handleError(err: Error, c: Context<AppEnv>) {
  const requestId = c.get("requestId") ?? "-";
  if (err instanceof ThrottledError) c.header("Retry-After", String(err.retryAfterSeconds));
  if (err instanceof AppError) return c.json(envelope(err, requestId), statusOf(err.code));
  const status = (err as { status?: number }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    const code =
      status === 404
        ? "not_found"
        : status === 413
          ? "payload_too_large"
          : status === 415
            ? "unsupported_media_type"
            : "validation_failed";
    // The libraries' own words (Hono, the OpenAPI validator) are English: say it in Vietnamese.
    const words: Partial<Record<typeof code, string>> = {
      unsupported_media_type: "Nội dung phải ở dạng JSON (Content-Type: application/json)",
      payload_too_large: "Nội dung gửi lên quá lớn",
      not_found: "Không tìm thấy",
    };
    const mapped = new AppError(code, words[code] ?? err.message);
    return c.json(envelope(mapped, requestId), statusOf(mapped.code));
  }
  const deps = c.get("deps");
  const part = unreachablePart(err);
  if (part) {
    // PostgreSQL or Redis away: the client may try again; the log says so once per outage.
    if (deps) outageLogOf(deps).unreachable(part, err);
    c.header("Retry-After", String(RETRY_AFTER_SECONDS));
    return c.json(envelope(new AppError("unavailable", unavailableMessage(part)), requestId), 503);
  }
  deps?.log.error(`unhandled error: ${err.stack ?? err.message}`, { requestId });
  return c.json(
    envelope(new AppError("internal", "Lỗi hệ thống; đã ghi nhận, vui lòng thử lại sau"), requestId),
    500,
  );
}
