import { execFile, spawn } from "node:child_process";
import { connect } from "node:net";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freeLoopbackPort } from "../../src/runtime/database.js";

const run = promisify(execFile);
export const DOVECOT = "/usr/sbin/dovecot";
export const hasDovecot = existsSync(DOVECOT);

export interface Dovecot {
  url: string;
  user: string;
  password: string;
  port: number;
  stop(): Promise<void>;
}

/** A throw-away Dovecot (Debian's dovecot-imapd) on loopback, plaintext, one static user, maildir in a temp dir. */
export async function startDovecot(): Promise<Dovecot> {
  const dir = await mkdtemp(path.join(tmpdir(), "phoihop-dovecot-"));
  await chmod(dir, 0o755);
  const port = await freeLoopbackPort();
  // Mail is stored as the dovecot system user (Dovecot refuses to act as root for a mail user).
  const uid = Number((await run("id", ["-u", "dovecot"])).stdout.trim());
  const gid = Number((await run("id", ["-g", "dovecot"])).stdout.trim());
  for (const sub of ["run", "state", "mail"]) await mkdir(path.join(dir, sub));
  await chown(path.join(dir, "mail"), uid, gid);
  const conf = path.join(dir, "dovecot.conf");
  await writeFile(
    conf,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 0
passdb {
  driver = static
  args = password=secret
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  // Dovecot daemonises; its child keeps inherited pipes open, so wait for the launcher's exit, not for its output.
  await new Promise<void>((resolve, reject) => {
    const launcher = spawn(DOVECOT, ["-c", conf], { stdio: "ignore" });
    launcher.once("error", reject);
    launcher.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`dovecot exited ${code}`))));
  });
  await waitForPort(port);
  return {
    url: `imap://replies:secret@127.0.0.1:${port}/INBOX`,
    user: "replies",
    password: "secret",
    port,
    async stop() {
      await new Promise<void>((resolve) =>
        spawn(DOVECOT, ["-c", conf, "stop"], { stdio: "ignore" }).once("exit", () => resolve()),
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot did not listen on ${port}`);
}
