import type { OpenAPIHono } from "@hono/zod-openapi";
import type pg from "pg";
import type { Principal } from "../auth/tokens.js";
import type { WorkingCalendar } from "../domain/working-days.js";
import type { Clock } from "../runtime/clock.js";
import type { Logger } from "../runtime/logger.js";
import type { Queues } from "../runtime/queues.js";
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
  /** Extra readiness facts (e.g. the PDF converter) that /readyz reports. */
  readinessDetails?: () => Record<string, unknown>;
  /** Digital signatures (issue 19): the key secret and trusted roots; absent, no certificate can be registered. */
  signing?: SigningSettings;
}

export interface AppEnv {
  Variables: { deps: AppDeps; requestId: string; principal: Principal };
}

export type App = OpenAPIHono<AppEnv>;
