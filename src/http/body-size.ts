import type { Context, Env, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

// The body limit and the "is there a body" test, shared by the API and the pages (which must not load the API's
// middleware: it reaches the database).

/**
 * An HTTP/1.x call that came through @hono/node-server: its env holds the Node request, and `c.req.raw` is a
 * stand-in that builds a web Request only when asked for one. HTTP/1.1 says whether there is a body in the headers:
 * a Content-Length or a Transfer-Encoding (RFC 9112 §6.3); HTTP/2 need not, so it is not judged this way.
 */
function fromHttp1Socket(c: Context): boolean {
  const incoming = (c.env as { incoming?: { headers?: unknown; httpVersionMajor?: number } } | undefined)
    ?.incoming;
  return typeof incoming?.headers === "object" && incoming.httpVersionMajor === 1;
}

/**
 * Whether the request carries a body. For an HTTP/1.x socket request the headers say so: reading `c.req.raw.body`
 * would build the web Request that the body reader (`c.req.text()`) otherwise does without.
 */
export function hasBody(c: Context): boolean {
  const length = c.req.header("content-length");
  if (length === "0") return false;
  if (fromHttp1Socket(c)) return length !== undefined || c.req.header("transfer-encoding") !== undefined;
  return c.req.raw.body !== null;
}

/**
 * Hono's bodyLimit, without its cost on the common path: bodyLimit first asks for the web body, which makes
 * @hono/node-server build a whole web Request (an undici Request, an AbortSignal, a web stream over the socket)
 * for every call. An HTTP/1.x socket request with a Content-Length is judged on that header, as bodyLimit would
 * judge it; a chunked one, and any in-process Request, go through bodyLimit.
 */
export function limitBodySize<E extends Env>(maxSize: number, refuse: () => never): MiddlewareHandler<E> {
  const streamed = bodyLimit({ maxSize, onError: refuse });
  return (c, next) => {
    if (fromHttp1Socket(c) && c.req.header("transfer-encoding") === undefined) {
      if (!hasBody(c)) return next();
      const length = c.req.header("content-length");
      if (length !== undefined) return Number.parseInt(length, 10) > maxSize ? refuse() : next();
    }
    return streamed(c, next);
  };
}
