import { createCalendar } from "./domain/working-days.js";
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import type pg from "pg";
import { workerDeps } from "../workers/deps.js";
import { signingSettings } from "./signing/settings.js";
import { type RunningWorkers, startWorkers } from "../workers/index.js";
import { openEdgeGuards } from "./http/throttle.js";
import { attachmentSettings } from "./attachments/settings.js";
import { createApiToken } from "./auth/tokens.js";
import { countApiTokens, lockTokenBootstrap } from "./db/queries/api-tokens.js";
import { type Config, describeMode, publicUrlOf } from "./config.js";
import { withTransaction } from "./db/db.js";
import { findCommitteeByCode } from "./db/queries/committees.js";
import { CENTRAL_CODE } from "./db/seed/committee-registry.js";
import { type Clock, systemClock } from "./runtime/clock.js";
import {
  findLibreOffice,
  type PdfConverter,
  pdfReadinessDetails,
  startedLater,
} from "./documents/pdf/pdf-converter.js";
import { checkPdfFont } from "./documents/pdf/font-check.js";
import { type InboundSources, startInboundSources } from "./mail/inbound-sources.js";
import { type HeadStart, startPdfConverter } from "./runtime/head-start.js";
import type { Logger } from "./runtime/logger.js";
import { openMailTransport } from "./runtime/mail-transport.js";
import { openQueues } from "./runtime/queues.js";
import { openPreparedDatabase } from "./runtime/prepare-database.js";
import { checkBeforeStarting, StartupError } from "./runtime/startup-checks.js";

export type Role = "api" | "worker" | "all";

export interface RunningService {
  url: string | null;
  /** Printed once, on the first start only (stored hashed). */
  bootstrapToken: string | null;
  close(): Promise<void>;
}

/** Starts the service in one role; the only place that listens. */
export async function startService(
  cfg: Config,
  role: Role,
  log: Logger,
  say: (line: string) => void,
  clock: Clock = systemClock,
  begun?: HeadStart,
): Promise<RunningService> {
  const mode = describeMode(cfg);
  // What can make the start fail is checked first, before anything starts, each failure one line (a head start
  // has made the same checks before it began).
  if (!begun) await checkBeforeStarting(cfg, role);
  // LibreOffice takes a second or more of both cores to start. A worker-only process starts it at once, while the
  // database starts, migrates and is seeded; one that serves the API starts it once it answers (PDFs wait for it),
  // so that it slows neither the database's start nor the module loading: the cold start to /healthz.
  const pdfStarting =
    role === "worker" ? (begun?.pdf ?? startPdfConverter(say, cfg.PDF_PROCESSES)) : undefined;
  const pdfLater = role === "all" ? startedLater(() => startPdfConverter(say, cfg.PDF_PROCESSES)) : undefined;
  // An app for the API, or for a worker's own /metrics. Its modules load while the database is prepared.
  const appModule = role !== "worker" || cfg.METRICS_PORT !== undefined ? import("./app.js") : undefined;
  appModule?.catch(() => {}); // awaited below; a database that fails first is the error said
  const db = await openPreparedDatabase(cfg, log, say, begun?.database).catch(async (err) => {
    await (await pdfStarting)?.close();
    throw err;
  });
  const queues = openQueues(cfg, db.url, log);
  const transport = openMailTransport(cfg);
  const bootstrapToken = await createBootstrapToken(db.pool);

  let workers: RunningWorkers | undefined;
  let pdf: PdfConverter | undefined;
  let inbound: InboundSources | undefined;
  let server: ServerType | undefined;
  let url: string | null = null;
  const readinessDetails = async (): Promise<() => Record<string, unknown>> => {
    const running = pdf;
    if (running) return () => ({ ...pdfReadinessDetails(running), ...(pdfFont ? { pdfFont } : {}) });
    // The API never runs LibreOffice; it only says whether this machine could.
    const found = await findLibreOffice();
    const details = {
      pdf: "reason" in found ? { available: false, reason: found.reason } : { available: true },
    };
    return () => details;
  };
  let pdfFont: Awaited<ReturnType<typeof checkPdfFont>> | undefined;
  const checkFont = async (started: PdfConverter) => {
    pdfFont = started.available ? await checkPdfFont() : undefined;
    if (pdfFont && !pdfFont.ok) say(`phoihop: PDF: ${pdfFont.reason}`);
  };
  if (pdfStarting) {
    pdf = await pdfStarting;
    await checkFont(pdf);
  }
  pdf ??= pdfLater?.converter;
  const served = pdf;
  // Its edge guards (rate limits, trusted proxies) with the app. Loaded only where it is built: a worker without
  // METRICS_PORT never loads the API's modules (~40 MiB).
  const edge = appModule ? openEdgeGuards(cfg, db.pool, log) : undefined;
  const app =
    edge &&
    appModule &&
    (await appModule).createApp({
      ...edge,
      db: db.pool,
      queues,
      clock,
      log,
      bodyLimitBytes: cfg.BODY_LIMIT_BYTES,
      mailMode: mode.mail,
      calendar: createCalendar(),
      attachments: attachmentSettings(cfg),
      readinessDetails: await readinessDetails(),
      metricsToken: cfg.METRICS_TOKEN,
      pdfStats: served?.available ? () => served.stats() : undefined,
      pdf: served,
      signing: signingSettings(cfg),
    });
  if (role !== "worker") {
    if (!app) throw new Error("An API process builds its app");
    server = await listen(app.fetch, cfg.PORT, cfg.HOST);
    url = `http://${urlHost(cfg.HOST)}:${(server.address() as AddressInfo).port}`;
  } else if (cfg.METRICS_PORT !== undefined) {
    // A worker-only process has no API: its own figures (jobs, durations, the PDF pool) are served alone.
    if (!app) throw new Error("A worker with METRICS_PORT builds its app");
    server = await listen(
      (req, env) =>
        new URL(req.url).pathname === "/metrics" ? app.fetch(req, env) : new Response(null, { status: 404 }),
      cfg.METRICS_PORT,
      cfg.HOST,
    );
    say(
      `phoihop: số liệu (Prometheus) tại http://${urlHost(cfg.HOST)}:${(server.address() as AddressInfo).port}/metrics`,
    );
  }
  if (pdfLater) {
    // The workers take the converter LibreOffice's start gave (available or not), as a worker-only process does.
    pdf = await pdfLater.begin();
    await checkFont(pdf);
  }
  if (role !== "api") {
    workers = await startWorkers(
      workerDeps({ cfg, db: db.pool, queues, transport, log, pdf, clock, publicUrl: publicUrlOf(cfg, url) }),
    );
    inbound = await startInboundSources({ cfg, db: db.pool, queues, log, say });
    say(
      `phoihop: worker đã chạy (hàng đợi trên ${mode.queue === "redis" ? "Redis" : "PostgreSQL"}, thư ${mode.mail === "smtp" ? "qua SMTP" : "giữ trong hộp thư đi"})`,
    );
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const deadline = Date.now() + cfg.SHUTDOWN_TIMEOUT_MS;
      try {
        // Stop taking requests and jobs at once; requests and jobs in flight finish (until the deadline, then
        // jobs are handed back) before the connections they use are closed.
        await Promise.all([
          server ? drainHttp(server, deadline) : undefined,
          inbound?.close(),
          workers?.close(deadline),
        ]);
      } finally {
        // LibreOffice is closed whatever happened above: its processes must not outlive the service.
        await pdf?.close();
        await edge?.throttle.close();
        await queues.close();
        transport.close();
        await db.close();
      }
    })());
  return { url, bootstrapToken, close };
}

function listen(
  fetch: (req: Request, env: never) => Response | Promise<Response>,
  port: number,
  hostname: string,
): Promise<ServerType> {
  return new Promise<ServerType>((resolve, reject) => {
    const server = serve({ fetch: fetch as never, port, hostname }, () => resolve(server));
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new StartupError(`cổng ${port} trên ${hostname} vừa bị chương trình khác chiếm — đặt cổng khác`)
          : err,
      ),
    );
  });
}

/** An IPv6 literal is written in brackets in a URL; 0.0.0.0 / :: are not addresses to link to. */
function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

/** No new connections; the requests running finish, until the deadline, when the rest are cut. */
async function drainHttp(server: ServerType, deadline: number): Promise<void> {
  const http = server as import("node:http").Server;
  const closed = new Promise<void>((resolve) => http.close(() => resolve()));
  http.closeIdleConnections?.();
  const timer = setTimeout(() => http.closeAllConnections?.(), Math.max(0, deadline - Date.now()));
  await closed;
  clearTimeout(timer);
}

/**
 * The first start of an empty database creates one token for whoever installed the service: the central
 * committee's admin and the deployment's operator (the queue dashboard). The lock keeps two processes from both
 * doing it.
 */
async function createBootstrapToken(pool: pg.Pool): Promise<string | null> {
  return withTransaction(pool, async (tx) => {
    await lockTokenBootstrap(tx);
    if ((await countApiTokens(tx)) > 0) return null;
    const central = await findCommitteeByCode(tx, CENTRAL_CODE);
    if (!central) return null;
    const { token } = await createApiToken(tx, {
      committeeId: central.id,
      roles: ["admin", "operator"],
      label: "bootstrap",
    });
    return token;
  });
}
