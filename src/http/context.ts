import type { OpenAPIHono } from "@hono/zod-openapi";
import type pg from "pg";
import type { AttachmentSettings } from "../attachments/settings.js";
import type { Principal } from "../auth/tokens.js";
import type { PdfStats } from "../documents/pdf/pdf-converter.js";
import type { WorkingCalendar } from "../domain/working-days.js";
import type { PdfConverter } from "../documents/pdf/pdf-converter.js";
import type { Clock } from "../runtime/clock.js";
import type { Logger } from "../runtime/logger.js";
import type { Queues } from "../runtime/queues.js";
import type { BlockList } from "node:net";
import type { ClientInfo } from "./client-address.js";
import type { Throttle } from "./throttle.js";
import type { SigningSettings } from "../signing/settings.js";

/** What every handler may use; handed in by whoever builds the app (the server, or a test). */
export interface AppDeps {
  db: pg.Pool;
  queues: Queues;
  clock: Clock;
  log: Logger;
  bodyLimitBytes: number;
  mailMode: "smtp" | "outbox";
  calendar: WorkingCalendar;
  /** Failed sign-ins and token checks, counted across processes. */
  throttle: Throttle;
  /** The proxies whose X-Forwarded-* headers are believed (TRUSTED_PROXIES); none when absent. */
  trustedProxies?: BlockList;
  /** Request attachments: store and limits (the database store and default limits when absent). */
  attachments?: AttachmentSettings;
  /** Extra readiness facts (e.g. the PDF converter) that /readyz reports. */
  readinessDetails?: () => Record<string, unknown>;
  /** Bearer token a Prometheus scraper sends to /metrics; without one, /metrics answers loopback clients only. */
  metricsToken?: string | undefined;
  /** The LibreOffice pool's figures for /metrics, in a process that runs one. */
  pdfStats?: (() => PdfStats) | undefined;
  /** The LibreOffice pool, where this process runs one (previews as PDF). */
  pdf?: PdfConverter | undefined;
  /** Digital signatures: the key secret and trusted roots; absent, no certificate can be registered. */
  signing?: SigningSettings;
}

export interface AppEnv {
  Variables: { deps: AppDeps; requestId: string; principal: Principal; client: ClientInfo };
}

export type App = OpenAPIHono<AppEnv>;
