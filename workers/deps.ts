import type pg from "pg";
import type { Config } from "../src/config.js";
import { createTemplateStore, type TemplateStore } from "../src/documents/template-store.js";
import type { Logger } from "../src/runtime/logger.js";
import type { MailTransport } from "../src/runtime/mail-transport.js";
import type { Queues } from "../src/runtime/queues.js";

export interface WorkerDeps {
  db: pg.Pool;
  queues: Queues;
  transport: MailTransport;
  templates: TemplateStore;
  mailFrom: string;
  log: Logger;
  reconcileIntervalMs: number;
}

export function workerDeps(p: {
  cfg: Config;
  db: pg.Pool;
  queues: Queues;
  transport: MailTransport;
  log: Logger;
}): WorkerDeps {
  return {
    db: p.db,
    queues: p.queues,
    transport: p.transport,
    templates: createTemplateStore(),
    mailFrom: p.cfg.MAIL_FROM,
    log: p.log,
    reconcileIntervalMs: p.cfg.RECONCILE_INTERVAL_MS,
  };
}
