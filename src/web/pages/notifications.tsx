import type { Hono } from "hono";
import type { WebEnv } from "../context.js";
import { registerNotificationSettings } from "./notification-settings.js";
import { dateTimeVi } from "../format.js";
import { must, refusalOf } from "../guards.js";
import { CsrfField, Flash, Layout } from "../layout.js";
import { redirectWithFlash, takeFlash } from "../flash.js";

/** A person's own notifications (the in-app feed): what waits for them, newest first. */
export function registerNotificationPages(web: Hono<WebEnv>): void {
  web.get("/thong-bao", async (c) => {
    const viewer = c.get("viewer")!;
    const cursor = c.req.query("cursor");
    const res = await c
      .get("api")
      .get("/v1/notifications", { query: { limit: "30", cursor: cursor || undefined } });
    const layout = { title: "Thông báo", viewer, csrf: c.get("csrf"), current: "/thong-bao" };
    if (!res.ok && refusalOf(res.error) === "conflict") {
      return c.html(
        <Layout {...layout}>
          <p>{res.error.message}</p>
        </Layout>,
      );
    }
    const feed = must(res);
    return c.html(
      <Layout {...layout}>
        <Flash text={takeFlash(c)} />
        <p>
          Chưa đọc: <strong>{feed.unreadCount}</strong> · <a href="/thong-bao/cai-dat">Cài đặt thông báo</a>
        </p>
        {feed.unreadCount > 0 && (
          <form method="post" action="/thong-bao/da-doc">
            <CsrfField csrf={c.get("csrf")} />
            <button type="submit">Đánh dấu tất cả đã đọc</button>
          </form>
        )}
        {feed.items.length === 0 ? (
          <p>Chưa có thông báo nào.</p>
        ) : (
          <ul class="notifications">
            {feed.items.map((n) => (
              <li class={n.readAt ? "read" : "unread"}>
                {n.urgent && <span class="badge bad">Khẩn</span>}{" "}
                {!n.readAt && <span class="badge warn">Mới</span>}{" "}
                {n.requestId ? <a href={`/yeu-cau/${n.requestId}`}>{n.title}</a> : <strong>{n.title}</strong>}
                <div class="muted">{dateTimeVi(n.createdAt)}</div>
                <div>{n.body}</div>
              </li>
            ))}
          </ul>
        )}
        {feed.nextCursor && (
          <p class="pager">
            <a href={`/thong-bao?cursor=${encodeURIComponent(feed.nextCursor)}`}>Cũ hơn →</a>
          </p>
        )}
      </Layout>,
    );
  });

  registerNotificationSettings(web);

  web.post("/thong-bao/da-doc", async (c) => {
    must(await c.get("api").send("POST", "/v1/notifications/read", { json: { ids: "all" } }));
    return redirectWithFlash(c, `/thong-bao`, "Đã đánh dấu tất cả là đã đọc");
  });
}
