import type { Principal } from "../auth/tokens.js";
import type { ErrorDetail } from "../errors.js";
import { wellFormed } from "../domain/text.js";
import { INTERNAL_PRINCIPAL } from "../http/internal-call.js";

export interface ApiError {
  code: string;
  message: string;
  details?: ErrorDetail[];
}

export type ApiResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; error: ApiError };

/** The whole service, which the pages call in-process. */
export interface ApiFetcher {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** The API as the signed-in person sees it: the pages never reach past it into the database. */
export interface ApiClient {
  get<T = unknown>(path: string): Promise<ApiResult<T>>;
  send<T = unknown>(
    method: "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResult<T>>;
  /** The API's own response, for files (documents, previews, messages) passed through as they are. */
  raw(
    method: string,
    path: string,
    body?: { bytes: Uint8Array; type: string },
    headers?: Record<string, string>,
  ): Promise<Response>;
}

export function apiClient(app: ApiFetcher, principal: Principal, requestId: string): ApiClient {
  const raw = async (
    method: string,
    path: string,
    body?: { bytes: Uint8Array; type: string },
    extra: Record<string, string> = {},
  ) => {
    const headers: Record<string, string> = { ...extra, "x-request-id": requestId };
    if (body) headers["content-type"] = body.type;
    const request = new Request(`http://phoihop.internal${path}`, {
      method,
      headers,
      ...(body ? { body: body.bytes } : {}),
    });
    return app.fetch(request, { [INTERNAL_PRINCIPAL]: principal });
  };
  const result = async <T>(res: Response): Promise<ApiResult<T>> => {
    const parsed = (await res.json().catch(() => ({}))) as T & { error?: ApiError };
    if (res.ok) return { ok: true, status: res.status, body: parsed };
    return {
      ok: false,
      status: res.status,
      error: parsed.error ?? { code: "internal", message: `Lỗi ${res.status}` },
    };
  };
  return {
    get: async (path) => result(await raw("GET", path)),
    send: async (method, path, body, headers) =>
      result(
        await raw(
          method,
          path,
          body === undefined
            ? undefined
            : { bytes: new TextEncoder().encode(JSON.stringify(body)), type: "application/json" },
          headers,
        ),
      ),
    raw,
  };
}

/**
 * An in-process API path with every interpolated value percent-encoded as one path segment:
 * apiPath`/v1/templates/${name}/activate`. A route parameter such as `..%2F..%2Fv1%2Fme` stays inside its segment.
 */
export function apiPath(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce(
    (path, part, i) =>
      path + part + (i < values.length ? encodeURIComponent(wellFormed(String(values[i]))) : ""),
    "",
  );
}
