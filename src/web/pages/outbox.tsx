import type { Hono } from "hono";
import type { WebEnv } from "../context.js";

// Being written (issue 7).
export function registerOutboxPages(_web: Hono<WebEnv>): void {}
