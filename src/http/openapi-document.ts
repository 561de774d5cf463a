import { upperFirst } from "../domain/text.js";
import { z } from "zod";
import { FILEABLE_KIND_NAMES, REQUEST_KINDS } from "../domain/kinds/index.js";

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is plain JSON, walked by key.
type Json = any;

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;
const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(upperFirst)
    .join("");

/**
 * The operationId of an operation that did not name one, from its method and path:
 * GET /v1/requests/{id} → getRequestsById, POST /v1/requests/{id}/approve → postRequestsByIdApprove. Unique because
 * (method, path) is.
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/v1\//, "/")
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment)?.[1];
      return param === undefined ? pascal(segment) : `By${pascal(param)}`;
    });
  return method + words.join("");
}

/** What the edge itself may answer on any API operation, whatever the route declares. */
const EDGE_ANSWERS: Record<string, string> = {
  "400": "Tham số, đường dẫn hoặc nội dung không hợp lệ (ký tự NUL, JSON lồng quá sâu…)",
  "401": "Thiếu mã truy cập, mã sai hoặc đã thu hồi",
  "429": "Quá nhiều lần thử mã truy cập không thành công (kèm Retry-After)",
};
const BODY_ANSWERS: Record<string, string> = {
  "413": "Nội dung vượt quá giới hạn",
  "415": "Nội dung không phải JSON",
};

/**
 * Every operation documents the answers of the middleware in front of it (parameter checks, authentication,
 * throttling, body limits), with the one error envelope: a client reading the document meets no undocumented status.
 */
function documentEdgeAnswers(op: Json): void {
  const answers = { ...EDGE_ANSWERS, ...(op.requestBody ? BODY_ANSWERS : {}) };
  op.responses ??= {};
  for (const [status, description] of Object.entries(answers)) {
    op.responses[status] ??= {
      description,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
}

/** Each fileable kind's payload as JSON Schema (2020-12, which OpenAPI 3.1 speaks), its sample as the example. */
function kindSchemas(base: Json): { components: Record<string, Json>; union: Json } {
  const components: Record<string, Json> = {};
  const mapping: Record<string, string> = {};
  const { kind: _, payload: __, ...common } = base.properties ?? {};
  for (const name of FILEABLE_KIND_NAMES) {
    const kind = REQUEST_KINDS[name];
    if (!kind) throw new Error(`No request kind ${name}`);
    const id = pascal(name);
    const { $schema: ___, ...payload } = z.toJSONSchema(kind.payloadSchema, {
      target: "draft-2020-12",
      io: "input",
      unrepresentable: "any",
    }) as Json;
    components[`${id}Payload`] = { ...payload, description: kind.label, examples: [kind.sample] };
    components[`Create${id}Request`] = {
      type: "object",
      description: `Yêu cầu “${kind.label}”: độ mật mặc định ${kind.defaultClassification}, tối thiểu ${kind.minimumClassification}`,
      properties: {
        kind: { type: "string", const: name },
        ...common,
        payload: { $ref: `#/components/schemas/${id}Payload` },
      },
      required: ["kind", "to", "payload"],
      examples: [{ kind: name, to: "CATW", payload: kind.sample }],
    };
    mapping[name] = `#/components/schemas/Create${id}Request`;
  }
  return {
    components,
    union: {
      oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
      discriminator: { propertyName: "kind", mapping },
    },
  };
}

/**
 * Completes the generated document: an operationId on every operation, the servers entry, and the request body
 * of POST /v1/requests as a union of one schema per kind (discriminated by `kind`), each with its example. The
 * route itself validates the common fields and then the kind's own schema, so the messages name `payload.<field>`.
 */
export function completeOpenApiDocument(doc: Json): Json {
  doc.servers = [{ url: "/", description: "Máy chủ phục vụ tài liệu này" }];
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) op.operationId = operationIdOf(method, path);
      if (path.startsWith("/v1/")) documentEdgeAnswers(op);
    }
  }
  const body = doc.paths?.["/v1/requests"]?.post?.requestBody?.content?.["application/json"];
  if (body?.schema?.properties?.kind) {
    const { components, union } = kindSchemas(body.schema);
    doc.components ??= {};
    doc.components.schemas = { ...doc.components.schemas, ...components, CreateRequest: union };
    body.schema = { $ref: "#/components/schemas/CreateRequest" };
  }
  return doc;
}
