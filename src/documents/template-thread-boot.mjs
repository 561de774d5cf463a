// Entry of a template thread (template-thread.ts). The service runs its TypeScript through tsx; a worker thread
// does not inherit the loader, so it is registered here before the real entry is imported.
import { existsSync } from "node:fs";

const built = new URL("./template-thread-main.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("./template-thread-main.ts", import.meta.url).href);
}
