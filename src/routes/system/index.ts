import { createRequire } from "node:module";
import path from "node:path";
import { readFile } from "node:fs/promises";
import { Hono } from "hono";
import { pingDatabase } from "../../db/db.js";
import type { AppEnv } from "../../http/context.js";

export const systemRoutes = new Hono<AppEnv>();

systemRoutes.get("/healthz", (c) => c.json({ status: "ok" }));

systemRoutes.get("/readyz", async (c) => {
  const deps = c.get("deps");
  const checks: Record<string, string> = {};
  await pingDatabase(deps.db).then(
    () => (checks.database = "ok"),
    (err: Error) => (checks.database = err.message),
  );
  await deps.queues.ping().then(
    () => (checks.queue = "ok"),
    (err: Error) => (checks.queue = err.message),
  );
  const details: Record<string, unknown> = {
    queueBackend: deps.queues.backend,
    mail: deps.mailMode,
    ...deps.readinessDetails?.(),
  };
  // A converter that this process runs but that has no LibreOffice process up: PDFs wait until it is back.
  const pdf = details.pdf as { available?: boolean; processes?: number; starting?: boolean } | undefined;
  if (pdf?.available && pdf.processes === 0)
    checks.pdf = pdf.starting ? "LibreOffice đang khởi động" : "LibreOffice không chạy (đang khởi động lại)";
  const down = Object.keys(checks).filter((part) => checks[part] !== "ok");
  if (down.length) c.header("Retry-After", "5");
  return c.json(
    { status: down.length ? "not_ready" : "ready", checks, ...(down.length ? { down } : {}), details },
    down.length ? 503 : 200,
  );
});

// Swagger UI from the swagger-ui-dist package, served locally: the committees' networks may have no internet.
const swaggerDir = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const DOCS_HTML = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>phoihop — tài liệu API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" href="/docs/assets/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

// The bearer token typed into "Authorize" lives in the page's memory only: never persisted (no localStorage).
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", validatorUrl: null,
  deepLinking: true, persistAuthorization: false });`;

/**
 * The pages' own headers for the API documentation: everything from this service, nothing framed. Swagger UI sets
 * style attributes and inline SVG data images, hence `'unsafe-inline'` for styles and `data:` for images only.
 */
const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

systemRoutes.use("/docs/*", async (c, next) => {
  await next();
  c.header("Content-Security-Policy", DOCS_CSP);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "same-origin");
  if (!c.req.path.startsWith("/docs/assets/")) c.header("Cache-Control", "no-store");
});

systemRoutes.get("/docs", (c) => c.html(DOCS_HTML));
systemRoutes.get("/docs/init.js", (c) =>
  c.body(DOCS_INIT, 200, { "Content-Type": "text/javascript; charset=utf-8" }),
);
systemRoutes.get("/docs/assets/:file", async (c) => {
  const file = c.req.param("file");
  const type = ASSETS[file];
  if (!type) return c.notFound();
  const bytes = await readFile(path.join(swaggerDir, file));
  return c.body(new Uint8Array(bytes), 200, {
    "Content-Type": type,
    "Cache-Control": "public, max-age=86400",
  });
});
