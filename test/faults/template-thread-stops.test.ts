// Template threads stopped over budget in the middle of their zlib work, from the outside: a process of their own
// (test/support/thread-termination-rig.ts) stops 4 threads at a time, 160 times, 1–3 ms into an inspection that
// inflates ~1,000 entries. Node 20 aborts a process whose thread is terminated inside a zlib call's setup
// (zlib-gate.ts); the pool shuts the gate first, so the process lives and answers every task.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const RIG = path.join(ROOT, "test/support/thread-termination-rig.ts");

describe("template threads stopped in the middle of native zlib", () => {
  it("never take their process down: every stop is a time verdict, every whole task an inspection", async () => {
    const rounds = 40;
    const run = await promisify(execFile)(process.execPath, ["--import", "tsx", RIG, String(rounds)], {
      cwd: ROOT,
      timeout: 240_000,
    }).catch((err: Error & { code?: number; signal?: string; stdout?: string; stderr?: string }) => err);
    const failed = run instanceof Error ? run : undefined;
    expect(
      failed,
      `exit ${failed?.code} ${failed?.signal ?? ""}: ${String(failed?.stderr ?? "").slice(0, 800)}`,
    ).toBeUndefined();
    const counts = JSON.parse(String((run as { stdout: string }).stdout).trim()) as Record<string, number>;
    // The whole tasks before and after the stops (4 each) are inspected; a stop can also come after the end.
    expect(counts.inspected ?? 0, JSON.stringify(counts)).toBeGreaterThanOrEqual(8);
    expect(counts.overBudget ?? 0, JSON.stringify(counts)).toBeGreaterThan(rounds);
    expect((counts.inspected ?? 0) + (counts.overBudget ?? 0), JSON.stringify(counts)).toBe(4 * rounds + 8);
  });
});
