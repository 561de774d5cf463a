import { type ChildProcess, exec, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

/**
 * Every shell command of README.md, run as written, in order: `npm start` (then its SIGTERM), the first request by
 * hand with curl, the registry import, the production commands, backup and restore. What is changed is only where
 * things are: `localhost:3000` becomes the port the test's service got (PORT=0), the `<user id>`/`<token id>`/`$T`
 * /`$ID` placeholders are the values the previous commands printed, and the environment points DATA_DIR at a
 * temporary folder. A command this test does not know fails it: a new README command needs a test here.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The commands of the ```sh blocks: continuation lines joined, comments dropped. */
function readmeCommands(): string[] {
  const commands: string[] = [];
  for (const block of README.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const joined = block[1]!.replace(/\\\n\s*/g, "");
    for (const line of joined.split("\n")) {
      const command = line.replace(/\s{2,}#.*$/, "").trim();
      if (command) commands.push(command);
    }
  }
  return commands;
}

/** Not run here, each with its reason. */
const NOT_RUN: [RegExp, string][] = [
  [/^npm test$/, "this test is part of it"],
  // The production exports point at hosts (db, cache, mail.example) of a production network.
  [/^export (DATABASE_URL|REDIS_URL|SMTP_URL)=/, "production hosts"],
];

let work: string;
let dataDir: string;
let service: ChildProcess;
let output = "";
let base = "";
const vars: Record<string, string> = {};

function env(extra: Record<string, string> = {}) {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/root",
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    // The test's services take any free port, never 2525 (another run may hold it).
    PORT: "0",
    INBOUND_SMTP_PORT: "0",
    ...vars,
    ...extra,
  };
}

function sh(command: string, opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const line = command.replaceAll("localhost:3000", base.replace(/^http:\/\//, ""));
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    exec(
      line,
      { cwd: opts.cwd ?? work, env: env(opts.env), shell: "/bin/bash", timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const lastLine = (text: string) => text.trim().split("\n").at(-1) ?? "";

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "phoihop-readme-"));
  // As root, the embedded PostgreSQL runs as the user postgres, which must reach DATA_DIR inside this folder.
  await chmod(work, 0o711);
  dataDir = path.join(work, "data");
  // Where `npx phoihop` finds the command, as in a folder where phoihop is installed.
  await mkdir(path.join(work, "node_modules", ".bin"), { recursive: true });
  await symlink(path.join(ROOT, "bin", "phoihop"), path.join(work, "node_modules", ".bin", "phoihop"));
}, 60_000);

afterAll(async () => {
  if (service && service.exitCode === null) service.kill("SIGKILL");
  await rm(work, { recursive: true, force: true });
});

describe("every README command, as written", () => {
  const commands = readmeCommands();

  it("knows every command the README has", () => {
    const handled = [
      /^npm ci && npm start$/,
      /^npx phoihop /,
      /^export T=php_…$/,
      /^curl /,
      /^npm ci && npm run build$/,
      /^node dist\/main\.js (migrate|start --role (api|worker))$/,
    ];
    for (const command of commands) {
      const known = handled.some((p) => p.test(command)) || NOT_RUN.some(([p]) => p.test(command));
      expect(known, `README command without a test: ${command}`).toBe(true);
    }
    expect(commands.length).toBeGreaterThan(20);
  });

  it("runs them in order", async () => {
    for (const command of commands) {
      if (NOT_RUN.some(([p]) => p.test(command))) continue;
      await run(command);
    }
  }, 600_000);

  it("npm start passes SIGTERM through: the service stops gracefully, and its PostgreSQL with it", async () => {
    const exited = new Promise<number | null>((resolve) => service.once("exit", (code) => resolve(code)));
    service.kill("SIGTERM");
    expect(await exited, output).toBe(0);
    expect(output).toContain("phoihop: nhận SIGTERM, đang dừng…");
    expect(existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);
  }, 60_000);
});

async function run(command: string): Promise<void> {
  if (command === "npm ci && npm start") {
    // npm ci is what this checkout was installed with; `npm start` is run as the README says.
    service = spawn("npm", ["start"], { cwd: ROOT, env: env(), stdio: ["ignore", "pipe", "pipe"] });
    service.stdout!.on("data", (d) => (output += d));
    service.stderr!.on("data", (d) => (output += d));
    base = await eventually(async () => /API tại (http:\/\/[\d.:]+)\/v1/.exec(output)?.[1], 90_000).catch(
      () => {
        throw new Error(`npm start did not start:\n${output}`);
      },
    );
    vars.ADMIN = /php_[A-Za-z0-9_-]{43}/.exec(output)![0];
    return;
  }
  if (command === "export T=php_…") {
    vars.T = vars.LAST_TOKEN!;
    return;
  }
  if (command.startsWith("curl ")) return curl(command);
  if (command === "npm ci && npm run build") {
    const built = await sh("npm run build", { cwd: ROOT });
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(path.join(ROOT, "dist", "main.js"))).toBe(true);
    return;
  }
  if (command.startsWith("node dist/main.js start")) return startAndStop(command);
  if (command === "node dist/main.js migrate") {
    const ran = await sh(command, { cwd: ROOT });
    expect(ran.code, ran.stderr).toBe(0);
    return;
  }
  return npx(command);
}

async function npx(command: string): Promise<void> {
  const filled = command
    .replace("<user id>", vars.USER_ID ?? "<no user yet>")
    .replace("<token id>", vars.TOKEN_ID ?? "<no token yet>");
  if (/committees import committees\.json/.test(filled)) {
    const example = /```json\n([\s\S]*?)```/.exec(README)![1]!;
    await writeFile(path.join(work, "committees.json"), example);
  }
  if (/ restore /.test(filled)) {
    // "into an EMPTY database: a new DATA_DIR".
    const ran = await sh(filled, { env: { DATA_DIR: path.join(work, "restored") } });
    expect(ran.code, `${filled}\n${ran.stderr}`).toBe(0);
    expect(ran.stdout).toContain("đã khôi phục");
    return;
  }
  const ran = await sh(filled);
  expect(ran.code, `${filled}\n${ran.stdout}\n${ran.stderr}`).toBe(0);
  const last = lastLine(ran.stdout);
  if (/token create/.test(filled)) {
    expect(last).toMatch(/^php_[A-Za-z0-9_-]{43}$/);
    vars.LAST_TOKEN = last;
    vars.TOKEN_ID = /mã ([0-9a-f-]{36}) \(/.exec(ran.stdout)![1]!;
  } else if (/user create/.test(filled)) {
    expect(last).toMatch(/^[0-9a-f-]{36}$/);
    vars.USER_ID = last;
  } else if (/token revoke/.test(filled)) {
    expect(last).toBe("đã thu hồi");
  } else if (/committees import/.test(filled)) {
    expect(last).toBe("đã cập nhật 2 ủy ban");
  } else if (/reports run/.test(filled)) {
    expect(last).toMatch(/^kỳ 2026-Q3: \d+ báo cáo mới, \d+ đã có từ trước$/);
  } else if (/ backup /.test(filled)) {
    expect(last).toMatch(/^phoihop: đã sao lưu \d+ dòng/);
  } else throw new Error(`no check for: ${filled}`);
}

async function curl(command: string): Promise<void> {
  if (command.includes("-d @request.json")) {
    // Dates from today: a period already past is refused at the edge.
    const body = staffSecondmentBody();
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    body.payload.period = { from: inDays(10), to: inDays(40) };
    await writeFile(path.join(work, "request.json"), JSON.stringify(body));
  }
  // Approving renders and sends in the background: the request page is read once the letter is out.
  if (/^curl -s localhost:3000\/v1\/requests\/\$ID /.test(command)) {
    const detail = await eventually(async () => {
      const d = JSON.parse((await sh(command)).stdout);
      return d.status === "sent" && d;
    }, 60_000);
    expect(detail.documents.length).toBeGreaterThan(0);
    expect(detail.messages[0].status).toBe("outbox");
    return;
  }
  const ran = await sh(command);
  expect(ran.code, ran.stderr).toBe(0);
  const body = JSON.parse(ran.stdout);
  expect(body.error, `${command}\n${ran.stdout}`).toBeUndefined();
  if (command.includes("-d @request.json")) {
    expect(body.status).toBe("draft");
    vars.ID = body.id;
  }
  if (command.includes("/submit")) expect(body.status).toBe("submitted");
  if (command.includes("/approve")) expect(body.status).not.toBe("submitted");
  if (command.includes("/v1/outbox")) expect(body.items.length).toBeGreaterThan(0);
}

/** A long-running start: it must come up against the same data (sharing the running PostgreSQL) and stop on SIGTERM. */
async function startAndStop(command: string): Promise<void> {
  const [, ...args] = command.split(" ");
  const child = spawn(process.execPath, args, { cwd: ROOT, env: env(), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const up = command.endsWith("api") ? /API tại http/ : /worker đã chạy/;
  await eventually(async () => up.test(out) || child.exitCode !== null, 90_000);
  expect(child.exitCode, out).toBeNull();
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  expect(await exited, out).toBe(0);
}
