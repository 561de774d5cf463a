import { createConnection, type Socket } from "node:net";

/**
 * A bare SMTP client on a socket, for what real clients do that nodemailer will not: ignore SIZE, send a
 * message in one stream of any length, send any bytes. Resolves with every reply line the server gave.
 */
export async function rawSmtpSend(p: {
  port: number;
  from: string;
  to: string[];
  /** ESMTP parameters of MAIL FROM, e.g. "SIZE=123" (RFC 1870). */
  mailParams?: string;
  /** Called to write the message body (already dot-stuffed, without the final "."). */
  write: (socket: Socket) => Promise<void>;
}): Promise<{ replies: string[]; dataReply: string }> {
  const socket = createConnection({ host: "127.0.0.1", port: p.port });
  const replies: string[] = [];
  let buffered = "";
  const waiters: ((line: string) => void)[] = [];
  socket.on("data", (d) => {
    buffered += d.toString("latin1");
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl).replace(/\r$/, "");
      buffered = buffered.slice(nl + 1);
      replies.push(line);
      // Multi-line replies ("250-…") end with the line that has a space after the code.
      if (/^\d{3} /.test(line)) waiters.shift()?.(line);
    }
  });
  const next = () => new Promise<string>((resolve) => waiters.push(resolve));
  const command = async (line: string) => {
    const reply = next();
    socket.write(`${line}\r\n`);
    return reply;
  };
  try {
    await next();
    await command("EHLO client.example");
    const mail = await command(`MAIL FROM:<${p.from}>${p.mailParams ? ` ${p.mailParams}` : ""}`);
    if (!mail.startsWith("250")) return { replies, dataReply: mail };
    for (const to of p.to) await command(`RCPT TO:<${to}>`);
    const go = await command("DATA");
    if (!go.startsWith("354")) return { replies, dataReply: go };
    const done = next();
    await p.write(socket);
    socket.write("\r\n.\r\n");
    const dataReply = await done;
    await command("QUIT").catch(() => "");
    return { replies, dataReply };
  } finally {
    socket.destroy();
  }
}

/** Writes `total` bytes of a plain message body in chunks, waiting for the socket to drain (back-pressure). */
export async function writeFiller(socket: Socket, head: string, total: number): Promise<void> {
  socket.write(head);
  const line = Buffer.from(`${"x".repeat(998)}\r\n`);
  const chunk = Buffer.concat(Array.from({ length: 64 }, () => line));
  for (let sent = 0; sent < total; sent += chunk.length) {
    if (!socket.write(chunk)) await new Promise((r) => socket.once("drain", r));
  }
}
