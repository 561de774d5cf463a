import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The trace id of the work in hand: the HTTP request id, carried into the jobs that request enqueues and on into
 * the jobs those enqueue (render → PDF → send), so one letter can be followed from the call to the SMTP answer.
 */
const current = new AsyncLocalStorage<string>();

export function currentTrace(): string | undefined {
  return current.getStore();
}

export function withTrace<T>(trace: string | undefined, work: () => T): T {
  return trace ? current.run(trace, work) : work();
}

/** A trace id as it may travel in job data: short, no spaces, nothing a log reader would trip over. */
export const TRACE_PATTERN = /^[\w.-]{1,64}$/;
