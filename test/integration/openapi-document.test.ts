import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FILEABLE_KIND_NAMES, findKind } from "../../src/domain/kinds/index.js";
import { createHarness, type Harness } from "../support/harness.js";
import { type Json, operationsOf, servedDocument } from "../support/openapi-walk.js";

// The served document is what generated clients and fuzzers build requests from: it must lint clean with Redocly's
// recommended rules (offline, the devDependency) and describe every kind's payload.
let h: Harness;
let doc: Json;
beforeAll(async () => {
  h = await createHarness({ queue: "postgres" });
  doc = await servedDocument(h);
});
afterAll(async () => {
  await h?.close();
});

describe("the served OpenAPI document", () => {
  it("lints clean with @redocly/cli's recommended rules", async () => {
    const dir = mkdtempSync(join(tmpdir(), "phoihop-openapi-"));
    try {
      const file = join(dir, "openapi.json");
      writeFileSync(file, JSON.stringify(doc));
      const run = await promisify(execFile)(
        "node_modules/.bin/redocly",
        ["lint", file, "--config", "redocly.yaml", "--format", "stylish"],
        { env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
      ).catch((err: { stdout: string; stderr: string; code: number }) => err);
      expect("code" in run ? run.code : 0, `${run.stdout}\n${run.stderr}`).toBe(0);
      // Warnings do not fail the command; they fail this test ("… with 1 error and 43 warnings").
      expect(run.stdout + run.stderr).not.toMatch(/\d+ (warning|error)s?\b/);
      expect(run.stdout + run.stderr).toContain("Your API description is valid");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("has an operationId on every operation and a servers entry", () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
    for (const op of operationsOf(doc)) expect(op.operationId, `${op.method} ${op.path}`).toBeTruthy();
  });

  it("describes POST /v1/requests as a union discriminated on kind, one schema per kind with a valid example", () => {
    const body = doc.paths["/v1/requests"].post.requestBody.content["application/json"].schema;
    const union = doc.components.schemas[body.$ref.split("/").pop()];
    expect(union.discriminator.propertyName).toBe("kind");
    expect(Object.keys(union.discriminator.mapping).sort()).toEqual([...FILEABLE_KIND_NAMES].sort());
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: "doc", components: doc.components });
    const validate = ajv.compile({ $ref: "doc#/components/schemas/CreateRequest" });
    for (const kind of FILEABLE_KIND_NAMES) {
      const schema = doc.components.schemas[union.discriminator.mapping[kind].split("/").pop()];
      expect(schema.properties.kind.const).toBe(kind);
      const example = schema.examples[0];
      expect(validate(example), `${kind}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(example.payload).toEqual(findKind(kind)!.sample);
      // The union rejects one kind's payload under another kind's name.
      const other = FILEABLE_KIND_NAMES.find((k) => k !== kind)!;
      expect(validate({ ...example, kind: other }), `${kind} payload as ${other}`).toBe(false);
    }
  });
});
