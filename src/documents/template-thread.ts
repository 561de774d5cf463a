// Template inspection and rendering off the caller's event loop (200 nested loops in a 5.5 KB upload
// froze API and workers for 7 minutes and ignored SIGTERM). Each task runs in a worker_thread with a time and
// memory budget; a thread that overruns is terminated (Worker.terminate stops even a busy synchronous loop, once the
// thread is outside native zlib: zlib-gate.ts) and replaced, and the caller gets a verdict naming the budget. The
// budget counts the task alone: a thread first boots (its loader and the template libraries), which on a busy
// machine can take longer than any budget, and a verdict on a template must never be a verdict on the machine's load.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { TemplateErrorDetail } from "./render-docx.js";
import type { TemplateProblem } from "./template-inspection.js";
import { createZlibGate, terminateThroughGate } from "./zlib-gate.js";

export type ThreadTask =
  | { op: "inspect"; bytes: Uint8Array; options: { sampleData?: object; layout?: string } }
  /** `withText`: the rendered document's text too (docx-text.ts), read here rather than on the caller's loop. */
  | { op: "render"; bytes: Uint8Array; data: object; withText?: boolean };

/** What the pool itself asks of a thread before its first inspection: to load the inspection code. */
type LoadTask = { op: "load-inspection" };

export type ThreadReply =
  | { ok: true; inspected: { tags: string[]; problems: TemplateProblem[] } }
  | { ok: true; loaded: true }
  | { ok: true; rendered: Uint8Array; text?: string | null }
  | { ok: false; renderErrors: TemplateErrorDetail[] }
  | { ok: false; crashed: string };

export type ThreadOutcome =
  | ThreadReply
  | { ok: false; overBudget: "time" | "memory"; limit: number }
  /** The thread could not start or died for a reason of its own, not the template's: try again later. */
  | { ok: false; unavailable: string };

/** How long and how much memory one inspection or render may take: a real layout needs well under a second. */
export const THREAD_BUDGET = { timeMs: 10_000, memoryMb: 256 };

/** How long a new thread may take to boot before it counts as unavailable (minutes only on a starved machine). */
const BOOT_ALLOWANCE_MS = 120_000;

const BOOT = new URL("./template-thread-boot.mjs", import.meta.url);

interface Slot {
  worker: Worker;
  /** Shut before the thread is terminated (zlib-gate.ts: a thread stopped inside zlib aborts the process). */
  zlibGate: Int32Array;
  busy: boolean;
  /**
   * Whether the thread has loaded the inspection code. A thread boots with rendering only (a worker's threads only
   * render: the scan, the layouts and the samples cost each thread ~15 MiB) and loads it before its first
   * inspection, outside that task's budget, as the boot is.
   */
  inspects: boolean;
  /** Settles when the thread says it has loaded its code (its first message), or fails to. */
  booted: Promise<{ ok: true } | { ok: false; reason: string }>;
}

export interface TemplateThreads {
  run(task: ThreadTask, budgetMs?: number): Promise<ThreadOutcome>;
  close(): Promise<void>;
}

/** A small pool of template threads; `size` tasks run at once, the rest wait their turn. */
export function createTemplateThreads(size = 2): TemplateThreads {
  const slots: Slot[] = [];
  const waiting: Array<() => void> = [];
  let closed = false;

  const spawn = (): Slot => {
    const zlibGate = createZlibGate();
    const worker = new Worker(BOOT, {
      workerData: { zlibGate },
      resourceLimits: { maxOldGenerationSizeMb: THREAD_BUDGET.memoryMb },
    });
    worker.unref();
    const booted = new Promise<{ ok: true } | { ok: false; reason: string }>((resolve) => {
      const settle = (outcome: { ok: true } | { ok: false; reason: string }) => {
        clearTimeout(timer);
        worker.off("message", onReady);
        worker.off("error", onError);
        worker.off("exit", onExit);
        resolve(outcome);
      };
      const onReady = () => settle({ ok: true });
      const onError = (err: Error) =>
        settle({ ok: false, reason: `template thread did not start: ${err.message}` });
      const onExit = () => settle({ ok: false, reason: "template thread exited while starting" });
      const timer = setTimeout(
        () =>
          settle({ ok: false, reason: `template thread not started after ${BOOT_ALLOWANCE_MS / 1000} s` }),
        BOOT_ALLOWANCE_MS,
      );
      timer.unref();
      worker.once("message", onReady);
      worker.on("error", onError);
      worker.on("exit", onExit);
    });
    return { worker, zlibGate, busy: false, inspects: false, booted };
  };

  const acquire = async (): Promise<Slot> => {
    for (;;) {
      // Taken in the same turn it is found: marked after an await, two callers could post to one thread and both
      // take the first reply (one letter's bytes stored for another).
      const free = slots.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        return free;
      }
      if (slots.length < size) {
        const slot = spawn();
        slot.busy = true;
        slots.push(slot);
        return slot;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };

  const terminate = (slot: Slot) => terminateThroughGate(slot.worker, slot.zlibGate);

  const replace = (slot: Slot) => {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    void terminate(slot);
  };

  const release = (slot: Slot) => {
    slot.busy = false;
    waiting.shift()?.();
  };

  /** One task to a thread and its reply; a thread that overruns, fails or exits is replaced. */
  const exchange = (slot: Slot, task: ThreadTask | LoadTask, budgetMs: number) =>
    new Promise<ThreadOutcome>((resolve) => {
      const done = (outcome: ThreadOutcome, broken: boolean) => {
        clearTimeout(timer);
        slot.worker.off("message", onMessage);
        slot.worker.off("error", onError);
        slot.worker.off("exit", onExit);
        if (broken) replace(slot);
        resolve(outcome);
      };
      const onMessage = (reply: ThreadReply) => done(reply, false);
      const onError = (err: Error & { code?: string }) =>
        done(
          err.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? { ok: false, overBudget: "memory", limit: THREAD_BUDGET.memoryMb }
            : { ok: false, unavailable: `template thread failed: ${err.message}` },
          true,
        );
      const onExit = () => done({ ok: false, unavailable: "template thread exited" }, true);
      const timer = setTimeout(
        () => done({ ok: false, overBudget: "time", limit: budgetMs }, true),
        budgetMs,
      );
      slot.worker.on("message", onMessage);
      slot.worker.on("error", onError);
      slot.worker.on("exit", onExit);
      slot.worker.postMessage(task);
    });

  async function run(task: ThreadTask, budgetMs = THREAD_BUDGET.timeMs): Promise<ThreadOutcome> {
    if (closed) throw new Error("template threads are closed");
    const slot = await acquire();
    try {
      const booted = await slot.booted;
      if (!booted.ok) {
        replace(slot);
        return { ok: false, unavailable: booted.reason };
      }
      if (task.op === "inspect" && !slot.inspects) {
        const loaded = await exchange(slot, { op: "load-inspection" }, BOOT_ALLOWANCE_MS);
        if (!(loaded.ok && "loaded" in loaded)) {
          replace(slot);
          return { ok: false, unavailable: "template thread could not load the inspection" };
        }
        slot.inspects = true;
      }
      return await exchange(slot, task, budgetMs);
    } finally {
      release(slot);
    }
  }

  return {
    run,
    async close() {
      closed = true;
      await Promise.all(slots.splice(0).map(terminate));
      for (const wake of waiting.splice(0)) wake();
    },
  };
}

/**
 * A thread that overran its budget or crashed on the template, as the problem its author reads. A thread that could
 * not run at all is no verdict on the template: undefined (callers retry, or answer 503).
 */
export function threadFailure(outcome: ThreadOutcome): TemplateProblem | undefined {
  if (outcome.ok || "renderErrors" in outcome) return undefined;
  if ("overBudget" in outcome) {
    return {
      code: "over_budget",
      message:
        outcome.overBudget === "time"
          ? `Mẫu cần hơn ${outcome.limit / 1000} giây để kiểm tra hoặc tạo văn bản (quá nhiều vòng lặp lồng nhau hoặc quá nhiều thẻ): không được chấp nhận`
          : `Mẫu cần hơn ${outcome.limit} MB bộ nhớ để kiểm tra hoặc tạo văn bản: không được chấp nhận`,
    };
  }
  if ("unavailable" in outcome) return undefined;
  return { code: "template_crashed", message: `Không kiểm tra được mẫu: ${outcome.crashed}` };
}

let shared: TemplateThreads | undefined;

/**
 * Threads a process renders on: the cores its event loop leaves, at most two. On 2 cores one: the event loop and
 * PostgreSQL need the other core (a 5,000-report run, alternating, took 55.1 / 51.6 s with one thread and
 * 62.4 / 78.8 s with two, whose peak RSS was 306–312 MiB against 262–264).
 */
export const TEMPLATE_THREADS = Math.max(1, Math.min(2, availableParallelism() - 1));

/** The process's template threads, started on first use. */
export function templateThreads(): TemplateThreads {
  shared ??= createTemplateThreads(TEMPLATE_THREADS);
  return shared;
}
