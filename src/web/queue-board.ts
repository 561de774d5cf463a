import type { Hono, MiddlewareHandler } from "hono";
import type { Queues } from "../runtime/queues.js";
import type { WebEnv } from "./context.js";

// Being written (issue 7).
export function mountQueueBoard(_web: Hono<WebEnv>, _queues: Queues, _session: MiddlewareHandler<WebEnv>): void {}
