import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { CommitteeSchema } from "./schemas.js";
import { withTransaction } from "../../db/db.js";
import { findCommitteeByCode, listCommitteesOnDate, updateCommittee } from "../../db/queries/committees.js";
import { CENTRAL_CODE } from "../../db/seed/committee-registry.js";
import { dateInVietnam, isoDate } from "../../domain/vn-format.js";
import { entryGaps } from "../../documents/registry-gaps.js";
import { AppError } from "../../errors.js";
import { onlyFor } from "../../http/middleware.js";
import { errorResponses, jsonBody, jsonContent } from "../schemas.js";
import { registerRegistryChanges } from "./registry-changes.js";

export const committeeRoutes = createRouter();
const security = [{ bearer: [] }];

export const CommitteeUpdateSchema = z
  .object({
    email: z.email("địa chỉ e-mail không hợp lệ").optional(),
    issuerAbbr: z
      .string()
      .trim()
      .regex(/^[\p{Lu}A-Z0-9]{2,20}$/u, "chữ in hoa và số, 2–20 ký tự")
      .optional(),
    signerName: z
      .string()
      .trim()
      .min(1, "không được để trống")
      .max(120, "không được dài quá 120 ký tự")
      .optional(),
    signerTitle: z.enum(["CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"], { error: "CHỦ NHIỆM hoặc PHÓ CHỦ NHIỆM" }).optional(),
    placeName: z
      .string()
      .trim()
      .min(1, "không được để trống")
      .max(80, "không được dài quá 80 ký tự")
      .optional(),
    attachDocx: z
      .boolean({ error: "phải là true hoặc false" })
      .optional()
      .describe("Đính kèm cả tệp .docx (ngoài bản PDF) trong thư gửi văn bản"),
  })
  .strict();

export const listCommitteesRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["Danh bạ ủy ban"],
  summary:
    "Danh bạ các ủy ban kiểm tra hiệu lực vào một ngày (mặc định hôm nay; ví dụ on=2024-01-01: 63 tỉnh, thành)",
  security,
  request: { query: z.object({ on: z.iso.date("phải là ngày dạng YYYY-MM-DD").optional() }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(CommitteeSchema) }), "Danh bạ"),
    ...errorResponses(401),
  },
});

committeeRoutes.openapi(listCommitteesRoute, async (c) => {
  const { db, clock } = c.get("deps");
  const items = await listCommitteesOnDate(
    db,
    c.req.valid("query").on ?? isoDate(dateInVietnam(clock.now())),
  );
  return c.json({ items: items.map((entry) => ({ ...entry, missing: entryGaps(entry) })) }, 200);
});

registerRegistryChanges(committeeRoutes);

export const updateCommitteeRoute = createRoute({
  method: "patch",
  path: "/{code}",
  tags: ["Danh bạ ủy ban"],
  summary: "Cập nhật thông tin một ủy ban (quản trị)",
  security,
  ...onlyFor("admin"),
  request: {
    params: z.object({
      code: z
        .string()
        .max(40)
        .openapi({ param: { in: "path", name: "code" } }),
    }),
    body: jsonBody(CommitteeUpdateSchema),
  },
  responses: {
    200: jsonContent(z.object({ code: z.string(), updated: z.boolean() }), "Đã cập nhật"),
    ...errorResponses(400, 401, 403, 404),
  },
});

committeeRoutes.openapi(updateCommitteeRoute, async (c) => {
  const { db } = c.get("deps");
  const principal = c.get("principal");
  const { code } = c.req.valid("param");
  // An admin keeps its own committee's entry; the central committee's admin keeps the whole registry.
  if (principal.committeeCode !== code && principal.committeeCode !== CENTRAL_CODE) {
    throw new AppError("forbidden", "Chỉ được cập nhật thông tin ủy ban của mình");
  }
  if (!(await findCommitteeByCode(db, code)))
    throw new AppError("not_found", `Không có ủy ban kiểm tra mã ${code}`);
  await withTransaction(db, (tx) => updateCommittee(tx, { code, ...c.req.valid("json") }));
  return c.json({ code, updated: true }, 200);
});
