// The gate between a template thread's zlib calls and its termination (zlib-gate.ts), one side at a time: the
// pool waits for a call in progress, and a thread that finds the gate shut makes no call and can still be stopped.
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import {
  GATE,
  createZlibGate,
  deflateRaw,
  inflateRaw,
  terminateThroughGate,
} from "../../src/documents/zlib-gate.js";

const { OPEN, IN_CALL, SHUT } = GATE;
const GATE_MODULE = new URL("../../src/documents/zlib-gate.ts", import.meta.url).href;

const exited = (worker: Worker) => new Promise<number>((resolve) => worker.once("exit", resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the zlib gate", () => {
  it("holds a termination while a call is in progress and lets it through once the call ends", async () => {
    const gate = createZlibGate();
    const worker = new Worker("setInterval(() => {}, 1000);", { eval: true });
    const exit = exited(worker);
    let stopped = false;
    void exit.then(() => {
      stopped = true;
    });
    Atomics.store(gate, 0, IN_CALL);
    const termination = terminateThroughGate(worker, gate);
    await sleep(100);
    expect(stopped, "terminated while the thread was inside a zlib call").toBe(false);
    Atomics.store(gate, 0, OPEN);
    await termination;
    await exit;
    expect(Atomics.load(gate, 0)).toBe(SHUT);
  });

  it("does not wait for a thread that exited inside a call (out of memory there): the gate says so for ever", async () => {
    const gate = createZlibGate();
    const worker = new Worker("process.exit(0);", { eval: true });
    await exited(worker);
    Atomics.store(gate, 0, IN_CALL);
    const outcome = await Promise.race([
      terminateThroughGate(worker, gate).then(() => "terminated"),
      sleep(2_000).then(() => "still waiting"),
    ]);
    expect(outcome).toBe("terminated");
  });

  it("keeps a thread that finds it shut out of zlib, and the thread is still stopped there", async () => {
    const gate = createZlibGate();
    Atomics.store(gate, 0, SHUT);
    // The thread imports the gate through tsx, as a template thread boots, then tries one inflation.
    const worker = new Worker(
      `const { parentPort } = require("node:worker_threads");
       (async () => {
         const { register } = await import("tsx/esm/api");
         register();
         const { inflateRaw, deflateRaw } = await import(${JSON.stringify(GATE_MODULE)});
         const packed = require("node:zlib").deflateRawSync(Buffer.from("phối hợp"));
         parentPort.postMessage("calling");
         inflateRaw(packed);
         deflateRaw(packed);
         parentPort.postMessage("returned");
       })();`,
      { eval: true, workerData: { zlibGate: gate } },
    );
    const messages: string[] = [];
    worker.on("message", (m: string) => messages.push(m));
    const exit = exited(worker);
    for (let waited = 0; !messages.includes("calling") && waited < 30_000; waited += 20) await sleep(20);
    expect(messages).toEqual(["calling"]);
    await sleep(200);
    expect(messages, "a call went through a shut gate").toEqual(["calling"]);
    await terminateThroughGate(worker, gate);
    expect(await exit).toBe(1);
  });

  it("lets calls through on the main thread, where nothing terminates", () => {
    const text = Buffer.from("Ủy ban Kiểm tra Đảng ủy Công an Trung ương");
    expect(inflateRaw(deflateRaw(text, { level: 1 })).equals(text)).toBe(true);
  });
});
