import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import type { Logger } from "../runtime/logger.js";

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

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
}): Promise<SmtpReceiver> {
  const domains = p.domains.map((d) => d.toLowerCase());
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: "phoihop inbound",
    onRcptTo(address, _session, callback) {
      const domain = address.address.split("@")[1]?.toLowerCase() ?? "";
      if (!domains.includes(domain))
        return callback(Object.assign(new Error("5.7.1 Relaying denied"), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
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
