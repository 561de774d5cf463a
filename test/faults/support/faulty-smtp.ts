import type { Socket } from "node:net";
import { SMTPServer } from "smtp-server";
import { freeLoopbackPort } from "../../../src/runtime/database.js";

/** What the server answers at the end of DATA: accept, or refuse with a code (451, 550). */
export type Answer = "accept" | { code: number; message: string };

/**
 * An SMTP server a test can stop, slow down or make refuse. It counts what it accepted by Message-ID, at the
 * moment it decides to accept — as an MTA that has queued the message, whether the client is still there or not.
 */
export interface FaultySmtp {
  url: string;
  /** Message-ID → how many times it was accepted. */
  accepted: Map<string, number>;
  answer(a: Answer): void;
  /** Wait this long before answering the end of DATA. */
  delayAnswer(ms: number): void;
  /** Keep every answer at the end of DATA until the returned function is called. */
  holdAnswers(): () => void;
  /** DATA ends seen (accepted or not): a send in progress shows here first. */
  dataEnds(): number;
  /** The Message-IDs whose DATA has ended here (accepted, refused or still waiting for the answer). */
  ended(): Set<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

const MESSAGE_ID = /^Message-ID:\s*(<[^>\r\n]+>)/im;

export async function startFaultySmtp(): Promise<FaultySmtp> {
  const port = await freeLoopbackPort();
  const accepted = new Map<string, number>();
  let answer: Answer = "accept";
  let delayMs = 0;
  let ends = 0;
  const endedIds = new Set<string>();
  let held: (() => void)[] | undefined;
  let server: SMTPServer | undefined;
  const sockets = new Set<Socket>();
  const start = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      // A message every few hundred ms for minutes: no per-connection limit gets in the way.
      maxClients: 200,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          ends++;
          const head = Buffer.concat(chunks).toString("latin1", 0, 16_384);
          const id = head.match(MESSAGE_ID)?.[1] ?? "(no Message-ID)";
          endedIds.add(id);
          const decide = () => {
            const now = answer;
            if (now !== "accept")
              return callback(Object.assign(new Error(now.message), { responseCode: now.code }));
            accepted.set(id, (accepted.get(id) ?? 0) + 1);
            callback(null, "250 2.0.0 Ok: queued");
          };
          if (held) held.push(decide);
          else if (delayMs > 0) setTimeout(decide, delayMs);
          else decide();
        });
      },
    });
    // A client killed mid-session resets its connection: that is the point of these tests, not an error.
    server.on("error", () => {});
    server.server.on("connection", (socket: Socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
  };
  await start();
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    answer: (a) => {
      answer = a;
    },
    delayAnswer: (ms) => {
      delayMs = ms;
    },
    dataEnds: () => ends,
    ended: () => new Set(endedIds),
    holdAnswers: () => {
      held = [];
      return () => {
        const waiting = held ?? [];
        held = undefined;
        for (const decide of waiting) decide();
      };
    },
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    start,
  };
}
