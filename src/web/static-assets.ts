import { readFileSync } from "node:fs";
import type { Hono } from "hono";
import type { WebEnv } from "./context.js";

const STATIC_DIR = new URL("./static/", import.meta.url);
const FILES: Record<string, string> = {
  "app.css": "text/css; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
};

/** The interface's own stylesheet and script, read once: nothing is fetched from anywhere else. */
export function serveStaticAssets(app: Hono<WebEnv>): void {
  for (const [name, type] of Object.entries(FILES)) {
    const body = readFileSync(new URL(name, STATIC_DIR), "utf8");
    app.get(`/static/${name}`, (c) =>
      c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=3600" }),
    );
  }
}
