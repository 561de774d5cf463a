// HTTP metrics live beside the HTTP layer: the workers share src/runtime/metrics.ts and never load Hono.
import { prometheus } from "@hono/prometheus";
import { registry } from "../runtime/metrics.js";

/** HTTP latencies and counts by method, route (the pattern, never an id), status: @hono/prometheus. */
export const httpMetrics = prometheus({ registry, prefix: "phoihop_" });
