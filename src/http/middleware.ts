import { randomUUID } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { findPrincipalCached } from "../auth/tokens.js";
import { GATEWAY_ROLE, type Role } from "../domain/request-state.js";
import { nfcDeep } from "../domain/text.js";
import { AppError, envelope, statusOf } from "../errors.js";
import type { AppDeps, AppEnv } from "./context.js";
import { internalPrincipalOf } from "./internal-call.js";

export function provideDeps(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("deps", deps);
    const incoming = c.req.header("x-request-id");
    c.set("requestId", incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID());
    c.header("X-Request-Id", c.get("requestId"));
    await next();
  };
}

export const DOCX_UPLOAD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const TEMPLATE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

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

export function limitBody(maxJsonBytes: number): MiddlewareHandler<AppEnv> {
  const limiter = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError("payload_too_large", `Nội dung gửi lên vượt quá giới hạn ${maxSize} byte`);
      },
    });
  const json = limiter(maxJsonBytes);
  const upload = limiter(TEMPLATE_UPLOAD_MAX_BYTES);
  const message = limiter(INBOUND_MAX_BYTES);
  return (c, next) =>
    isTemplateUpload(c) || isTableImport(c)
      ? upload(c, next)
      : isRawMessage(c)
        ? message(c, next)
        : json(c, next);
}

export function hasBody(c: Context): boolean {
  return c.req.raw.body !== null && c.req.header("content-length") !== "0";
}

/**
 * A body must be JSON, and parse: 415 and 400 with the envelope instead of whatever a validator would say.
 * The parsed body is NFC-normalised once here, so every handler sees normalised text.
 */
export const requireJson: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (
    !["POST", "PUT", "PATCH"].includes(c.req.method) ||
    !hasBody(c) ||
    isTemplateUpload(c) ||
    isRawMessage(c) ||
    isTableImport(c)
  )
    return next();
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    throw new AppError(
      "unsupported_media_type",
      "Nội dung phải ở dạng JSON (Content-Type: application/json)",
      [{ field: "Content-Type", message: `nhận được “${type || "(không có)"}”` }],
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await c.req.text());
  } catch (err) {
    throw new AppError("invalid_json", "Nội dung JSON không đọc được", [{ message: (err as Error).message }]);
  }
  shareNormalisedBody(c, nfcDeep(parsed));
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
  const principal = await findPrincipalCached(c.get("deps").db, token);
  if (!principal) throw new AppError("unauthenticated", "Mã truy cập không hợp lệ hoặc đã bị thu hồi");
  if (principal.roles.includes(GATEWAY_ROLE) && !isRawMessage(c)) {
    throw new AppError("forbidden", "Mã của cổng thư chỉ dùng để gửi thư đến (POST /v1/inbound/mime)");
  }
  c.set("principal", principal);
  await next();
};

export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get("principal").roles.some((r) => roles.includes(r))) {
      throw new AppError("forbidden", `Chức năng này dành cho vai trò: ${roles.join(", ")}`);
    }
    await next();
  };
}

export function handleError(err: Error, c: Context<AppEnv>) {
  const requestId = c.get("requestId") ?? "-";
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
    const mapped = new AppError(code, err.message);
    return c.json(envelope(mapped, requestId), statusOf(mapped.code));
  }
  c.get("deps")?.log.error(`unhandled error: ${err.stack ?? err.message}`, { requestId });
  return c.json(
    envelope(new AppError("internal", "Lỗi hệ thống; đã ghi nhận, vui lòng thử lại sau"), requestId),
    500,
  );
}
