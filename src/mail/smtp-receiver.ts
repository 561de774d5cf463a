import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import type { Logger } from "../runtime/logger.js";
import { MAX_INBOUND_BYTES } from "./inbound/parse.js";

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

/**
 * The in-process SMTP receiver on loopback: an MTA in front (or the embedded mode) hands it mail for our reply
 * domains. It only accepts and stores; everything else happens in the inbound job. Not a relay: other domains
 * are refused at RCPT.
 */
export async function startSmtpReceiver(p: {
  host: string;
  port: number;
  domains: string[];
  accept: (raw: Buffer) => Promise<unknown>;
  log: Logger;
  /** Largest message taken (SIZE, RFC 1870); default MAX_INBOUND_BYTES. */
  maxBytes?: number;
}): Promise<SmtpReceiver> {
  const maxBytes = p.maxBytes ?? MAX_INBOUND_BYTES;
  const domains = p.domains.map((d) => d.toLowerCase());
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: maxBytes,
    logger: false,
    banner: "phoihop inbound",
    onRcptTo(address, _session, callback) {
      const domain = address.address.split("@")[1]?.toLowerCase() ?? "";
      if (!domains.includes(domain))
        return callback(Object.assign(new Error("5.7.1 Relaying denied"), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      // Bytes are counted as they come: past the limit nothing more is kept and the rest is read and dropped,
      // so memory is bounded by the limit whatever the client sends. SMTP allows the reply only after the final
      // "." (RFC 5321 §4.1.1.4): smtp-server answers 552 then.
      let chunks: Buffer[] = [];
      let bytes = 0;
      let over = false;
      stream.on("data", (c: Buffer) => {
        if (over) return;
        bytes += c.length;
        if (bytes > maxBytes) {
          over = true;
          chunks = [];
          p.log.warn(`smtp receiver: message over ${maxBytes} bytes, dropping the rest`);
          return;
        }
        chunks.push(c);
      });
      stream.on("end", () => {
        if (over || (stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(Object.assign(new Error("5.3.4 Message too big"), { responseCode: 552 }));
        }
        // Answer 250 only once the raw message is in the database: a crash before that makes the sender retry.
        p.accept(Buffer.concat([deliveryHeaders(session), ...chunks])).then(
          () => callback(null, "2.0.0 stored"),
          (err: Error) => {
            p.log.warn(`smtp receiver: could not store a message: ${err.message}`);
            callback(Object.assign(new Error("4.3.0 Try again later"), { responseCode: 451 }));
          },
        );
      });
    },
  });
  server.on("error", (err) => p.log.warn(`smtp receiver: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(p.port, p.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * What a delivering MTA adds: the envelope sender (an empty one marks bounces and auto-replies) and the
 * envelope recipients (a Bcc'd reply token is only there).
 */
function deliveryHeaders(session: SMTPServerSession): Buffer {
  const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
  const lines = [
    `Return-Path: <${from}>`,
    ...session.envelope.rcptTo.map((r) => `Delivered-To: ${r.address}`),
  ];
  return Buffer.from(`${lines.join("\r\n")}\r\n`);
}
