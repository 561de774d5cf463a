// `phoihop start` in the embedded mode, as a first install runs it: nothing configured but an empty DATA_DIR and a
// free port (its own PostgreSQL, queues on it, letters kept in the outbox). Used by the embedded e2e test and the
// letters bench.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { eventually } from "./harness.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface EmbeddedService {
  child: ChildProcess;
  output: () => string;
  /** The API's base address, as the service prints it ("API tại http://…/v1"), without `/v1`. */
  url: string;
}

/** The environment an embedded service runs with (the CLI beside it needs the same DATA_DIR). */
export function embeddedEnv(dataDir: string): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", DATA_DIR: dataDir };
}

/** Starts `<entry> start` (bin/phoihop or dist/main.js) and resolves once it prints its API address. */
export async function startEmbedded(entry: string, dataDir: string): Promise<EmbeddedService> {
  const child = spawn(process.execPath, [entry, "start"], {
    env: { ...embeddedEnv(dataDir), PORT: "0", LOG_LEVEL: "warn" },
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = await eventually(async () => /API tại (http:\/\/[\d.:]+)\/v1/.exec(out)?.[1], 60_000).catch(
    () => {
      child.kill("SIGKILL");
      throw new Error(`service did not start:\n${out}`);
    },
  );
  return { child, output: () => out, url };
}

/** SIGTERM, and the exit code once it has exited. */
export async function stopEmbedded(s: EmbeddedService): Promise<number | null> {
  if (s.child.exitCode !== null) return s.child.exitCode;
  const exited = new Promise<number | null>((resolve) => s.child.once("exit", (code) => resolve(code)));
  s.child.kill("SIGTERM");
  return exited;
}
