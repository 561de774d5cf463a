import { Hono } from "hono";
import { DEFAULT_ATTACHMENT_SETTINGS } from "../attachments/settings.js";
import type { AppDeps } from "../http/context.js";
import type { ApiFetcher } from "./api-client.js";
import type { WebEnv } from "./context.js";
import { TEMPLATE_UPLOAD_MAX_BYTES } from "../http/middleware.js";
import { guardPosts, limitPageBody, PageError, pageHeaders, requireSignIn } from "./guards.js";
import { loadSession } from "./session.js";
import { Layout } from "./layout.js";
import { registerCommitteePages } from "./pages/committees.js";
import { registerInboxPages } from "./pages/inbox.js";
import { registerNotificationPages } from "./pages/notifications.js";
import { registerOutboxPages } from "./pages/outbox.js";
import { registerReportPages } from "./pages/reports.js";
import { registerRegisterPages } from "./pages/register-pages.js";
import { registerRequestFilePages } from "./requests/files.js";
import { registerRequestPages } from "./requests/index.js";
import { registerSearchPage } from "./pages/search.js";
import { registerSigningCertificatePages } from "./pages/signing-certificates.js";
import { registerSignIn } from "./pages/sign-in.js";
import { registerTemplatePages } from "./pages/templates.js";
import { registerUserPages } from "./pages/users.js";
import { mountQueueBoard } from "./queue-board.js";
import { serveStaticAssets } from "./static-assets.js";

/** Where the pages live; the session, headers and post guards apply here and nowhere else (not to /v1). */
export const PAGE_PREFIXES = [
  "/yeu-cau",
  "/thong-bao",
  "/hop-thu-den",
  "/bao-cao",
  "/thu-di",
  "/mau-van-ban",
  "/tai-lieu",
  "/danh-ba",
  "/nguoi-dung",
  "/so-van-ban",
  "/tim-kiem",
  "/tep-dinh-kem",
  "/ban-giao",
  "/chu-ky-so",
];

/**
 * The web interface: server-rendered pages in Vietnamese, a client of the API in the same process.
 * `app` is the whole service, which the pages call as the signed-in person.
 */
export function createWebRoutes(app: ApiFetcher, deps: AppDeps): Hono<WebEnv> {
  const web = new Hono<WebEnv>();
  serveStaticAssets(web);
  const session = loadSession(app);
  const small = limitPageBody(16 * 1024);
  for (const path of ["/", "/dang-nhap", "/dang-xuat"])
    web.use(path, pageHeaders, small, session, guardPosts);
  for (const prefix of PAGE_PREFIXES) {
    const upload =
      prefix === "/mau-van-ban"
        ? TEMPLATE_UPLOAD_MAX_BYTES
        : prefix === "/tep-dinh-kem"
          ? (deps.attachments ?? DEFAULT_ATTACHMENT_SETTINGS).maxFileBytes
          : 0;
    const limit = limitPageBody(upload ? upload + 64 * 1024 : 512 * 1024);
    // "/x/*" also matches "/x" itself in Hono: one registration per prefix, so the chain runs once.
    web.use(`${prefix}/*`, pageHeaders, limit, session, requireSignIn, guardPosts);
  }

  registerSignIn(web);
  registerRequestPages(web);
  registerNotificationPages(web);
  registerCommitteePages(web);
  registerUserPages(web);
  registerInboxPages(web);
  registerOutboxPages(web);
  registerReportPages(web);
  registerTemplatePages(web);
  registerRegisterPages(web);
  registerSearchPage(web);
  registerRequestFilePages(web);
  registerSigningCertificatePages(web);
  mountQueueBoard(web, deps.queues, session);

  web.onError((err, c) => {
    const status = err instanceof PageError ? err.status : 500;
    if (status === 500) c.get("deps").log.error(`page ${c.req.path}: ${err.stack ?? err.message}`);
    const message =
      err instanceof PageError ? err.message : "Lỗi hệ thống; đã ghi nhận, vui lòng thử lại sau";
    const title =
      status === 404 ? "Không tìm thấy" : status === 403 ? "Không có quyền truy cập" : "Không thực hiện được";
    return c.html(
      <Layout title={title} viewer={c.get("viewer")} csrf={c.get("csrf")}>
        <p>{message}</p>
        <p>
          <a href="/yeu-cau">Về danh sách yêu cầu</a>
        </p>
      </Layout>,
      status,
    );
  });
  return web;
}
