// Only src/config.ts reads the environment (README "Layout"): everything else takes its settings from the
// validated config. The LibreOffice code hands the environment on to the processes it starts and looks the binary
// up on PATH; those three uses are named here, so that a new reader fails the test.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, sourceFilesUnder } from "../support/import-graph.js";

const PASSED_ON_TO_CHILD_PROCESSES = new Map([
  ["src/documents/pdf/find-libreoffice.ts", 1],
  ["src/documents/pdf/pool-member.ts", 1],
  ["src/documents/pdf/font-check.ts", 1],
]);

function envReaders(files: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const file of files) {
    const uses = readFileSync(join(ROOT, file), "utf8").match(/\bprocess\.env\b/g)?.length ?? 0;
    if (uses) found.set(file, uses);
  }
  return found;
}

describe("process.env", () => {
  it("is read by src/config.ts only (and handed on to LibreOffice's processes)", () => {
    const readers = envReaders([...sourceFilesUnder("src"), ...sourceFilesUnder("workers")]);
    expect(readers.get("src/config.ts")).toBeGreaterThan(0);
    readers.delete("src/config.ts");
    expect(Object.fromEntries(readers)).toEqual(Object.fromEntries(PASSED_ON_TO_CHILD_PROCESSES));
  });
});
