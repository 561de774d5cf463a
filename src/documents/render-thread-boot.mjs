// The entry of a render thread. Worker threads do not inherit the parent's `--import tsx`, so when the service
// runs from its TypeScript sources the thread registers tsx itself before loading its module.
import { workerData } from "node:worker_threads";

if (workerData.entry.endsWith(".ts")) (await import("tsx/esm/api")).register();
await import(workerData.entry);
