#!/usr/bin/env node
// npm run build: TypeScript → dist/ (tsc), the files the code reads at run time beside their modules (migrations,
// static files, profiles, reference data, the seed CSV, the UNO helper), the built-in templates, and dist/main.js.
// Production runs `node dist/main.js …` with no TypeScript at run time.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
rmSync(dist, { recursive: true, force: true });

const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const isCode = (file) => /\.(ts|tsx)$/.test(file) && !file.endsWith(".d.ts");
for (const dir of ["src", "workers"]) {
  cpSync(path.join(root, dir), path.join(dist, dir), {
    recursive: true,
    filter: (from) => !isCode(from),
  });
}
// The built-in layouts are read from ../../templates relative to src/documents/.
mkdirSync(path.join(dist, "templates"), { recursive: true });
cpSync(path.join(root, "templates"), path.join(dist, "templates"), {
  recursive: true,
  filter: (from) => !isCode(from),
});
writeFileSync(path.join(dist, "main.js"), '// The production entry: `node dist/main.js start`.\nimport "./src/main.js";\n');
console.log(`phoihop: đã dựng ${path.relative(process.cwd(), dist) || "dist"}/ — chạy: node dist/main.js start`);
