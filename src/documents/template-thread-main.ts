// The work a template thread does: inspect an uploaded template, or render one. Runs in a worker_thread so that
// a template that costs seconds (deep loops, many tags) never blocks the API's event loop; the parent terminates
// the thread when it overruns its budget.
import { parentPort } from "node:worker_threads";
import { docxText } from "./docx-text.js";
import { renderDocx, TemplateRenderError } from "./render-docx.js";
import type { ThreadReply, ThreadTask } from "./template-thread.js";

// Loaded when the pool asks, before the thread's first inspection (see Slot.inspects in template-thread.ts).
let inspection: Promise<typeof import("./template-inspection.js")> | undefined;
const loadInspection = () => {
  inspection ??= import("./template-inspection.js");
  return inspection;
};

async function run(task: ThreadTask | { op: "load-inspection" }): Promise<ThreadReply> {
  if (task.op === "load-inspection") {
    await loadInspection();
    return { ok: true, loaded: true };
  }
  if (task.op === "inspect") {
    const { inspectTemplate } = await loadInspection();
    return { ok: true, inspected: inspectTemplate(Buffer.from(task.bytes), task.options) };
  }
  try {
    const rendered = renderDocx(Buffer.from(task.bytes), task.data);
    return task.withText ? { ok: true, rendered, text: docxText(rendered) } : { ok: true, rendered };
  } catch (err) {
    if (err instanceof TemplateRenderError) return { ok: false, renderErrors: [...err.errors] };
    throw err;
  }
}

const port = parentPort;
if (!port) throw new Error("template-thread-main runs only as a worker thread");

port.on("message", async (task: ThreadTask) => {
  try {
    port.postMessage(await run(task));
  } catch (err) {
    port.postMessage({ ok: false, crashed: err instanceof Error ? err.message : String(err) });
  }
});

// Loaded: from now on the parent's budget clock counts only the tasks.
port.postMessage({ ready: true });
