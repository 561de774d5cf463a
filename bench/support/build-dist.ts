// The benches that run the service as production does (`node dist/…`, no tsx) build this checkout first.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `npm run build` of this checkout into dist/ (a few seconds). */
export async function buildDist(): Promise<void> {
  await promisify(execFile)(process.execPath, ["scripts/build.mjs"], { cwd: ROOT });
}
