import type { ContentfulStatusCode } from "hono/utils/http-status";

export const ERROR_CODES = [
  "invalid_json",
  "unsupported_media_type",
  "payload_too_large",
  "validation_failed",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "idempotency_conflict",
  "transition_not_allowed",
  "registry_incomplete",
  "classified_not_mailable",
  "template_invalid",
  "not_available",
  "too_many_requests",
  "internal",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  field?: string;
  message: string;
  /** For template problems: what kind, where in the package, which tag. */
  code?: string;
  location?: string;
  tag?: string;
  /** The text around the place (a template's paragraph). */
  context?: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** Too many failed attempts from one address or at one token: wait `retryAfterSeconds` (the Retry-After header). */
export class ThrottledError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      "too_many_requests",
      `Quá nhiều lần thử không thành công; hãy thử lại sau ${retryAfterSeconds} giây`,
    );
  }
}

export function statusOf(code: ErrorCode): ContentfulStatusCode {
  switch (code) {
    case "invalid_json":
    case "validation_failed":
      return 400;
    case "unauthenticated":
      return 401;
    case "forbidden":
      return 403;
    case "not_found":
      return 404;
    case "conflict":
    case "idempotency_conflict":
    case "transition_not_allowed":
    case "registry_incomplete":
      return 409;
    case "payload_too_large":
      return 413;
    case "unsupported_media_type":
      return 415;
    case "classified_not_mailable":
    case "template_invalid":
      return 422;
    case "not_available":
      return 503;
    case "too_many_requests":
      return 429;
    case "internal":
      return 500;
  }
}

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; requestId: string; details?: ErrorDetail[] };
}

export function envelope(err: AppError, requestId: string): ErrorEnvelope {
  return {
    error: {
      code: err.code,
      message: err.message,
      requestId,
      ...(err.details?.length ? { details: err.details } : {}),
    },
  };
}

/** zod issues → details naming the field by its dotted path. */
export function detailsFromIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix = "",
): ErrorDetail[] {
  return issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
  }));
}
