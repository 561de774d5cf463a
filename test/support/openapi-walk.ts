import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Harness } from "./harness.js";

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is plain JSON, walked by key.
export type Json = any;

/** One operation of the served document, as the route suites walk it. */
export interface Operation {
  method: string;
  /** The path template, e.g. /v1/requests/{id}/approve. */
  path: string;
  operationId: string;
  /** Roles the operation is for (`x-roles`); undefined: any signed-in person. */
  roles: string[] | undefined;
  pathParams: string[];
  /** The JSON request body's schema, when the operation takes one. */
  jsonBody: Json | undefined;
  bodyRequired: boolean;
  /** Another media type the body is sent as (a .docx, a message): the fuzzer sends bytes. */
  rawBodyType: string | undefined;
  query: { name: string; schema: Json; required: boolean }[];
  secured: boolean;
  responses: Record<string, Json>;
}

const METHODS = ["get", "put", "post", "delete", "patch"];

export async function servedDocument(h: Harness): Promise<Json> {
  const res = await h.app.request("/openapi.json");
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  return res.json();
}

export function operationsOf(doc: Json): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params: Json[] = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const rawType = Object.keys(content).find((t) => t !== "application/json");
      ops.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        roles: op["x-roles"],
        pathParams: params.filter((p) => p.in === "path").map((p) => p.name),
        jsonBody: content["application/json"]?.schema,
        bodyRequired: !!op.requestBody?.required,
        rawBodyType: rawType,
        query: params
          .filter((p) => p.in === "query")
          .map((p) => ({ name: p.name, schema: p.schema ?? {}, required: !!p.required })),
        secured: Array.isArray(op.security) && op.security.length > 0,
        responses: op.responses ?? {},
      });
    }
  }
  return ops;
}

export const fillPath = (path: string, values: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(v);
  });

/** Follows `$ref`s of the document (#/components/…) until a schema that is not one. */
export function deref(doc: Json, schema: Json): Json {
  let s = schema;
  for (let i = 0; s?.$ref && i < 20; i++) {
    s = s.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((node: Json, key: string) => node?.[key], doc);
  }
  return s ?? {};
}

/** Validates response bodies against the document's own response schemas (JSON Schema 2020-12, as OAS 3.1). */
export function responseValidator(doc: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  (addFormats as unknown as (a: unknown) => void)(ajv);
  ajv.addSchema({ $id: "doc", components: doc.components ?? {} });
  const rewrite = (s: Json): Json =>
    JSON.parse(JSON.stringify(s).replaceAll('"#/components/', '"doc#/components/'));
  const cache = new Map<Json, ReturnType<typeof ajv.compile>>();
  return (op: Operation, status: number, body: unknown): string | undefined => {
    const declared = op.responses[String(status)] ?? op.responses.default;
    if (!declared) return `${status} is not a documented response of ${op.method} ${op.path}`;
    const schema = declared.content?.["application/json"]?.schema;
    if (!schema) return undefined;
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(rewrite(schema));
      cache.set(schema, validate);
    }
    return validate(body) ? undefined : ajv.errorsText(validate.errors);
  };
}
