import type pg from "pg";
import { attachmentSettings } from "../src/attachments/settings.js";
import type { AttachmentStore } from "../src/attachments/store.js";
import { type Config, mailSettings, publicUrlOf } from "../src/config.js";
import { createCalendar, type WorkingCalendar } from "../src/domain/working-days.js";
import { type AcceptanceLedger, createAcceptanceLedger } from "../src/mail/acceptance-ledger.js";
import type { MailSettings } from "../src/mail/request-mail.js";
import { type DeliveryPolicy, deliveryPolicy } from "../src/mail/send-message.js";
import { type Clock, systemClock } from "../src/runtime/clock.js";
import type { PdfConverter } from "../src/documents/pdf/pdf-converter.js";
import { createTemplateStore, type TemplateStore } from "../src/documents/template-store.js";
import type { Logger } from "../src/runtime/logger.js";
import type { MailTransport } from "../src/runtime/mail-transport.js";
import type { Queues } from "../src/runtime/queues.js";
import { type SigningSettings, signingSettings } from "../src/signing/settings.js";

export interface WorkerDeps {
  db: pg.Pool;
  queues: Queues;
  transport: MailTransport;
  templates: TemplateStore;
  mail: MailSettings;
  publicUrl: string;
  clock: Clock;
  calendar: WorkingCalendar;
  log: Logger;
  reconcileIntervalMs: number;
  acceptances: AcceptanceLedger;
  delivery: DeliveryPolicy;
  /** The LibreOffice pool, where LibreOffice is installed. */
  pdf?: PdfConverter;
  /** Where request attachments' bytes live: the letter's e-mail carries them. */
  attachmentStore: AttachmentStore;
  signing: SigningSettings;
}

export function workerDeps(p: {
  cfg: Config;
  db: pg.Pool;
  queues: Queues;
  transport: MailTransport;
  log: Logger;
  pdf?: PdfConverter | undefined;
  clock?: Clock;
  /** The address the API of this process listens on (when it runs one): links default to it. */
  publicUrl?: string;
}): WorkerDeps {
  const clock = p.clock ?? systemClock;
  return {
    db: p.db,
    queues: p.queues,
    transport: p.transport,
    templates: createTemplateStore(p.db, clock),
    mail: mailSettings(p.cfg),
    publicUrl: p.publicUrl ?? publicUrlOf(p.cfg),
    clock,
    calendar: createCalendar(),
    log: p.log,
    reconcileIntervalMs: p.cfg.RECONCILE_INTERVAL_MS,
    acceptances: createAcceptanceLedger(p.queues.notes, (line) => p.log.warn(line)),
    delivery: deliveryPolicy(p.cfg),
    attachmentStore: attachmentSettings(p.cfg).store,
    signing: signingSettings(p.cfg),
    ...(p.pdf?.available ? { pdf: p.pdf } : {}),
  };
}
