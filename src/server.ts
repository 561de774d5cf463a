import { createCalendar } from "./domain/working-days.js";
import { type ServerType, serve } from "@hono/node-server";
import type pg from "pg";
import { workerDeps } from "../workers/deps.js";
import { signingSettings } from "./signing/settings.js";
import { type RunningWorkers, startWorkers } from "../workers/index.js";
import { createApp } from "./app.js";
import { openEdgeGuards } from "./http/throttle.js";
import { attachmentSettings } from "./attachments/settings.js";
import { countApiTokens, createApiToken } from "./auth/tokens.js";
import { type Config, describeMode } from "./config.js";
import { withTransaction } from "./db/db.js";
import { findCommitteeByCode } from "./db/queries/committees.js";
import { CENTRAL_CODE } from "./db/seed/committee-registry.js";
import { type Clock, systemClock } from "./runtime/clock.js";
import {
  createPdfConverter,
  findLibreOffice,
  type PdfConverter,
  pdfReadinessDetails,
} from "./documents/pdf/pdf-converter.js";
import { checkPdfFont } from "./documents/pdf/font-check.js";
import { type InboundSources, startInboundSources } from "./mail/inbound-sources.js";
import type { Logger } from "./runtime/logger.js";
import { openMailTransport } from "./runtime/mail-transport.js";
import { openQueues } from "./runtime/queues.js";
import { openPreparedDatabase } from "./runtime/services.js";

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
): Promise<RunningService> {
  const mode = describeMode(cfg);
  // LibreOffice takes seconds to start: it starts while the database starts, migrates and is seeded.
  const pdfStarting = role !== "api" ? startPdfConverter(say) : undefined;
  const db = await openPreparedDatabase(cfg, log, say).catch(async (err) => {
    await (await pdfStarting)?.close();
    throw err;
  });
  const queues = openQueues(cfg, db.url, log);
  const transport = openMailTransport(cfg);
  const bootstrapToken = await createBootstrapToken(db.pool);

  let workers: RunningWorkers | undefined;
  let pdf: PdfConverter | undefined;
  let inbound: InboundSources | undefined;
  let readinessDetails: () => Record<string, unknown>;
  if (role !== "api") {
    pdf = await pdfStarting!;
    const pdfFont = pdf.available ? await checkPdfFont() : undefined;
    if (pdfFont && !pdfFont.ok) say(`phoihop: PDF: ${pdfFont.reason}`);
    readinessDetails = () => ({ ...pdfReadinessDetails(pdf!), ...(pdfFont ? { pdfFont } : {}) });
    workers = await startWorkers(workerDeps({ cfg, db: db.pool, queues, transport, log, pdf, clock }));
    inbound = await startInboundSources({ cfg, db: db.pool, queues, log, say });
    say(
      `phoihop: worker đã chạy (hàng đợi trên ${mode.queue === "redis" ? "Redis" : "PostgreSQL"}, thư ${mode.mail === "smtp" ? "qua SMTP" : "giữ trong hộp thư đi"})`,
    );
  } else {
    // The API never runs LibreOffice; it only says whether this machine could.
    const found = await findLibreOffice();
    const details = {
      pdf: "reason" in found ? { available: false, reason: found.reason } : { available: true },
    };
    readinessDetails = () => details;
  }
  let server: ServerType | undefined;
  let edge: ReturnType<typeof openEdgeGuards> | undefined;
  let url: string | null = null;
  if (role !== "worker") {
    edge = openEdgeGuards(cfg, db.pool, log);
    const app = createApp({
      ...edge,
      db: db.pool,
      queues,
      clock,
      log,
      bodyLimitBytes: cfg.BODY_LIMIT_BYTES,
      mailMode: mode.mail,
      calendar: createCalendar(),
      attachments: attachmentSettings(cfg),
      readinessDetails,
      pdf,
      signing: signingSettings(cfg),
    });
    const port = await new Promise<number>((resolve, reject) => {
      server = serve({ fetch: app.fetch, port: cfg.PORT, hostname: cfg.HOST }, (info) => resolve(info.port));
      server.once("error", reject);
    });
    url = `http://${cfg.HOST}:${port}`;
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop taking requests, then let running jobs finish (or be released), then close connections.
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await inbound?.close();
      await workers?.close();
      await pdf?.close();
      await edge?.throttle.close();
      await queues.close();
      transport.close();
      await db.close();
    })());
  return { url, bootstrapToken, close };
}

function startPdfConverter(say: (line: string) => void): Promise<PdfConverter> {
  return createPdfConverter({ log: (line) => say(`phoihop: ${line}`) });
}

/**
 * The first start of an empty database creates one token for whoever installed the service: the central
 * committee's admin and the deployment's operator (the queue dashboard). The lock keeps two processes from both
 * doing it.
 */
async function createBootstrapToken(pool: pg.Pool): Promise<string | null> {
  return withTransaction(pool, async (tx) => {
    await tx.query("select pg_advisory_xact_lock(7210483002)");
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
