import { createRoute, z } from "@hono/zod-openapi";
import {
  activateTemplate,
  describeTemplate,
  listTemplates,
  presentVersion,
  previewTemplate,
  uploadTemplate,
} from "../../documents/template-admin.js";
import { AppError } from "../../errors.js";
import { onlyFor } from "../../http/middleware.js";
import { createRouter } from "../../http/router.js";
import { DOCX_MIME } from "../../domain/media-types.js";
import { errorResponses, jsonContent, PG_INT_MAX, jsonBody } from "../schemas.js";

export const templateRoutes = createRouter();
const security = [{ bearer: [] }];
const tags = ["Mẫu văn bản"];

const NameParamSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,60}$/, "tên mẫu chỉ gồm chữ thường, số và -")
    .openapi({ param: { in: "path", name: "name" }, example: "cong-van" }),
});
const VersionSchema = z
  .object({
    id: z.uuid(),
    scope: z.string().describe("Mã ủy ban, hoặc built-in: bản đi kèm phần mềm"),
    version: z.number().int(),
    active: z.boolean(),
    sha256: z.string(),
    size: z.number().int(),
    tags: z.array(z.string()),
    note: z.string(),
    uploadedBy: z.string().nullable(),
    uploadedAt: z.string(),
    activatedAt: z.string().nullable(),
  })
  .openapi("TemplateVersion");
const TemplateSchema = z
  .object({ name: z.string(), effective: VersionSchema.nullable(), versions: z.array(VersionSchema) })
  .openapi("Template");
const VersionRefSchema = z.union([
  z.number().int().positive().max(PG_INT_MAX, "số phiên bản quá lớn"),
  z.literal("built-in"),
]);

export const listTemplatesRoute = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Các mẫu văn bản: phiên bản đang dùng, các phiên bản của ủy ban mình và bản đi kèm phần mềm",
  security,
  responses: {
    200: jsonContent(z.object({ items: z.array(TemplateSchema) }), "Danh sách"),
    ...errorResponses(401),
  },
});

templateRoutes.openapi(listTemplatesRoute, async (c) =>
  c.json({ items: await listTemplates(c.get("deps"), c.get("principal")) }, 200),
);

export const getTemplateRoute = createRoute({
  method: "get",
  path: "/{name}",
  tags,
  summary: "Một mẫu văn bản: các phiên bản, thẻ dùng trong mỗi phiên bản, người tải lên, thời điểm",
  security,
  request: { params: NameParamSchema },
  responses: { 200: jsonContent(TemplateSchema, "Mẫu"), ...errorResponses(400, 401, 404) },
});

templateRoutes.openapi(getTemplateRoute, async (c) =>
  c.json(await describeTemplate(c.get("deps"), c.get("principal"), c.req.valid("param").name), 200),
);

export const uploadTemplateRoute = createRoute({
  method: "put",
  path: "/{name}",
  tags,
  summary: "Tải lên phiên bản mới (.docx) cho ủy ban mình — được kiểm tra trước khi nhận (quản trị)",
  description:
    "Kiểm tra: zip bomb (số mục, dung lượng, tỷ lệ nén), các phần OOXML, mọi lỗi cú pháp thẻ kèm vị trí, thẻ {@…} chèn XML thô, thẻ mà dữ liệu của loại văn bản không có. Bị từ chối thì không có gì thay đổi.",
  security,
  ...onlyFor("admin"),
  request: {
    params: NameParamSchema,
    query: z.object({
      note: z.string().max(500).default("").describe("Ghi chú phiên bản"),
      activate: z.enum(["true", "false"]).default("false").describe("Dùng ngay phiên bản này"),
    }),
    body: {
      required: true,
      content: { [DOCX_MIME]: { schema: z.string().openapi({ format: "binary" }) } },
    },
  },
  responses: {
    201: jsonContent(VersionSchema, "Đã nhận"),
    ...errorResponses(400, 401, 403, 404, 413, 415, 422),
  },
});

templateRoutes.openapi(uploadTemplateRoute, async (c) => {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith(DOCX_MIME) && !type.startsWith("application/octet-stream")) {
    throw new AppError("unsupported_media_type", "Tệp mẫu phải là .docx", [
      { field: "Content-Type", message: `cần ${DOCX_MIME}, nhận được “${type || "(không có)"}”` },
    ]);
  }
  const bytes = Buffer.from(await c.req.arrayBuffer());
  if (!bytes.length)
    throw new AppError("validation_failed", "Không có tệp", [{ field: "body", message: "rỗng" }]);
  const q = c.req.valid("query");
  const row = await uploadTemplate(c.get("deps"), c.get("principal"), {
    name: c.req.valid("param").name,
    bytes,
    note: q.note,
    activate: q.activate === "true",
  });
  return c.json(presentVersion(row), 201);
});

export const activateTemplateRoute = createRoute({
  method: "post",
  path: "/{name}/activate",
  tags,
  summary: "Dùng một phiên bản của ủy ban mình, hoặc quay về bản đi kèm phần mềm (“built-in”) (quản trị)",
  security,
  ...onlyFor("admin"),
  request: {
    params: NameParamSchema,
    body: jsonBody(z.object({ version: VersionRefSchema })),
  },
  responses: {
    200: jsonContent(TemplateSchema, "Đã đổi phiên bản"),
    ...errorResponses(400, 401, 403, 404),
  },
});

templateRoutes.openapi(activateTemplateRoute, async (c) =>
  c.json(
    await activateTemplate(
      c.get("deps"),
      c.get("principal"),
      c.req.valid("param").name,
      c.req.valid("json").version,
    ),
    200,
  ),
);

templateRoutes.openapi(
  createRoute({
    method: "post",
    path: "/{name}/preview",
    tags,
    summary: "Xem trước: điền dữ liệu mẫu của loại văn bản (hoặc dữ liệu gửi lên); không cấp số, không lưu",
    security,
    request: {
      params: NameParamSchema,
      body: {
        required: false,
        content: {
          "application/json": {
            schema: z.object({
              version: VersionRefSchema.optional(),
              data: z.record(z.string(), z.unknown()).optional().describe("Dữ liệu thay cho dữ liệu mẫu"),
            }),
          },
        },
      },
    },
    responses: {
      200: {
        description: "Tệp .docx",
        content: { [DOCX_MIME]: { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errorResponses(400, 401, 404, 422),
    },
  }),
  async (c) => {
    const body = c.req.raw.body ? c.req.valid("json") : {};
    const name = c.req.valid("param").name;
    const bytes = await previewTemplate(c.get("deps"), c.get("principal"), { name, ...body });
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": DOCX_MIME,
      "Content-Disposition": `attachment; filename="xem-truoc-${name}.docx"`,
    });
  },
);
