// The static import graph of the repository's own modules, read from their text (no compiler: TypeScript 7
// ships no JavaScript API). An edge is what loads a module at run time: `import … from`, `export … from`, a bare
// `import "x"` and a literal `await import("x")`. Type-only imports (`import type`, or every name marked `type`)
// load nothing and are left out; `import("pg").Pool` in a type position is not an import either. A worker
// thread started from a URL (`new Worker(new URL(…))`) is another event loop and not an edge.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

const STATIC_IMPORT = /^[ \t]*(import|export)[ \t]+(type[ \t]+)?([\w$*{},\s]*?)\s*from\s*["']([^"']+)["']/gm;
const SIDE_EFFECT_IMPORT = /^[ \t]*import[ \t]*["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)(?!\s*\.)/g;

/** Every runtime specifier a module's text names, in order. */
export function runtimeSpecifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(STATIC_IMPORT)) {
    const [, , typeOnly, clause = "", specifier = ""] = m;
    if (typeOnly || onlyTypeNames(clause)) continue;
    found.push(specifier);
  }
  for (const m of text.matchAll(SIDE_EFFECT_IMPORT)) found.push(m[1] ?? "");
  for (const m of text.matchAll(DYNAMIC_IMPORT)) found.push(m[1] ?? "");
  return found.filter(Boolean);
}

function onlyTypeNames(clause: string): boolean {
  const braces = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!braces) return false;
  const names = (braces[1] ?? "")
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith("type "));
}

/** A bare specifier's package: "@hono/node-server/x" → "@hono/node-server", "node:fs/promises" → "node:fs". */
export function packageOf(specifier: string): string {
  if (specifier.startsWith("node:")) return specifier.split("/")[0] ?? specifier;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

const isRelative = (s: string) => s.startsWith("./") || s.startsWith("../");

function resolveFile(root: string, from: string, specifier: string): string {
  const target = resolve(dirname(from), specifier);
  const candidates = [target.replace(/\.js$/, ".ts"), target.replace(/\.js$/, ".tsx"), target];
  const file = candidates.find((c) => existsSync(c));
  if (!file) throw new Error(`${relative(root, from)}: cannot resolve ${specifier}`);
  return file;
}

/** One runtime import: `to` is a repository file (relative to the root) or a bare specifier's package. */
export interface Edge {
  from: string;
  to: string;
  package: boolean;
}

export interface Reached {
  /** Repository files (relative to the root), each with the chain of files that first reached it. */
  files: Map<string, string[]>;
  /** Every runtime import made by a reached file. */
  edges: Edge[];
}

/**
 * Everything the entry files load, walked breadth first so each chain is a shortest one. A file in `doors` is
 * reached but not walked on: what it loads is its own business (the one sanctioned way through a boundary).
 */
export function reachableFrom(
  entries: readonly string[],
  root: string = ROOT,
  doors: readonly string[] = [],
): Reached {
  const files = new Map<string, string[]>();
  const edges: Edge[] = [];
  const queue: string[] = [];
  for (const entry of entries) {
    const rel = relative(root, resolve(root, entry));
    files.set(rel, [rel]);
    queue.push(rel);
  }
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const chain = files.get(file) ?? [file];
    if (file.endsWith(".json") || doors.includes(file)) continue;
    const absolute = resolve(root, file);
    for (const specifier of runtimeSpecifiers(readFileSync(absolute, "utf8"))) {
      if (!isRelative(specifier)) {
        edges.push({ from: file, to: packageOf(specifier), package: true });
        continue;
      }
      const next = relative(root, resolveFile(root, absolute, specifier));
      edges.push({ from: file, to: next, package: false });
      if (files.has(next)) continue;
      files.set(next, [...chain, next]);
      queue.push(next);
    }
  }
  return { files, edges };
}

/** The imports of `reached` that `forbidden` refuses, each written as the chain that leads to it. */
export function violations(reached: Reached, forbidden: (edge: Edge) => boolean): string[] {
  return reached.edges
    .filter(forbidden)
    .map((e) => `${(reached.files.get(e.from) ?? [e.from]).join(" → ")} → ${e.to}`);
}

/** Every .ts/.tsx/.mjs file under a folder, relative to the root. */
export function sourceFilesUnder(folder: string, root: string = ROOT): string[] {
  return readdirSync(resolve(root, folder), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(tsx?|mjs)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}
