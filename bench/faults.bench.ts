// Letters through the whole pipeline (API and two workers as processes, own PostgreSQL, Redis with AOF, SMTP)
// while one fault at a time hits it: how many were expected, delivered, duplicated, and how long the pipeline took
// to drain after the fault. The first row, without a fault, is the baseline. Figures only; nothing is asserted.
import { copiesOf, drained, type Rig, startRig } from "../test/faults/support/rig.js";
import { hasFaultServices, waitFor } from "../test/faults/support/services.js";

interface Fault {
  name: string;
  /** Breaks something once sending is under way, and mends it. */
  apply(rig: Rig): Promise<void>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const FAULTS: Fault[] = [
  { name: "(none)", apply: async () => {} },
  {
    name: "worker kill -9",
    async apply(rig) {
      const victim = rig.workers[0]!;
      victim.signal("SIGKILL");
      await victim.exited;
      rig.workers[0] = await rig.startWorker();
    },
  },
  {
    name: "Redis kill -9, restart from AOF",
    async apply(rig) {
      await rig.redis.kill();
      await pause(2_000);
      await rig.redis.start();
    },
  },
  { name: "Redis FLUSHALL", apply: (rig) => rig.redis.flushAll() },
  {
    name: "PostgreSQL restart",
    async apply(rig) {
      await rig.pg.stop();
      await rig.pg.start();
    },
  },
  {
    name: "PostgreSQL down 20 s",
    async apply(rig) {
      await rig.pg.stop();
      await pause(20_000);
      await rig.pg.start();
    },
  },
  {
    name: "SMTP down 20 s",
    async apply(rig) {
      await rig.smtp.stop();
      await pause(20_000);
      await rig.smtp.start();
    },
  },
];

export async function runFaultsBench(lettersPerFault: number): Promise<void> {
  console.log(`\n== pipeline under faults (${lettersPerFault} letters per fault, 2 workers) ==`);
  if (!hasFaultServices) {
    console.log("skipped: needs redis-server and /usr/lib/postgresql/15/bin");
    return;
  }
  const rig = await startRig({ workers: 2 });
  try {
    console.log("fault                              expected delivered duplicated  drain after fault");
    const total = { expected: 0, delivered: 0, duplicated: 0 };
    // BENCH_FAULTS: only the faults whose names contain one of these words (comma-separated).
    const only = (process.env.BENCH_FAULTS ?? "").split(",").filter(Boolean);
    const chosen = FAULTS.filter((f) => !only.length || only.some((w) => f.name.includes(w)));
    for (const fault of chosen) {
      // An MTA on loopback answers at once: the window between a letter's last byte and its answer is the one
      // in which a crash leaves the outcome unknown (and the letter may go twice).
      rig.smtp.delayAnswer(0);
      const ids = await rig.approveLetters(lettersPerFault);
      const before = rig.smtp.accepted.size;
      await waitFor(async () => rig.smtp.accepted.size > before, 120_000, "sending started").catch(() => {});
      await fault.apply(rig);
      const faultEnded = Date.now();
      await drained(rig, ids, 600_000);
      const drainMs = Date.now() - faultEnded;
      const copies = copiesOf(rig.smtp, await rig.letters(ids));
      const delivered = copies.filter((c) => c > 0).length;
      const duplicated = copies.reduce((n, c) => n + Math.max(0, c - 1), 0);
      total.expected += ids.length;
      total.delivered += delivered;
      total.duplicated += duplicated;
      console.log(
        `${fault.name.padEnd(34)} ${String(ids.length).padStart(8)} ${String(delivered).padStart(9)} ${String(duplicated).padStart(10)} ${(drainMs / 1000).toFixed(1).padStart(14)} s`,
      );
    }
    const rate = ((100 * total.duplicated) / Math.max(total.expected, 1)).toFixed(2);
    console.log(
      `${"total".padEnd(34)} ${String(total.expected).padStart(8)} ${String(total.delivered).padStart(9)} ${String(total.duplicated).padStart(10)}   (${rate} % duplicated)`,
    );
  } finally {
    await rig.close();
  }
}
