// The work a template thread does: inspect an uploaded template, or render one. Runs in a worker_thread so that
// a template that costs seconds (deep loops, many tags) never blocks the API's event loop; the parent terminates
// the thread when it overruns its budget.
import { parentPort } from "node:worker_threads";
import { docxText } from "./docx-text.js";
import { renderDocx, TemplateRenderError } from "./render-docx.js";
import { inspectTemplate } from "./template-inspection.js";
import type { ThreadReply, ThreadTask } from "./template-thread.js";

function run(task: ThreadTask): ThreadReply {
  if (task.op === "inspect") {
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

port.on("message", (task: ThreadTask) => {
  try {
    port.postMessage(run(task));
  } catch (err) {
    port.postMessage({ ok: false, crashed: err instanceof Error ? err.message : String(err) });
  }
});

// Loaded: from now on the parent's budget clock counts only the tasks.
port.postMessage({ ready: true });
