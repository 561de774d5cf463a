// What the service loads in production must be installed by `npm ci --omit=dev`: every bare import in src/ and
// workers/ names a package of package.json "dependencies" (a package that only arrives as some other package's
// dependency, or as a devDependency, is gone the day that package changes).
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageOf, ROOT, reachableFrom, sourceFilesUnder } from "../support/import-graph.js";

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
};
const declared = new Set(Object.keys(manifest.dependencies));
const builtin = new Set(builtinModules.map((m) => packageOf(m)));

function undeclaredImports(files: readonly string[]): string[] {
  const reached = reachableFrom(files);
  const missing = reached.edges.filter(
    (e) => e.package && !e.to.startsWith("node:") && !builtin.has(e.to) && !declared.has(e.to),
  );
  return [...new Set(missing.map((e) => `${e.from} imports ${e.to}`))].sort();
}

describe("the service's imports", () => {
  it("are all declared in package.json dependencies", () => {
    const files = [...sourceFilesUnder("src"), ...sourceFilesUnder("workers")];
    expect(files.length).toBeGreaterThan(100);
    expect(undeclaredImports(files)).toEqual([]);
  });

  it("would name a package that is not declared (a devDependency counts as not declared)", () => {
    // test/support/browser.ts drives Chromium with playwright-core, a devDependency.
    expect(undeclaredImports(["test/support/browser.ts"])).toContain(
      "test/support/browser.ts imports playwright-core",
    );
  });
});
