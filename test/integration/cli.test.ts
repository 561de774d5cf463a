import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freeLoopbackPort } from "../../src/runtime/database.js";
import { createLogger } from "../../src/runtime/logger.js";
import { openQueues } from "../../src/runtime/queues.js";
import { loadConfig } from "../../src/config.js";
import { createTestDatabase, eventually, TEST_PG_ADMIN_URL, untilQueueAnswers } from "../support/harness.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/phoihop");
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string })
  .version;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function phoihop(args: string[], env: Record<string, string> = {}, cwd = ROOT): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", ...env },
        timeout: 60_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// Every case starts the real command (tsx loading the sources): seconds each on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoihop-cli-"));
  // As root, an embedded PostgreSQL runs as the user postgres, which must reach the DATA_DIRs inside.
  await chmod(dir, 0o711);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("help and version", () => {
  it("--help for the whole tool and for every command exits 0 and shows that command", async () => {
    const all = await phoihop(["--help"]);
    expect(all.code).toBe(0);
    const commands = [
      ["start"],
      ["migrate"],
      ["user", "create"],
      ["token", "create"],
      ["token", "revoke"],
      ["committees", "import"],
      ["reports", "run"],
      ["backup"],
      ["restore"],
    ];
    const helps = await Promise.all(commands.map((command) => phoihop([...command, "--help"])));
    commands.forEach((command, i) => {
      expect(all.stdout).toContain(`phoihop ${command.join(" ")}`);
      const one = helps[i]!;
      expect(one.code, command.join(" ")).toBe(0);
      expect(one.stdout.split("\n")[0]).toContain(`phoihop ${command.join(" ")}`);
      // Its own entry, not the whole list.
      expect(one.stdout.length).toBeLessThan(all.stdout.length);
    });
  }, 180_000);

  it("--version prints the package version", async () => {
    expect(await phoihop(["--version"])).toMatchObject({ code: 0, stdout: `phoihop ${VERSION}\n` });
  });

  it("an unknown option or command is one Vietnamese line and exit 1, no stack", async () => {
    const option = await phoihop(["token", "create", "--comittee", "X"]);
    expect(option.code).toBe(1);
    expect(option.stderr).toContain("tùy chọn không rõ: --comittee");
    expect(option.stderr).not.toMatch(/\n\s+at /);
    const command = await phoihop(["frobnicate"]);
    expect(command.code).toBe(1);
    expect(command.stderr).toContain("lệnh không rõ “frobnicate”");
  }, 120_000);
});

describe("the service's data", () => {
  it("token create in a folder without the service's data refuses, says where it looked, and creates nothing", async () => {
    const elsewhere = path.join(dir, "elsewhere");
    const ran = await phoihop(["token", "create", "--committee", "NGHE-AN", "--role", "clerk"], {
      DATA_DIR: elsewhere,
    });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(`không có dữ liệu phoihop trong ${elsewhere} (DATA_DIR)`);
    expect(ran.stdout).not.toMatch(/php_/);
    expect(existsSync(elsewhere)).toBe(false);
  });
});

describe("start-up failures: one line, exit 1, nothing started", () => {
  const expectOneLine = (ran: Ran, text: string) => {
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(text);
    expect(ran.stderr).not.toMatch(/\n\s+at /);
    expect(ran.stderr.trim().split("\n")).toHaveLength(1);
  };

  it("a port in use is said before the database starts", async () => {
    const busy: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      busy.listen(0, "127.0.0.1", () => resolve((busy.address() as { port: number }).port)),
    );
    try {
      const dataDir = path.join(dir, "port-in-use");
      const ran = await phoihop(["start"], { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn" });
      expectOneLine(ran, `cổng ${port} trên 127.0.0.1 đang được một chương trình khác dùng`);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      busy.close();
    }
  });

  it("an unreachable database names its address, never its password", async () => {
    const port = await freeLoopbackPort();
    const ran = await phoihop(["start"], {
      PORT: "0",
      DATABASE_URL: `postgres://phoihop:hunter2@127.0.0.1:${port}/phoihop`,
    });
    expectOneLine(ran, `không kết nối được PostgreSQL tại 127.0.0.1:${port}/phoihop`);
    expect(ran.stderr).toContain("từ chối kết nối");
    expect(ran.stderr).not.toContain("hunter2");
  });

  it("an unreachable Redis names its address", async () => {
    const port = await freeLoopbackPort();
    const ran = await phoihop(["start"], {
      PORT: "0",
      DATABASE_URL: TEST_PG_ADMIN_URL,
      REDIS_URL: `redis://:sesame@127.0.0.1:${port}`,
    });
    expectOneLine(ran, `không kết nối được Redis tại 127.0.0.1:${port}`);
    expect(ran.stderr).not.toContain("sesame");
  });

  it("a wrong setting is a line per field, in Vietnamese", async () => {
    const ran = await phoihop(["start"], { PORT: "abc", LOG_LEVEL: "loud" });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('PORT: phải là một số nguyên từ 0 đến 65535 (đang đặt "abc")');
    expect(ran.stderr).toContain("LOG_LEVEL: phải là một trong: debug, info, warn, error, silent");
    expect(ran.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("Ctrl-C in a terminal", () => {
  it("stops the embedded mode cleanly: the signal reaches the whole process group, PostgreSQL stops last", async () => {
    const dataDir = path.join(dir, "ctrl-c");
    // A terminal sends SIGINT to every process of its foreground group: run phoihop as the leader of a group.
    const child = spawn(process.execPath, [BIN, "start"], {
      cwd: ROOT,
      detached: true,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/root",
        DATA_DIR: dataDir,
        PORT: "0",
        INBOUND_SMTP_PORT: "0",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    try {
      await eventually(async () => out.includes("giao diện web tại") || child.exitCode !== null, 90_000);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      process.kill(-child.pid!, "SIGINT");
      expect(await exited, out).toBe(0);
      expect(out).toContain("phoihop: nhận SIGINT, đang dừng…");
      expect(out).not.toMatch(/terminating connection|Unhandled|\n\s+at /);
      expect(existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    }
  });
});

describe("a worker-only process", () => {
  it("serves its own /metrics on METRICS_PORT (loopback, no token needed there) and stops on SIGTERM", async () => {
    const database = await createTestDatabase();
    const port = await freeLoopbackPort();
    const child = spawn(process.execPath, [BIN, "start", "--role", "worker"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/root",
        DATABASE_URL: database.url,
        QUEUE_PREFIX: `t${port}`,
        METRICS_PORT: String(port),
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    try {
      await eventually(async () => out.includes("worker đã chạy") || child.exitCode !== null, 90_000);
      expect(out).toContain(`số liệu (Prometheus) tại http://127.0.0.1:${port}/metrics`);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/phoihop_queue_jobs\{queue="mail",state="waiting"\} \d+/);
      expect(text).toMatch(/phoihop_process_cpu_user_seconds_total/);
      // Only the figures: no API, no pages on that port.
      expect((await fetch(`http://127.0.0.1:${port}/v1/me`)).status).toBe(404);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited, out).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await database.drop();
    }
  });
});

describe("a Redis outage after start", () => {
  it("is one line when it starts and one when it ends, however often the clients retry", async () => {
    const port = await freeLoopbackPort();
    const startRedis = () =>
      spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        {
          stdio: "ignore",
        },
      );
    let redis = startRedis();
    const lines: string[] = [];
    const log = createLogger("debug", "phoihop", { write: (l: string) => void lines.push(l) });
    const cfg = loadConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_PREFIX: "outage" });
    const queues = openQueues(cfg, "", log);
    let worker: ReturnType<typeof queues.createWorker> | undefined;
    try {
      await untilQueueAnswers(queues);
      worker = queues.createWorker("maintenance", async () => {}, { concurrency: 1 });
      await worker.waitUntilReady();
      // (A start before redis-server listened may have been an outage of its own: count from here.)
      const before = lines.length;
      const since = () => lines.slice(before);
      redis.kill("SIGKILL");
      await new Promise((r) => setTimeout(r, 4_000));
      const down = since().filter((l) => l.includes("không trả lời"));
      expect(down, since().join("")).toHaveLength(1);
      expect(down[0]).toContain(`Redis tại 127.0.0.1:${port}`);
      expect(since().length, since().join("")).toBe(1);
      redis = startRedis();
      await eventually(async () => since().some((l) => l.includes("đã trả lời lại")), 15_000).catch(() => {
        throw new Error(`no recovery line: ${since().join("")}`);
      });
    } finally {
      // Bounded: a client still reconnecting must not hold the test.
      const closed = (async () => {
        await worker?.close(true);
        await queues.close();
      })();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 5_000))]);
      redis.kill("SIGKILL");
    }
  });
});

describe("reports run with the queue away", () => {
  it("issues the reports, says the workers will render them, and exits 0 within its wait", async () => {
    const db = await createTestDatabase();
    try {
      const { insertReportSchedule } = await import("../../src/db/queries/report-schedules.js");
      const { rows } = await db.pool.query<{ id: number }>("select id from committees where code = 'CATW'");
      await insertReportSchedule(db.pool, {
        code: "bc-cli",
        name: "Báo cáo tháng về phối hợp",
        fromCommitteeId: rows[0]!.id,
        target: "committee:NGHE-AN",
        periodType: "month",
        cutoff: { closesOnDay: "last", dueWorkingDays: 5 },
      });
      const port = await freeLoopbackPort();
      const ran = await phoihop(["reports", "run", "--schedule", "bc-cli", "--period", "2026-01"], {
        DATABASE_URL: db.url,
        REDIS_URL: `redis://127.0.0.1:${port}`,
      });
      expect(ran.stdout).toContain("kỳ 2026-01: 1 báo cáo mới");
      expect(ran.stdout).toContain("các worker sẽ tự tạo và gửi 1 văn bản");
      expect(ran.code).toBe(0);
      const issued = await db.pool.query("select count(*)::int as n from documents");
      expect(issued.rows[0].n).toBe(1);
    } finally {
      await db.drop();
    }
  });
});
