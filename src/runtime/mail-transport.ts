import { Readable } from "node:stream";
import nodemailer from "nodemailer";
import type { Config } from "../config.js";

export type SendOutcome =
  | { kind: "sent"; response: string }
  | { kind: "retry"; error: string }
  | { kind: "uncertain"; error: string }
  | { kind: "permanent"; error: string };

/** Where outbound mail goes: SMTP when configured, else the outbox table (nothing leaves the machine). */
export type MailTransport =
  | {
      kind: "smtp";
      send(envelope: { from: string; to: string }, raw: Buffer): Promise<SendOutcome>;
      close(): void;
    }
  | { kind: "outbox"; close(): void };

export function openMailTransport(cfg: Config): MailTransport {
  if (!cfg.SMTP_URL) return { kind: "outbox", close() {} };
  // A pool of connections (nodemailer's default is 5): one TCP+TLS handshake per connection, not per letter.
  const url = new URL(cfg.SMTP_URL);
  if (!url.searchParams.has("pool")) url.searchParams.set("pool", "true");
  // Bounded waits (nodemailer's defaults reach 10 minutes): an attempt ends well within its lease on the message.
  const timeout = cfg.MAIL_SEND_TIMEOUT_MS;
  const transporter = nodemailer.createTransport({
    url: url.toString(),
    connectionTimeout: Math.min(timeout, 30_000),
    greetingTimeout: Math.min(timeout, 30_000),
    socketTimeout: timeout,
  });
  return {
    kind: "smtp",
    async send(envelope, raw) {
      // nodemailer reads the message only after the server's 354: a body read to its end means the server may
      // already have the whole message, so a connection lost afterwards leaves the outcome uncertain.
      let delivered = false;
      const body = Readable.from([raw]);
      body.on("end", () => {
        delivered = true;
      });
      try {
        const info = await transporter.sendMail({ envelope, raw: body });
        return { kind: "sent", response: info.response };
      } catch (err) {
        return classifySmtpError(err as SmtpError, delivered);
      }
    },
    close: () => transporter.close(),
  };
}

interface SmtpError {
  message: string;
  responseCode?: number;
  command?: string;
  code?: string;
}

/** 5xx is final; 4xx and connection trouble are retried; a connection lost after the data may have delivered. */
export function classifySmtpError(err: SmtpError, dataSent: boolean): SendOutcome {
  const error = err.message;
  if (err.responseCode && err.responseCode >= 500) return { kind: "permanent", error };
  if (err.responseCode && err.responseCode >= 400) return { kind: "retry", error };
  if (dataSent) return { kind: "uncertain", error };
  return { kind: "retry", error };
}
