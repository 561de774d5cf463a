// Native zlib in a thread the pool may terminate. Node 20 aborts the whole process — API or worker, every request
// and job in it — when a worker thread is terminated between a zlib handle's creation and its init, which every
// inflateRawSync / deflateRawSync passes through: the thread's cleanup closes the handle and asserts
// `init_done_ && "close before init"` (node_zlib.cc). Measured: a thread inflating in a loop, terminated after
// 5–15 ms, took the process down within 12–64 terminations; CI lost a test process to it when an over-budget
// template was stopped mid-render. So a template thread's zlib calls go through a gate, and the pool shuts the gate
// before it terminates: a thread inside a call finishes it first (a bounded call: milliseconds), a thread outside
// never starts another one.
import { isMainThread, workerData } from "node:worker_threads";
import { deflateRawSync, inflateRawSync, type ZlibOptions } from "node:zlib";

/** What the gate's one Int32 says: no call, a call running, or shut for the thread's termination. */
export const GATE = { OPEN: 0, IN_CALL: 1, SHUT: 2 } as const;
const { OPEN, IN_CALL, SHUT } = GATE;

/** The gate a pool hands to one thread, in its workerData as `zlibGate`. */
export function createZlibGate(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/**
 * Shuts the gate, once the thread is outside any zlib call, and then terminates the thread. Waits a millisecond at
 * a time while a call runs. A thread that has exited (its threadId is then -1) is not waited for: one that ran out of
 * memory inside a call left the gate saying so, and would otherwise be waited for by the pool's close for ever.
 */
export async function terminateThroughGate(
  worker: { terminate(): Promise<number>; readonly threadId: number },
  gate: Int32Array,
): Promise<number> {
  while (worker.threadId !== -1 && Atomics.compareExchange(gate, 0, OPEN, SHUT) === IN_CALL) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return worker.terminate();
}

/** This thread's gate: none on the main thread or in a thread started without one (nothing terminates them). */
const gate: Int32Array | undefined =
  !isMainThread && (workerData as { zlibGate?: unknown } | null)?.zlibGate instanceof Int32Array
    ? (workerData as { zlibGate: Int32Array }).zlibGate
    : undefined;

function throughGate<T>(call: () => T): T {
  if (!gate) return call();
  if (Atomics.compareExchange(gate, 0, OPEN, IN_CALL) !== OPEN) {
    // Shut: the pool is terminating this thread. Wait for it here, where no zlib handle is half made (termination
    // interrupts Atomics.wait).
    for (;;) Atomics.wait(gate, 0, SHUT);
  }
  try {
    return call();
  } finally {
    Atomics.store(gate, 0, OPEN);
  }
}

export function inflateRaw(input: Uint8Array, options?: ZlibOptions): Buffer {
  return throughGate(() => inflateRawSync(input, options));
}

export function deflateRaw(input: Uint8Array, options?: ZlibOptions): Buffer {
  return throughGate(() => deflateRawSync(input, options));
}
