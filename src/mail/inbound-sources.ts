import type pg from "pg";
import type { Config } from "../config.js";
import { mailSettings } from "../config.js";
import { emailDomain } from "../domain/text.js";
import type { Logger } from "../runtime/logger.js";
import type { Queues } from "../runtime/queues.js";
import { type ImapReader, startImapReader } from "./imap-reader.js";
import { receiveInbound } from "./receive.js";
import { type SmtpReceiver, startSmtpReceiver } from "./smtp-receiver.js";

export interface InboundSources {
  smtp?: SmtpReceiver;
  imap?: ImapReader;
  close(): Promise<void>;
}

/** The SMTP receiver (embedded mode by default, or when INBOUND_SMTP_PORT is set) and the IMAP mailbox, if any. */
export async function startInboundSources(p: {
  cfg: Config;
  db: pg.Pool;
  queues: Queues;
  log: Logger;
  say: (line: string) => void;
}): Promise<InboundSources> {
  const deps = { db: p.db, queues: p.queues };
  const port = p.cfg.INBOUND_SMTP_PORT ?? (p.cfg.DATABASE_URL ? undefined : 2525);
  let smtp: SmtpReceiver | undefined;
  if (port !== undefined && port !== 0) {
    const settings = mailSettings(p.cfg);
    smtp = await startSmtpReceiver({
      host: p.cfg.INBOUND_SMTP_HOST,
      port,
      domains: [...new Set([settings.replyDomain, emailDomain(settings.mailFrom)])],
      accept: (raw) => receiveInbound(deps, raw, "smtp"),
      log: p.log,
    }).catch((err: Error) => {
      p.say(`phoihop: không mở được cổng nhận thư SMTP ${p.cfg.INBOUND_SMTP_HOST}:${port} (${err.message})`);
      return undefined;
    });
    if (smtp) p.say(`phoihop: nhận thư trả lời qua SMTP tại ${p.cfg.INBOUND_SMTP_HOST}:${smtp.port}`);
  }
  const imap = p.cfg.IMAP_URL
    ? startImapReader({
        url: p.cfg.IMAP_URL,
        processedFolder: p.cfg.IMAP_PROCESSED_FOLDER,
        accept: (raw) => receiveInbound(deps, raw, "imap"),
        log: p.log,
      })
    : undefined;
  if (imap) p.say("phoihop: đọc thư trả lời từ hộp thư IMAP");
  return {
    ...(smtp ? { smtp } : {}),
    ...(imap ? { imap } : {}),
    async close() {
      await smtp?.close();
      await imap?.close();
    },
  };
}
