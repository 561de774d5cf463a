import os from "node:os";
import { Worker } from "node:worker_threads";
import { renderDocx, TemplateRenderError } from "./render-docx.js";
import type { RenderReply, RenderTask } from "./render-thread.js";

// Rendering a letter is pure CPU (parse, fill, DEFLATE): in the event loop it uses one core and blocks everything
// else there, BullMQ's lock renewal included. The pool renders in worker threads instead, one per core (at most
// MAX_THREADS), started on the first render; idle threads never keep the process alive.
const MAX_THREADS = 4;

interface Pending {
  resolve(bytes: Buffer): void;
  reject(err: unknown): void;
}

interface RenderThread {
  worker: Worker;
  pending: Map<number, Pending>;
}

export interface RenderPool {
  /** Same contract as renderDocx with the default formatters, off the event loop. */
  render(template: Buffer, data: object): Promise<Buffer>;
  readonly threads: number;
  close(): Promise<void>;
}

const THREAD_ENTRY = new URL(
  import.meta.url.endsWith(".ts") ? "./render-thread.ts" : "./render-thread.js",
  import.meta.url,
);
const THREAD_BOOT = new URL("./render-thread-boot.mjs", import.meta.url);

function settle(pending: Pending, reply: RenderReply): void {
  if ("bytes" in reply)
    pending.resolve(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.length));
  else if ("templateErrors" in reply) pending.reject(new TemplateRenderError(reply.templateErrors));
  else pending.reject(new Error(`render thread: ${reply.failure}`));
}

export function createRenderPool(size = Math.min(MAX_THREADS, os.availableParallelism())): RenderPool {
  const threads: RenderThread[] = [];
  let nextId = 0;
  let closed = false;

  const start = (): RenderThread => {
    const worker = new Worker(THREAD_BOOT, { workerData: { entry: THREAD_ENTRY.href } });
    const thread: RenderThread = { worker, pending: new Map() };
    worker.unref();
    worker.on("message", (reply: RenderReply) => {
      const pending = thread.pending.get(reply.id);
      if (!pending) return;
      thread.pending.delete(reply.id);
      if (thread.pending.size === 0) worker.unref();
      settle(pending, reply);
    });
    // A thread that dies fails what it held (the job is retried) and is replaced on the next render.
    const fail = (err: unknown) => {
      const at = threads.indexOf(thread);
      if (at >= 0) threads.splice(at, 1);
      for (const p of thread.pending.values()) p.reject(err);
      thread.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`render thread exited with code ${code}`)));
    threads.push(thread);
    return thread;
  };

  // The least busy thread; a new one while the pool is not full and every thread has work.
  const pick = (): RenderThread => {
    let best: RenderThread | undefined;
    for (const t of threads) if (!best || t.pending.size < best.pending.size) best = t;
    return best && (best.pending.size === 0 || threads.length >= size) ? best : start();
  };

  return {
    threads: size,
    render(template, data) {
      if (closed || size < 1) return Promise.resolve(renderDocx(template, data));
      const thread = pick();
      const id = nextId++;
      return new Promise<Buffer>((resolve, reject) => {
        thread.pending.set(id, { resolve, reject });
        thread.worker.ref();
        try {
          thread.worker.postMessage({ id, template, data } satisfies RenderTask);
        } catch {
          // Data that cannot cross to a thread (DataCloneError) renders here, as before.
          thread.pending.delete(id);
          if (thread.pending.size === 0) thread.worker.unref();
          try {
            resolve(renderDocx(template, data));
          } catch (renderErr) {
            reject(renderErr);
          }
        }
      });
    },
    async close() {
      closed = true;
      await Promise.all(threads.splice(0).map((t) => t.worker.terminate()));
    },
  };
}

let shared: RenderPool | undefined;

/** The process's render pool, created on first use. */
export function sharedRenderPool(): RenderPool {
  shared ??= createRenderPool();
  return shared;
}
