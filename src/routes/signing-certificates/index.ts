import { createRoute, z } from "@hono/zod-openapi";
import {
  listSigningCertificates,
  retireSigningCertificate,
  type SigningCertificateRow,
} from "../../db/queries/signing-certificates.js";
import { AppError } from "../../errors.js";
import { onlyFor } from "../../http/middleware.js";
import { createRouter } from "../../http/router.js";
import { registerCertificate } from "../../signing/register-certificate.js";
import { errorResponses, jsonContent, jsonBody } from "../schemas.js";

export const signingCertificateRoutes = createRouter();
const security = [{ bearer: [] }];
const tags = ["Chữ ký số"];

const CertificateSchema = z
  .object({
    id: z.string(),
    mode: z
      .enum(["stored_key", "external"])
      .describe("stored_key: khóa lưu mã hóa trên máy chủ; external: ký bằng thiết bị"),
    subject: z.string(),
    commonName: z.string(),
    issuer: z.string(),
    serial: z.string(),
    validFrom: z.string(),
    validUntil: z.string(),
    certificateSha256: z.string(),
    hasSeal: z.boolean(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("SigningCertificate");

function present(c: SigningCertificateRow) {
  return {
    id: c.id,
    mode: c.mode,
    subject: c.subject,
    commonName: c.commonName,
    issuer: c.issuer,
    serial: c.serial,
    validFrom: c.notBefore.toISOString(),
    validUntil: c.notAfter.toISOString(),
    certificateSha256: c.certSha256,
    hasSeal: c.hasSeal,
    active: c.retiredAt === null,
    createdAt: c.createdAt.toISOString(),
  };
}

const base64 = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9+/\s]+={0,2}$/, "phải là base64");

const UploadSchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("stored_key"),
    pkcs12Base64: base64(100_000).describe("Tệp .p12/.pfx (chứng thư, khóa, chuỗi) mã hóa base64"),
    password: z.string().max(200),
    sealPngBase64: base64(150_000).optional().describe("Hình con dấu (PNG nền trong suốt)"),
  }),
  z.object({
    mode: z.literal("external"),
    certificatePem: z
      .string()
      .min(1)
      .max(20_000)
      .describe("Chứng thư số của người ký giữ khóa trên thiết bị (PEM)"),
    chainPem: z.string().max(40_000).default(""),
    sealPngBase64: base64(150_000).optional(),
  }),
]);

export const listCertificatesRoute = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Chứng thư số ký văn bản của ủy ban mình (đang dùng và đã thay)",
  security,
  responses: {
    200: jsonContent(z.object({ items: z.array(CertificateSchema) }), "Danh sách"),
    ...errorResponses(401),
  },
});

signingCertificateRoutes.openapi(listCertificatesRoute, async (c) => {
  const rows = await listSigningCertificates(c.get("deps").db, c.get("principal").committeeId);
  return c.json({ items: rows.map(present) }, 200);
});

export const addCertificateRoute = createRoute({
  method: "post",
  path: "/",
  tags,
  summary: "Đăng ký chứng thư số ký văn bản của ủy ban mình (quản trị); thay chứng thư đang dùng",
  description:
    "Kiểm tra khi nhận: mật khẩu PKCS#12, thời hạn hiệu lực, mục đích sử dụng (digitalSignature/nonRepudiation), khóa khớp chứng thư, chuỗi đến gốc tin cậy (SIGNING_TRUSTED_ROOTS). Khóa được mã hóa AES-256-GCM bằng SIGNING_KEY_SECRET trước khi lưu; không bao giờ trả về.",
  security,
  ...onlyFor("admin"),
  request: { body: jsonBody(UploadSchema) },
  responses: {
    201: jsonContent(CertificateSchema, "Đã đăng ký"),
    200: jsonContent(
      CertificateSchema,
      "Chứng thư này (cùng hình con dấu) đã là chứng thư đang dùng: không ghi gì thêm",
    ),
    ...errorResponses(400, 401, 403, 503),
  },
});

signingCertificateRoutes.openapi(addCertificateRoute, async (c) => {
  const body = c.req.valid("json");
  const { db, clock, signing } = c.get("deps");
  const principal = c.get("principal");
  const sealPng = body.sealPngBase64 ? Buffer.from(body.sealPngBase64, "base64") : null;
  const upload =
    body.mode === "stored_key"
      ? {
          mode: body.mode,
          pkcs12: Buffer.from(body.pkcs12Base64, "base64"),
          password: body.password,
          sealPng,
        }
      : { mode: body.mode, certificatePem: body.certificatePem, chainPem: body.chainPem, sealPng };
  const { id, created } = await registerCertificate(db, signing, {
    committeeId: principal.committeeId,
    upload,
    uploadedBy: principal.tokenId,
    now: clock.now(),
  });
  const row = (await listSigningCertificates(db, principal.committeeId)).find((r) => r.id === id);
  if (!row) throw new Error(`signing certificate ${id}: not listed right after it was registered`);
  return c.json(present(row), created ? 201 : 200);
});

signingCertificateRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    tags,
    summary: "Thôi dùng chứng thư số (quản trị): văn bản sau đó ban hành không ký số",
    security,
    ...onlyFor("admin"),
    request: { params: z.object({ id: z.uuid("phải là một mã UUID") }) },
    responses: { 204: { description: "Đã thôi dùng" }, ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const done = await retireSigningCertificate(c.get("deps").db, id, c.get("principal").committeeId);
    if (!done) throw new AppError("not_found", "Không tìm thấy chứng thư số đang dùng của ủy ban");
    return c.body(null, 204);
  },
);
