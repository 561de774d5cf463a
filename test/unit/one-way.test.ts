// One way each, checked on the sources' text: one module writes a request's status (src/requests/move-request.ts,
// the state machine's step with its audit event), SQL is written only under src/db/, and comments say what and
// why instead of pointing at numbered work items kept outside the repository.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, sourceFilesUnder } from "../support/import-graph.js";

const SOURCES = [...sourceFilesUnder("src"), ...sourceFilesUnder("workers")];
const THIS_FILE = "test/unit/one-way.test.ts";
const textOf = (file: string) => readFileSync(join(ROOT, file), "utf8");

/** The files whose text matches `pattern`, with the line numbers of each match. */
function filesMatching(files: readonly string[], pattern: RegExp): Record<string, number[]> {
  const found: Record<string, number[]> = {};
  for (const file of files) {
    const lines = textOf(file).split("\n");
    const hits = lines.flatMap((line, i) => (pattern.test(line) ? [i + 1] : []));
    if (hits.length) found[file] = hits;
  }
  return found;
}

/** A database call: `db.query(`, `tx.query<Row>(`; Hono's `c.req.query(` reads the URL and is not one. */
const SQL_CALL = /(?<!\breq)\.query\s*(<[^>]*>)?\s*\(/;

/**
 * Connection-level SQL outside src/db/, each for a reason: creating the embedded server's database before any
 * pool exists, and the start-up probe that waits for the server to accept a connection.
 */
const SQL_OUTSIDE_DB = ["src/runtime/database.ts", "src/runtime/startup-checks.ts"];

describe("one writer of a request's status", () => {
  it("only src/requests/move-request.ts calls updateRequestStatus", () => {
    expect(Object.keys(filesMatching(SOURCES, /\bupdateRequestStatus\b/)).sort()).toEqual([
      "src/db/queries/requests.ts",
      "src/requests/move-request.ts",
    ]);
  });
});

describe("SQL lives in src/db/", () => {
  it("no module outside src/db/ (but the connection-level ones named) runs a query", () => {
    const outside = SOURCES.filter((f) => !f.startsWith("src/db/") && !SQL_OUTSIDE_DB.includes(f));
    expect(filesMatching(outside, SQL_CALL)).toEqual({});
  });

  it("the exceptions are still needed, and the pattern sees the queries of src/db/", () => {
    for (const file of SQL_OUTSIDE_DB) expect(filesMatching([file], SQL_CALL), file).not.toEqual({});
    expect(filesMatching(["src/db/queries/requests.ts"], SQL_CALL)).not.toEqual({});
  });

  it("tells a database call from reading the URL's query", () => {
    const calls = [
      'await db.query("select 1")',
      "const { rows } = await tx.query<{ n: number }>(",
      "await deps.db.query (sql, [id])",
      "const q = c.req.query();",
      'const page = c.req.query("page");',
      "const queryText = build.query;",
    ];
    expect(calls.map((c) => SQL_CALL.test(c))).toEqual([true, true, true, false, false, false]);
  });
});

/** "issue 12", "Issue 13, point 3", "(#16)"; an upstream project's issue link ("sisimai issue #491") is a source. */
const WORK_ITEM = /\bissues? \d+\b|\(#\d+\)/i;

describe("comments name no numbered work item", () => {
  it("in src, workers, test, bench, their migrations and .ci/run", () => {
    const files = [
      ...SOURCES,
      ...sourceFilesUnder("test").filter((f) => f !== THIS_FILE),
      ...sourceFilesUnder("bench"),
      ...readdirSync(join(ROOT, "src/db/migrations")).map((f) => `src/db/migrations/${f}`),
      ".ci/run",
    ];
    expect(filesMatching(files, WORK_ITEM)).toEqual({});
  });

  it("tells a work item from a PKCS#12 file, an SMTP status and an upstream issue link", () => {
    const lines = ["// (is" + "sue 19) signing", "/* Is" + "sue 13, point 3 */", "see (#" + "16)"];
    const fine = ["PKCS#12", "no mailbox (#5.1.1)", "sisimai issue #491", "issue one, download it"];
    expect(lines.map((l) => WORK_ITEM.test(l))).toEqual([true, true, true]);
    expect(fine.map((l) => WORK_ITEM.test(l))).toEqual([false, false, false, false]);
  });
});
