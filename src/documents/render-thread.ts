// One render thread: renders the letters the pool hands it with the same renderDocx as the main thread (its own
// compiled-tag cache lives as long as the thread), and hands back the bytes or the reason it could not.
import { parentPort } from "node:worker_threads";
import { renderDocx, TemplateRenderError } from "./render-docx.js";

export interface RenderTask {
  id: number;
  template: Uint8Array;
  data: object;
}

export type RenderReply =
  | { id: number; bytes: Uint8Array }
  | { id: number; templateErrors: TemplateRenderError["errors"] }
  | { id: number; failure: string };

parentPort?.on("message", (task: RenderTask) => {
  let reply: RenderReply;
  try {
    const bytes = renderDocx(
      Buffer.from(task.template.buffer, task.template.byteOffset, task.template.length),
      task.data,
    );
    reply = { id: task.id, bytes };
  } catch (err) {
    reply =
      err instanceof TemplateRenderError
        ? { id: task.id, templateErrors: err.errors }
        : { id: task.id, failure: (err as Error).stack ?? String(err) };
  }
  const transfer =
    "bytes" in reply && reply.bytes.byteLength === reply.bytes.buffer.byteLength
      ? [reply.bytes.buffer as ArrayBuffer]
      : [];
  parentPort!.postMessage(reply, transfer);
});
