import { createRoute, z } from "@hono/zod-openapi";
import { withTransaction } from "../../db/db.js";
import {
  countUnread,
  defaultEmailFor,
  findDigestTime,
  listNotifications,
  listPreferences,
  markNotificationsRead,
  setDigestTime,
  upsertPreference,
} from "../../db/queries/notifications.js";
import { NOTIFICATION_TYPES } from "../../domain/notification-events.js";
import { AppError } from "../../errors.js";
import { createRouter } from "../../http/router.js";
import { decodeCursor, encodeCursor, pageOf, errorResponses, jsonContent, jsonBody } from "../schemas.js";

export const notificationRoutes = createRouter();
const security = [{ bearer: [] }];
const tags = ["Thông báo"];

/** A feed belongs to a person: a token made without one has none. */
function userOf(principal: { userId: string | null }): string {
  if (!principal.userId)
    throw new AppError("conflict", "Mã truy cập này không gắn với người dùng nên không có thông báo");
  return principal.userId;
}

const NotificationSchema = z
  .object({
    id: z.uuid(),
    eventType: z.string(),
    requestId: z.uuid().nullable(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    urgent: z.boolean(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi("Notification");

export const listNotificationsRoute = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Thông báo của tôi (mới nhất trước) và số chưa đọc",
  security,
  request: {
    query: z.object({
      unread: z.enum(["true", "false"]).default("false"),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({
        items: z.array(NotificationSchema),
        unreadCount: z.number(),
        nextCursor: z.string().nullable(),
      }),
      "Danh sách",
    ),
    ...errorResponses(400, 401, 409),
  },
});

notificationRoutes.openapi(listNotificationsRoute, async (c) => {
  const userId = userOf(c.get("principal"));
  const { db } = c.get("deps");
  const q = c.req.valid("query");
  const after = decodeCursor(q.cursor);
  if (q.cursor && !after)
    throw new AppError("validation_failed", "Con trỏ phân trang không hợp lệ", [
      { field: "cursor", message: "không hợp lệ" },
    ]);
  const rows = await listNotifications(db, {
    userId,
    unreadOnly: q.unread === "true",
    limit: q.limit + 1,
    after,
  });
  const { page, nextCursor } = pageOf(rows, q.limit, encodeCursor);
  return c.json(
    {
      items: page.map((n) => ({
        ...n,
        createdAt: n.createdAt.toISOString(),
        readAt: n.readAt?.toISOString() ?? null,
      })),
      unreadCount: await countUnread(db, userId),
      nextCursor,
    },
    200,
  );
});

export const markReadRoute = createRoute({
  method: "post",
  path: "/read",
  tags,
  summary: "Đánh dấu đã đọc: các thông báo đã chọn, hoặc tất cả",
  security,
  request: {
    body: jsonBody(
      z.object({
        ids: z.union([z.array(z.uuid("mã không hợp lệ")).min(1).max(200), z.literal("all")]),
      }),
    ),
  },
  responses: {
    200: jsonContent(z.object({ marked: z.number(), unreadCount: z.number() }), "Đã đánh dấu"),
    ...errorResponses(400, 401, 409),
  },
});

notificationRoutes.openapi(markReadRoute, async (c) => {
  const userId = userOf(c.get("principal"));
  const { db } = c.get("deps");
  const marked = await markNotificationsRead(db, userId, c.req.valid("json").ids);
  return c.json({ marked, unreadCount: await countUnread(db, userId) }, 200);
});

const PreferenceSchema = z.object({
  eventType: z.enum(NOTIFICATION_TYPES as [string, ...string[]]),
  inApp: z.boolean(),
  email: z.enum(["off", "immediate", "digest"]),
});

const PreferencesSchema = z.object({
  digestTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "giờ dạng HH:MM (giờ Hà Nội)")
    .optional(),
  preferences: z.array(PreferenceSchema).max(50).default([]),
});

export const getPreferencesRoute = createRoute({
  method: "get",
  path: "/preferences",
  tags,
  summary:
    "Tùy chọn nhận thông báo: theo từng loại sự kiện, trong ứng dụng và qua e-mail (ngay hoặc gộp hằng ngày)",
  security,
  responses: {
    200: jsonContent(
      z.object({
        digestTime: z.string().describe("Giờ gửi thư gộp hằng ngày (HH:MM, giờ Hà Nội)"),
        preferences: z.array(PreferenceSchema),
      }),
      "Tùy chọn",
    ),
    ...errorResponses(401, 409),
  },
});

notificationRoutes.openapi(getPreferencesRoute, async (c) => {
  const userId = userOf(c.get("principal"));
  const { db } = c.get("deps");
  const set = new Map((await listPreferences(db, userId)).map((p) => [p.eventType, p]));
  return c.json(
    {
      digestTime: await findDigestTime(db, userId),
      preferences: NOTIFICATION_TYPES.map(
        (t) => set.get(t) ?? { eventType: t, inApp: true, email: defaultEmailFor(c.get("principal").roles) },
      ),
    },
    200,
  );
});

export const putPreferencesRoute = createRoute({
  method: "put",
  path: "/preferences",
  tags,
  summary: "Đổi tùy chọn nhận thông báo",
  security,
  request: { body: jsonBody(PreferencesSchema) },
  responses: {
    200: jsonContent(z.object({ updated: z.number() }), "Đã lưu"),
    ...errorResponses(400, 401, 409),
  },
});

notificationRoutes.openapi(putPreferencesRoute, async (c) => {
  const userId = userOf(c.get("principal"));
  const body = c.req.valid("json");
  await withTransaction(c.get("deps").db, async (tx) => {
    if (body.digestTime) await setDigestTime(tx, userId, body.digestTime);
    for (const p of body.preferences) await upsertPreference(tx, userId, p as never);
  });
  return c.json({ updated: body.preferences.length }, 200);
});
