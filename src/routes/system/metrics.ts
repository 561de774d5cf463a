import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { Hono } from "hono";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../http/context.js";
import { registry, renderMetrics } from "../../runtime/metrics.js";

/**
 * GET /metrics (Prometheus text format). With METRICS_TOKEN set, a scraper sends `Authorization: Bearer <it>`;
 * without it, only a client on this machine that did not come through a proxy (no X-Forwarded-For) is answered.
 */
export const metricsRoutes = new Hono<AppEnv>();

metricsRoutes.get("/metrics", async (c) => {
  const deps = c.get("deps");
  if (!mayScrape(c, deps.metricsToken)) {
    throw new AppError(
      "forbidden",
      deps.metricsToken
        ? "Cần mã METRICS_TOKEN (Authorization: Bearer …) để đọc /metrics"
        : "/metrics chỉ trả lời máy này (đặt METRICS_TOKEN để đọc từ nơi khác)",
    );
  }
  const body = await renderMetrics({ db: deps.db, queues: deps.queues, pdfStats: deps.pdfStats });
  return c.body(body, 200, { "Content-Type": registry.contentType });
});

function mayScrape(c: Context<AppEnv>, token: string | undefined): boolean {
  if (token) {
    const given = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? "";
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
  if (c.req.header("x-forwarded-for") || c.req.header("forwarded")) return false;
  return isLoopback(remoteAddress(c));
}

function remoteAddress(c: Context<AppEnv>): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

export const isLoopback = (address: string | undefined) =>
  address !== undefined && (address === "::1" || /^(::ffff:)?127\./.test(address));
