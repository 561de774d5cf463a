import { createRoute, z } from "@hono/zod-openapi";
import type { Principal } from "../../auth/tokens.js";
import { createApiToken } from "../../auth/tokens.js";
import { revokeApiToken } from "../../db/queries/api-tokens.js";
import { isUniqueViolation } from "../../db/db.js";
import {
  findTokenOfUser,
  findUser,
  insertUser,
  listUsersWithTokens,
  type UserRow,
  updateUser,
} from "../../db/queries/users.js";
import { COMMITTEE_ROLES, DEPLOYMENT_ROLES, GATEWAY_ROLE, ROLES } from "../../domain/request-state.js";
import { AppError } from "../../errors.js";
import { hasBody, onlyFor } from "../../http/middleware.js";
import { createRouter } from "../../http/router.js";
import { errorResponses, IdParamSchema, jsonContent, jsonBody } from "../schemas.js";

// People of the admin's own committee and their tokens (an admin onboards staff from the browser too).
export const userRoutes = createRouter();
const security = [{ bearer: [] }];
const tags = ["Người dùng"];

// A committee admin grants committee roles only; the deployment's `operator` is given by the command line.
const RolesSchema = z
  .array(z.enum(COMMITTEE_ROLES, { error: `vai trò phải là một trong: ${COMMITTEE_ROLES.join(", ")}` }))
  .min(1, "cần ít nhất một vai trò")
  .transform((roles) => [...new Set(roles)]);

const UserCreateSchema = z.object({
  name: z.string().trim().min(1, "họ tên không được để trống").max(200, "họ tên dài quá 200 ký tự"),
  email: z.string().trim().toLowerCase().pipe(z.email("địa chỉ e-mail không hợp lệ").max(254)),
  roles: RolesSchema,
});

const UserChangeSchema = z
  .object({ roles: RolesSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((b) => b.roles !== undefined || b.disabled !== undefined, { message: "không có gì để đổi" });

const TokenCreateSchema = z.object({
  label: z.string().trim().max(200, "nhãn dài quá 200 ký tự").default(""),
});

const UserSchema = z
  .object({
    id: z.uuid(),
    committeeCode: z.string(),
    name: z.string(),
    email: z.string(),
    roles: z.array(z.enum([...ROLES, GATEWAY_ROLE])),
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .openapi("User");

const UserWithTokensSchema = UserSchema.extend({
  tokens: z.array(
    z.object({
      id: z.uuid(),
      label: z.string(),
      createdAt: z.string(),
      lastUsedAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
    }),
  ),
}).openapi("UserWithTokens");

/** A user of the caller's own committee, or 404 (another committee's people are not the caller's business). */
async function ownUser(
  db: Parameters<typeof findUser>[0],
  principal: Principal,
  id: string,
): Promise<UserRow> {
  const user = await findUser(db, id);
  if (!user || user.committeeId !== principal.committeeId)
    throw new AppError("not_found", "Không tìm thấy người dùng");
  return user;
}

/** A user read back after a write to them: users are never deleted, so they are there. */
async function userAfterWrite(db: Parameters<typeof findUser>[0], id: string): Promise<UserRow> {
  const user = await findUser(db, id);
  if (!user) throw new Error(`user ${id}: not found right after writing it`);
  return user;
}

export const listUsersRoute = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Người dùng của ủy ban mình và các mã truy cập của họ (quản trị)",
  security,
  ...onlyFor("admin"),
  responses: {
    200: jsonContent(z.object({ items: z.array(UserWithTokensSchema) }), "Danh sách"),
    ...errorResponses(401, 403),
  },
});

userRoutes.openapi(listUsersRoute, async (c) => {
  const rows = await listUsersWithTokens(c.get("deps").db, c.get("principal").committeeId);
  return c.json({ items: rows.map(({ committeeId: _, ...u }) => u) }, 200);
});

export const createUserRoute = createRoute({
  method: "post",
  path: "/",
  tags,
  summary: "Thêm người dùng vào ủy ban mình (quản trị)",
  security,
  ...onlyFor("admin"),
  request: { body: jsonBody(UserCreateSchema) },
  responses: { 201: jsonContent(UserSchema, "Đã thêm"), ...errorResponses(400, 401, 403, 409) },
});

userRoutes.openapi(createUserRoute, async (c) => {
  const { db } = c.get("deps");
  const body = c.req.valid("json");
  try {
    const id = await insertUser(db, { committeeId: c.get("principal").committeeId, ...body });
    const { committeeId: _, ...user } = await userAfterWrite(db, id);
    return c.json(user, 201);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError("conflict", "Ủy ban đã có người dùng với e-mail này", [
        { field: "email", message: "đã có người dùng với e-mail này" },
      ]);
    }
    throw err;
  }
});

export const updateUserRoute = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  summary: "Đổi vai trò, vô hiệu hóa hoặc cho dùng lại một người dùng của ủy ban mình (quản trị)",
  security,
  ...onlyFor("admin"),
  request: {
    params: IdParamSchema,
    body: jsonBody(UserChangeSchema),
  },
  responses: { 200: jsonContent(UserSchema, "Đã đổi"), ...errorResponses(400, 401, 403, 404, 409) },
});

userRoutes.openapi(updateUserRoute, async (c) => {
  const { db } = c.get("deps");
  const principal = c.get("principal");
  const user = await ownUser(db, principal, c.req.valid("param").id);
  const change = c.req.valid("json");
  // An admin never locks themself out: no disabling oneself, no dropping one's own admin role.
  if (
    user.id === principal.userId &&
    (change.disabled || (change.roles && !change.roles.includes("admin")))
  ) {
    throw new AppError("conflict", "Không tự vô hiệu hóa hoặc tự bỏ vai trò quản trị của mình", [
      { field: change.disabled ? "disabled" : "roles", message: "không áp dụng cho chính mình" },
    ]);
  }
  // Committee roles are the admin's to change; a deployment role the person holds (operator) stays.
  const kept = user.roles.filter((r) => (DEPLOYMENT_ROLES as readonly string[]).includes(r));
  await updateUser(db, user.id, change.roles ? { ...change, roles: [...change.roles, ...kept] } : change);
  const { committeeId: _, ...after } = await userAfterWrite(db, user.id);
  return c.json(after, 200);
});

export const issueTokenRoute = createRoute({
  method: "post",
  path: "/{id}/tokens",
  tags,
  summary: "Cấp mã truy cập cho người dùng (mã chỉ hiện một lần, không lưu lại) (quản trị)",
  security,
  ...onlyFor("admin"),
  request: {
    params: IdParamSchema,
    body: { required: false, content: { "application/json": { schema: TokenCreateSchema } } },
  },
  responses: {
    201: jsonContent(z.object({ id: z.uuid(), token: z.string() }), "Mã mới"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

userRoutes.openapi(issueTokenRoute, async (c) => {
  const { db } = c.get("deps");
  const user = await ownUser(db, c.get("principal"), c.req.valid("param").id);
  if (user.disabledAt) throw new AppError("conflict", "Người dùng đã bị vô hiệu hóa");
  const label = (hasBody(c) ? c.req.valid("json").label : undefined) ?? "";
  const created = await createApiToken(db, {
    committeeId: user.committeeId,
    roles: user.roles,
    userId: user.id,
    label,
  });
  c.header("Cache-Control", "no-store");
  return c.json(created, 201);
});

export const revokeTokenRoute = createRoute({
  method: "post",
  path: "/{id}/tokens/{tokenId}/revoke",
  tags,
  summary: "Thu hồi một mã truy cập của người dùng (quản trị)",
  security,
  ...onlyFor("admin"),
  request: { params: IdParamSchema.extend({ tokenId: z.uuid("mã không hợp lệ") }) },
  responses: {
    200: jsonContent(z.object({ revoked: z.boolean() }), "Đã thu hồi"),
    ...errorResponses(400, 401, 403, 404),
  },
});

userRoutes.openapi(revokeTokenRoute, async (c) => {
  const { db } = c.get("deps");
  const { id, tokenId } = c.req.valid("param");
  const user = await ownUser(db, c.get("principal"), id);
  if (!(await findTokenOfUser(db, user.id, tokenId)))
    throw new AppError("not_found", "Không tìm thấy mã truy cập");
  return c.json({ revoked: await revokeApiToken(db, tokenId) }, 200);
});
