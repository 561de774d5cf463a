import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import type { IServerAdapter } from "@bull-board/api/typings/app";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono, MiddlewareHandler } from "hono";
import type { Principal } from "../auth/tokens.js";
import type { Queues } from "../runtime/queues.js";
import type { WebEnv } from "./context.js";
import { hasRole, limitPageBody, PageError } from "./guards.js";
import { crossSite } from "./session.js";

export const BOARD_PATH = "/admin/queues";

/** Who may open the queue dashboard (the nav asks the same). */
export const mayOpenQueueBoard = (viewer: Principal | undefined) => hasRole(viewer, "operator");

/** Bull Board's UI: its static files are served from here whatever the working directory is. */
const UI_DIR = dirname(createRequire(import.meta.url).resolve("@bull-board/ui/package.json"));
const STATIC_DIR = join(UI_DIR, "dist", "static");

/**
 * Inline styles are allowed here only: the board's own page and its editor inject them. Everything still comes from
 * this service (no fonts, scripts or API calls elsewhere); `base-uri 'self'` because the page sets `<base href>`.
 */
const BOARD_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/**
 * The dashboard of the BullMQ queues (Redis or PostgreSQL backend), for the deployment's operators signed in to the
 * web interface. The queues are shared by every committee (one `mail` queue carries everyone's letters), so a
 * committee admin never sees or acts on them: only the deployment role `operator` does. Its queues are opened on the first visit, not when the app is built.
 */
export function mountQueueBoard(web: Hono<WebEnv>, queues: Queues, session: MiddlewareHandler<WebEnv>): void {
  const serverAdapter = new HonoAdapter(((opts) =>
    serveStatic({ ...opts, root: STATIC_DIR })) as typeof serveStatic).setBasePath(BOARD_PATH);
  const board = createBullBoard({
    queues: [],
    // @bull-board/hono 9.10.1 pins its own copy of @bull-board/api 9.10.1 for its types only (the adapter's code
    // needs hono and ejs alone), so the two copies' declarations differ while the objects fit.
    serverAdapter: serverAdapter as unknown as IServerAdapter,
    options: {
      uiBasePath: UI_DIR,
      uiConfig: {
        boardTitle: "Hàng đợi công việc — phoihop",
        hideDocsLink: true,
        miscLinks: [{ text: "Về trang yêu cầu", url: "/yeu-cau" }],
      },
    },
  });
  let opened = false;
  const openQueues: MiddlewareHandler<WebEnv> = async (c, next) => {
    if (!opened) {
      board.setQueues(queues.all().map((q) => new BullMQAdapter(q)));
      opened = true;
    }
    // Set on every page view, after createBullBoard pointed it at the original template.
    if (c.req.method === "GET") serverAdapter.setViewsPath(localViews());
    await next();
  };

  // "/admin/queues/*" also matches "/admin/queues" itself (Hono 4): one registration, so the chain runs once.
  web.use(`${BOARD_PATH}/*`, boardHeaders, limitPageBody(1024 * 1024), session, requireOperator, openQueues);
  web.get(`${BOARD_PATH}/`, (c) => c.redirect(BOARD_PATH, 301));
  web.route(BOARD_PATH, serverAdapter.registerPlugin());
}

const boardHeaders: MiddlewareHandler<WebEnv> = async (c, next) => {
  await next();
  const asset = c.req.path.startsWith(`${BOARD_PATH}/static/`) && c.res.status === 200;
  c.header("Content-Security-Policy", BOARD_CSP);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "same-origin");
  // The UI's file names carry a content hash; the page and its JSON change with every poll.
  c.header("Cache-Control", asset ? "private, max-age=86400" : "no-store");
};

/**
 * Operators only. The board's own fetches (retry, clean, pause…) cannot carry our CSRF form field, so a
 * change is accepted when the browser says it comes from this site, and refused when it is cross-site.
 */
const requireOperator: MiddlewareHandler<WebEnv> = async (c, next) => {
  const reading = c.req.method === "GET" || c.req.method === "HEAD";
  if (!reading && crossSite(c)) throw new PageError(403, "Yêu cầu gửi từ trang khác bị từ chối");
  const viewer = c.get("viewer");
  if (!viewer) return c.redirect(`/dang-nhap?tiep=${BOARD_PATH}`, 303);
  if (!mayOpenQueueBoard(viewer)) {
    throw new PageError(403, "Bảng theo dõi hàng đợi chỉ dành cho người vận hành hệ thống");
  }
  await next();
};

/**
 * Bull Board's page template links Google Fonts; this service loads nothing from the internet, so the board renders
 * a copy without any line that names a remote address (the UI falls back to the system fonts). The copy lives in a
 * private directory of its own (an EJS template is code: never a predictable path in a shared /tmp), made again if
 * a temp cleaner removes it while the service runs.
 */
function localViews(): string {
  if (viewsDir && existsSync(join(viewsDir, "index.ejs"))) return viewsDir;
  const source = readFileSync(join(UI_DIR, "dist", "index.ejs"), "utf8");
  const local = source
    .split("\n")
    .filter((line) => !/https?:\/\//.test(line))
    .join("\n")
    // The page around the board speaks Vietnamese (the board's own UI ships no Vietnamese: it stays English).
    .replace('<html lang="en"', '<html lang="vi"')
    .replace(/^(\s*)Loading$/m, "$1Đang tải bảng theo dõi hàng đợi…");
  const dir = mkdtempSync(join(tmpdir(), "phoihop-bull-board-"));
  writeFileSync(join(dir, "index.ejs"), local, { mode: 0o600 });
  if (!viewsDir) process.once("exit", () => rmSync(viewsDir ?? dir, { recursive: true, force: true }));
  viewsDir = dir;
  return dir;
}
/** One copy per process, whatever the number of apps built (the tests build many). */
let viewsDir: string | undefined;
