// The process boundary (README "Layout"), checked on the static import graph of the sources: the API does not
// load the mail composer or the template engine, the workers do not load the HTTP framework, the domain does no
// I/O, and the pages never reach the database.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type Edge,
  reachableFrom,
  runtimeSpecifiers,
  sourceFilesUnder,
  violations,
} from "../support/import-graph.js";

const isPackage = (names: readonly string[]) => (e: Edge) =>
  e.package && names.some((n) => e.to === n || (n.endsWith("/*") && e.to.startsWith(n.slice(0, -1))));
const isUnder = (folders: readonly string[]) => (e: Edge) =>
  !e.package && folders.some((f) => e.to.startsWith(`${f}/`));

/** The API's modules; template preview and checks reach the template engine only through template threads. */
const API_MUST_NOT_LOAD = isPackage(["nodemailer", "docxtemplater"]);
const WORKERS_MUST_NOT_LOAD = isPackage(["hono", "@hono/*"]);
const DOMAIN_IO = (e: Edge) =>
  isPackage(["pg", "ioredis", "bullmq", "nodemailer", "node:fs", "node:net", "node:child_process"])(e) ||
  isUnder(["src/db", "src/runtime"])(e);
/**
 * The one I/O the domain does: the working-day calendar reads its shipped days off (src/domain/reference-data/
 * holidays/*.json) once, with node:fs, so that a new year's file needs no release.
 */
const DOMAIN_EXCEPTION = (e: Edge) => e.from === "src/domain/working-days.ts" && e.to === "node:fs";
/** The pages reach the database only through the web's own session store (signing in and out). */
const PAGES_DOOR_TO_DB = ["src/web/session.ts"];
const PAGES_REACH_DB = isUnder(["src/db"]);

/** The screens: one module each under src/web/pages, the requests' grouped under src/web/requests. */
const PAGES = () => [...sourceFilesUnder("src/web/pages"), ...sourceFilesUnder("src/web/requests")];
/** The error envelope's schema (zod only) is the one module of src/routes the web's client loads at run time. */
const PAGES_LOAD_ROUTES = (e: Edge) => isUnder(["src/routes"])(e) && e.to !== "src/routes/schemas.ts";

describe("the process boundary", () => {
  it("the API (src/app.ts) loads neither nodemailer nor docxtemplater", () => {
    expect(violations(reachableFrom(["src/app.ts"]), API_MUST_NOT_LOAD)).toEqual([]);
  });

  it("the workers (workers/index.ts) do not load Hono", () => {
    expect(violations(reachableFrom(["workers/index.ts"]), WORKERS_MUST_NOT_LOAD)).toEqual([]);
  });

  it("src/domain reaches no I/O: no database, queue, mail, file system, network or process", () => {
    const reached = reachableFrom(sourceFilesUnder("src/domain"));
    expect(violations(reached, (e) => DOMAIN_IO(e) && !DOMAIN_EXCEPTION(e))).toEqual([]);
  });

  it("the pages (src/web/pages, src/web/requests) never reach src/db", () => {
    const reached = reachableFrom(PAGES(), undefined, PAGES_DOOR_TO_DB);
    expect(violations(reached, PAGES_REACH_DB)).toEqual([]);
    expect(reached.files.has("src/web/session.ts")).toBe(true);
  });

  it("the pages load no route module: their client is typed by the routes' schemas, imported as types only", () => {
    const reached = reachableFrom(PAGES());
    expect(violations(reached, PAGES_LOAD_ROUTES)).toEqual([]);
    // The check sees type-only imports for what they are: the contract is there, and reached by no run-time edge.
    expect(reached.files.has("src/routes/contract.ts")).toBe(false);
  });

  it("the graph is the real one: the API does reach Hono and the workers do reach BullMQ", () => {
    const api = reachableFrom(["src/app.ts"]);
    const workers = reachableFrom(["workers/index.ts"]);
    expect(violations(api, isPackage(["hono"]))).not.toEqual([]);
    expect(violations(workers, isPackage(["bullmq"]))).not.toEqual([]);
    expect(violations(workers, isPackage(["nodemailer"]))).not.toEqual([]);
    expect(api.files.has("src/documents/template-thread.ts")).toBe(true);
  });
});

describe("reading imports", () => {
  it("counts what loads at run time and skips what only names types", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type { B } from "./b.js";',
      'import { type C, type D } from "./c.js";',
      'import { type E, f } from "./e.js";',
      "import {\n  g,\n  h,\n} from 'g';",
      'export { i } from "./i.js";',
      'export type { J } from "./j.js";',
      'import "./side.js";',
      'const k = await import("k");',
      'let pool: import("pg").Pool;',
      '// import { no } from "./comment.js";',
      ' * import { alsoNo } from "./doc.js";',
    ].join("\n");
    expect(runtimeSpecifiers(text).sort()).toEqual(["./a.js", "./e.js", "./i.js", "./side.js", "g", "k"]);
  });

  describe("on a graph that breaks the rule", () => {
    const root = mkdtempSync(join(tmpdir(), "import-graph-"));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write("src/app.ts", 'import { route } from "./routes/x.js";\nexport const app = route;\n');
    write("src/routes/x.ts", 'import { mime } from "../mail/compose.js";\nexport const route = mime;\n');
    write("src/mail/compose.ts", 'import MailComposer from "nodemailer/lib/mail-composer/index.js";\n');
    write("src/domain/a.ts", 'import { q } from "../db/queries/q.js";\n');
    write("src/db/queries/q.ts", 'import pg from "pg";\n');

    it("names the chain from the entry to the forbidden package", () => {
      expect(violations(reachableFrom(["src/app.ts"], root), API_MUST_NOT_LOAD)).toEqual([
        "src/app.ts → src/routes/x.ts → src/mail/compose.ts → nodemailer",
      ]);
    });

    it("sees the domain reaching the database, directly and through it", () => {
      const reached = reachableFrom(sourceFilesUnder("src/domain", root), root);
      expect(violations(reached, DOMAIN_IO)).toEqual([
        "src/domain/a.ts → src/db/queries/q.ts",
        "src/domain/a.ts → src/db/queries/q.ts → pg",
      ]);
    });
  });
});
