import type { z } from "@hono/zod-openapi";
import type { Principal } from "../auth/tokens.js";
import type { ErrorCode, ErrorDetail } from "../errors.js";
import type { ApiRoutes } from "../routes/contract.js";
import { ErrorEnvelopeSchema } from "../routes/schemas.js";
import { wellFormed } from "../domain/text.js";
import { INTERNAL_PRINCIPAL } from "../http/internal-call.js";

export interface ApiError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
}

export type ApiResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; error: ApiError };

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
/** The paths the contract names for a method ("/v1/requests/{id}" for `GET /v1/requests/{id}`). */
export type PathOf<M extends Method> = {
  [K in keyof ApiRoutes]: K extends `${M} ${infer P}` ? P : never;
}[keyof ApiRoutes];
type RouteAt<M extends Method, P extends string> = `${M} ${P}` extends keyof ApiRoutes
  ? ApiRoutes[`${M} ${P}`]
  : never;

type JsonOf<R> = R extends { content: { "application/json": { schema: infer S extends z.ZodType } } }
  ? z.output<S>
  : never;
/** A route's successful JSON answer, inferred from the zod schemas it declares for 200, 201 and 202. */
export type ResponseOf<R> = R extends { responses: infer Rs }
  ? { [S in keyof Rs]: S extends 200 | 201 | 202 ? JsonOf<Rs[S]> : never }[keyof Rs]
  : never;
/** What `GET /v1/…` answers: `Answer<"GET", "/v1/requests/{id}">`. */
export type Answer<M extends Method, P extends PathOf<M>> = ResponseOf<RouteAt<M, P>>;

type QueryKeys<R> = R extends { request: { query: infer Q extends z.ZodType } } ? keyof z.input<Q> : never;
type PathParams<P extends string> = P extends `${string}{${infer K}}${infer Rest}`
  ? { [k in K]: string | number } & PathParams<Rest>
  : unknown;
/** The query as the page has it: each of the route's parameters, as text. */
type Query<R> = Partial<Record<QueryKeys<R>, string | undefined>>;
type Call<M extends Method, P extends string> = {
  query?: Query<RouteAt<M, P>>;
  /** Sent as the JSON body; the API validates it and names the field it refuses. */
  json?: unknown;
  /** Sent as the body as it is (an upload), instead of JSON. */
  file?: { bytes: Uint8Array; type: string };
  headers?: Record<string, string>;
} & (P extends `${string}{${string}` ? { param: PathParams<P> } : { param?: undefined });
type Args<M extends Method, P extends string> = P extends `${string}{${string}`
  ? [call: Call<M, P>]
  : [call?: Call<M, P>];

/** The whole service, which the pages call in-process. */
export interface ApiFetcher {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** The API as the signed-in person sees it: the pages never reach past it into the database. */
export interface ApiClient {
  /** A read the contract names: the answer's type is inferred from the route's response schema. */
  get<P extends PathOf<"GET">>(path: P, ...args: Args<"GET", P>): Promise<ApiResult<Answer<"GET", P>>>;
  send<M extends Exclude<Method, "GET">, P extends PathOf<M>>(
    method: M,
    path: P,
    ...args: Args<M, P>
  ): Promise<ApiResult<Answer<M, P>>>;
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
  const result = async (res: Response): Promise<ApiResult<never>> => {
    const parsed: unknown = await res.json().catch(() => ({}));
    // The body is the API's own answer, which its routes' schemas describe (checked by the OpenAPI fuzzer).
    if (res.ok) return { ok: true, status: res.status, body: parsed as never };
    return { ok: false, status: res.status, error: errorOf(parsed, res.status) };
  };
  const call = async (method: Method, path: string, input: CallInput = {}) => {
    const json = input.json;
    const body =
      json === undefined
        ? input.file
        : { bytes: new TextEncoder().encode(JSON.stringify(json)), type: "application/json" };
    return result(await raw(method, urlOf(path, input), body, input.headers));
  };
  return {
    // The contract's types narrow what a page may pass; at run time a call is this one shape.
    get: (path, ...args) => call("GET", path, args[0] as CallInput | undefined),
    send: (method, path, ...args) => call(method, path, args[0] as CallInput | undefined),
    raw,
  };
}

interface CallInput {
  param?: Record<string, string | number> | undefined;
  query?: Record<string, string | undefined> | undefined;
  json?: unknown;
  file?: { bytes: Uint8Array; type: string } | undefined;
  headers?: Record<string, string> | undefined;
}

/** `/v1/requests/{id}` with each parameter percent-encoded as one path segment, then the query's set values. */
function urlOf(path: string, input: CallInput): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = input.param?.[name];
    if (value === undefined) throw new Error(`API path ${path}: no value for {${name}}`);
    return encodeURIComponent(wellFormed(String(value)));
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {}))
    if (value !== undefined) query.set(key, value);
  const search = query.toString();
  return search ? `${filled}?${search}` : filled;
}

/** The API's refusal, read from a response passed through raw; undefined when the body is no error envelope. */
export async function errorOfResponse(res: Response): Promise<ApiError | undefined> {
  return envelopeError(await res.json().catch(() => ({})));
}

function envelopeError(body: unknown): ApiError | undefined {
  const parsed = ErrorEnvelopeSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { code, message, details } = parsed.data.error;
  return details ? { code, message, details } : { code, message };
}

/** The error envelope's `{ code, message, details }`, or an internal error when the answer is not one. */
function errorOf(body: unknown, status: number): ApiError {
  return envelopeError(body) ?? { code: "internal", message: `Lỗi ${status}` };
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
