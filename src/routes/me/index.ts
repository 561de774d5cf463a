import { createRoute, z } from "@hono/zod-openapi";
import { findUser } from "../../db/queries/users.js";
import { GATEWAY_ROLE, ROLES } from "../../domain/request-state.js";
import { createRouter } from "../../http/router.js";
import { errorResponses, jsonContent } from "../schemas.js";

export const meRoutes = createRouter();

const MeSchema = z
  .object({
    tokenId: z.uuid(),
    committee: z.string().openapi({ example: "NGHE-AN" }),
    roles: z.array(z.enum([...ROLES, GATEWAY_ROLE])),
    user: z
      .object({ id: z.uuid(), name: z.string(), email: z.string() })
      .nullable()
      .describe("Người dùng mà mã truy cập đại diện; null với mã cũ không gắn người dùng"),
  })
  .openapi("Me");

meRoutes.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Người dùng"],
    summary: "Người đang gọi: ủy ban, vai trò và người dùng (nếu mã truy cập gắn với người dùng)",
    security: [{ bearer: [] }],
    responses: { 200: jsonContent(MeSchema, "Người đang gọi"), ...errorResponses(401) },
  }),
  async (c) => {
    const principal = c.get("principal");
    const user = principal.userId ? await findUser(c.get("deps").db, principal.userId) : undefined;
    return c.json(
      {
        tokenId: principal.tokenId,
        committee: principal.committeeCode,
        roles: principal.roles,
        user: user ? { id: user.id, name: user.name, email: user.email } : null,
      },
      200,
    );
  },
);
