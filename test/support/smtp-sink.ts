import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** accept; reject with an SMTP code; or take the whole message and drop the connection before answering. */
type Mode = "accept" | "drop-after-data" | { code: number; message: string };

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** What the next DATA answers: accept, or reject with an SMTP code (e.g. 550, 451). */
  respondWith(mode: Mode): void;
  close(): Promise<void>;
}

/** A real SMTP peer on loopback (smtp-server), keeping what it accepts, parsed. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let mode: Mode = "accept";
  const sockets = new Set<import("node:net").Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        if (mode === "drop-after-data") {
          for (const socket of sockets) socket.destroy();
          return;
        }
        if (mode !== "accept") {
          const err = Object.assign(new Error(mode.message), { responseCode: mode.code });
          return callback(err);
        }
        const raw = Buffer.concat(chunks);
        received.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
        });
        callback(null, "250 2.0.0 Ok: queued as TEST");
      });
    },
  });
  server.server.on("connection", (socket: import("node:net").Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    respondWith: (m) => (mode = m),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
