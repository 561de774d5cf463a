import type { ImapFlow } from "imapflow";
import type { Logger } from "../runtime/logger.js";
import { MAX_INBOUND_BYTES } from "./inbound/parse.js";

export interface ImapReader {
  /** Resolves after one full pass over the mailbox (used by tests and at start). */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

const SWEEP_MS = 60_000;
const MAX_BACKOFF_MS = 60_000;

/**
 * Reads an IMAP mailbox: IDLE for new mail plus a periodic sweep; each message is stored (accept) and then moved
 * to the "processed" folder, so a crash between the two only means it is seen again (and deduplicated).
 * Reconnects with backoff.
 */
export function startImapReader(p: {
  url: string;
  processedFolder: string;
  accept: (raw: Buffer) => Promise<unknown>;
  log: Logger;
  /** Largest message downloaded; default MAX_INBOUND_BYTES. */
  maxBytes?: number;
}): ImapReader {
  const maxBytes = p.maxBytes ?? MAX_INBOUND_BYTES;
  const u = new URL(p.url);
  const mailbox = decodeURIComponent(u.pathname.replace(/^\//, "")) || "INBOX";
  let client: ImapFlow | undefined;
  let closed = false;
  let backoff = 1_000;
  let sweeping: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<ImapFlow> => {
    // Loaded when IMAP_URL is set and the reader connects, not at every start-up (~0.2 s).
    const { ImapFlow: Client } = await import("imapflow");
    const c = new Client({
      host: u.hostname,
      port: Number(u.port) || (u.protocol === "imaps:" ? 993 : 143),
      secure: u.protocol === "imaps:",
      auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
      logger: false,
      // A self-signed loopback server in tests; a real deployment keeps verification on.
      tls: { rejectUnauthorized: !["127.0.0.1", "localhost"].includes(u.hostname) },
    });
    c.on("error", (err: Error) => p.log.warn(`imap: ${err.message}`));
    c.on("close", () => {
      if (client === c) client = undefined;
      if (!closed) setTimeout(() => void ensure().catch(() => {}), backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    });
    c.on("exists", () => void sweep().catch(() => {}));
    await c.connect();
    await c.mailboxCreate(p.processedFolder).catch(() => {});
    await c.mailboxOpen(mailbox);
    backoff = 1_000;
    return c;
  };

  const ensure = async (): Promise<ImapFlow> => {
    if (closed) throw new Error("imap reader closed");
    client ??= await connect();
    return client;
  };

  const passOnce = async (): Promise<number> => {
    const c = await ensure();
    const uids: number[] = [];
    if (typeof c.mailbox === "object" && c.mailbox.exists === 0) return 0;
    // Sizes first: a message over the limit is never downloaded (memory stays bounded by the limit); it stays in
    // the mailbox, where a person sees it, as the SMTP receiver would have refused it with 552.
    const wanted: number[] = [];
    for await (const msg of c.fetch("1:*", { uid: true, size: true })) {
      if ((msg.size ?? 0) <= maxBytes) wanted.push(msg.uid);
      else
        p.log.warn(
          `imap: message uid ${msg.uid} is ${msg.size} bytes, over ${maxBytes}: left in the mailbox`,
        );
    }
    if (!wanted.length) return 0;
    for await (const msg of c.fetch(wanted.join(","), { uid: true, source: true }, { uid: true })) {
      if (!msg.source) continue;
      await p.accept(msg.source);
      uids.push(msg.uid);
    }
    if (uids.length) await c.messageMove(uids.join(","), p.processedFolder, { uid: true });
    return uids.length;
  };

  const sweep = (): Promise<number> => {
    sweeping ??= passOnce().finally(() => (sweeping = undefined));
    return sweeping;
  };

  const tick = () => {
    if (closed) return;
    sweep()
      .catch((err: Error) => p.log.warn(`imap sweep: ${err.message}`))
      .finally(() => (timer = setTimeout(tick, SWEEP_MS)));
  };
  tick();

  return {
    sweep,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await sweeping?.catch(() => {});
      await client?.logout().catch(() => {});
    },
  };
}
