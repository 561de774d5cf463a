// Template inspection and rendering off the caller's event loop (200 nested loops in a 5.5 KB upload
// froze API and workers for 7 minutes and ignored SIGTERM). Each task runs in a worker_thread with a time and
// memory budget; a thread that overruns is terminated (Worker.terminate stops even a busy synchronous loop) and
// replaced, and the caller gets a verdict naming the budget.
import { Worker } from "node:worker_threads";
import type { TemplateErrorDetail } from "./render-docx.js";
import type { TemplateProblem } from "./template-inspection.js";

export type ThreadTask =
  | { op: "inspect"; bytes: Uint8Array; options: { sampleData?: object; layout?: string } }
  | { op: "render"; bytes: Uint8Array; data: object };

export type ThreadReply =
  | { ok: true; inspected: { tags: string[]; problems: TemplateProblem[] } }
  | { ok: true; rendered: Uint8Array }
  | { ok: false; renderErrors: TemplateErrorDetail[] }
  | { ok: false; crashed: string };

export type ThreadOutcome = ThreadReply | { ok: false; overBudget: "time" | "memory"; limit: number };

/** How long and how much memory one inspection or render may take: a real layout needs well under a second. */
export const THREAD_BUDGET = { timeMs: 10_000, memoryMb: 256 };

const BOOT = new URL("./template-thread-boot.mjs", import.meta.url);

interface Slot {
  worker: Worker;
  busy: boolean;
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
    const worker = new Worker(BOOT, {
      resourceLimits: { maxOldGenerationSizeMb: THREAD_BUDGET.memoryMb },
    });
    worker.unref();
    return { worker, busy: false };
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

  const replace = (slot: Slot) => {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    void slot.worker.terminate();
  };

  const release = (slot: Slot) => {
    slot.busy = false;
    waiting.shift()?.();
  };

  async function run(task: ThreadTask, budgetMs = THREAD_BUDGET.timeMs): Promise<ThreadOutcome> {
    if (closed) throw new Error("template threads are closed");
    const slot = await acquire();
    try {
      return await new Promise<ThreadOutcome>((resolve) => {
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
              : { ok: false, crashed: err.message },
            true,
          );
        const onExit = () => done({ ok: false, crashed: "template thread exited" }, true);
        const timer = setTimeout(
          () => done({ ok: false, overBudget: "time", limit: budgetMs }, true),
          budgetMs,
        );
        slot.worker.on("message", onMessage);
        slot.worker.on("error", onError);
        slot.worker.on("exit", onExit);
        slot.worker.postMessage(task);
      });
    } finally {
      release(slot);
    }
  }

  return {
    run,
    async close() {
      closed = true;
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
      for (const wake of waiting.splice(0)) wake();
    },
  };
}

/** A thread that overran its budget or died, as the problem its author reads. */
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
  return { code: "template_crashed", message: `Không kiểm tra được mẫu: ${outcome.crashed}` };
}

let shared: TemplateThreads | undefined;

/** The process's template threads, started on first use. */
export function templateThreads(): TemplateThreads {
  shared ??= createTemplateThreads();
  return shared;
}
