import { createRoute } from "@hono/zod-openapi";
import type { Principal } from "../../auth/tokens.js";
import type { Db } from "../../db/db.js";
import { followRequest, unfollowRequest } from "../../db/queries/request-follows.js";
import { findRequest, isVisibleTo } from "../../db/queries/requests.js";
import { AppError } from "../../errors.js";
import { createRouter } from "../../http/router.js";
import { errorResponses, IdParamSchema } from "../schemas.js";

export const followRoutes = createRouter();

const followRoute = (method: "put" | "delete", summary: string) =>
  createRoute({
    method,
    path: "/{id}/follow",
    tags: ["Yêu cầu phối hợp"],
    summary,
    security: [{ bearer: [] }],
    request: { params: IdParamSchema },
    responses: {
      204: { description: "Xong (gọi lại lần nữa cũng vậy)" },
      ...errorResponses(400, 401, 404, 409),
    },
  });

/** The caller's user, for a request the caller may see; a token without a user follows nothing. */
async function followerOf(db: Db, principal: Principal, requestId: string): Promise<string> {
  if (!principal.userId) throw new AppError("conflict", "Mã truy cập này không gắn với người dùng");
  const request = await findRequest(db, requestId);
  if (!request || !isVisibleTo(request, principal.committeeId)) {
    throw new AppError("not_found", "Không tìm thấy yêu cầu");
  }
  return principal.userId;
}

followRoutes.openapi(followRoute("put", "Theo dõi yêu cầu"), async (c) => {
  const { db } = c.get("deps");
  const { id } = c.req.valid("param");
  await followRequest(db, await followerOf(db, c.get("principal"), id), id);
  return c.body(null, 204);
});

followRoutes.openapi(followRoute("delete", "Bỏ theo dõi yêu cầu"), async (c) => {
  const { db } = c.get("deps");
  const { id } = c.req.valid("param");
  await unfollowRequest(db, await followerOf(db, c.get("principal"), id), id);
  return c.body(null, 204);
});
