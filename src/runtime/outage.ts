import type { Logger } from "./logger.js";

/** A part the service cannot work without, as /readyz names it. */
export type Part = "database" | "queue";

// Connection-level failures of PostgreSQL: the server is down, starting, shutting down, or the link broke.
const PG_UNAVAILABLE_CODES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);
const NET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND"]);
const PG_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Cannot use a pool after calling end on the pool",
  "Client has encountered a connection error",
];
const REDIS_MESSAGES = [
  "Stream isn't writeable",
  "Connection is closed",
  "Reached the max retries per request limit",
  "READONLY",
  "LOADING",
];

/** Which part an error says is unreachable, or null when it is an error of ours. */
export function unreachablePart(err: unknown): Part | null {
  const e = err as { code?: string; message?: string; name?: string; errors?: unknown[] } | null;
  if (!e || typeof e !== "object") return null;
  const message = e.message ?? "";
  if (e.name === "MaxRetriesPerRequestError" || REDIS_MESSAGES.some((m) => message.includes(m)))
    return "queue";
  if (e.code && PG_UNAVAILABLE_CODES.has(e.code)) return "database";
  if (e.code && NET_CODES.has(e.code)) return "database";
  if (PG_MESSAGES.some((m) => message.includes(m))) return "database";
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const part = unreachablePart(inner);
      if (part) return part;
    }
  }
  return null;
}

/** One log line when a part becomes unreachable and one when it answers again, not a stack per request. */
export class OutageLog {
  private readonly down = new Map<Part, number>();

  constructor(private readonly log: Logger) {}

  unreachable(part: Part, err: Error): void {
    if (this.down.has(part)) return;
    this.down.set(part, Date.now());
    this.log.error(`${part} unreachable: ${err.message}`, { part });
  }

  /** A request went through: whatever was down answers again. */
  reachable(): void {
    for (const [part, since] of this.down) {
      this.log.info(`${part} reachable again`, { part, downMs: Date.now() - since });
    }
    this.down.clear();
  }

  get anyDown(): boolean {
    return this.down.size > 0;
  }
}

const MESSAGES: Record<Part, string> = {
  database: "Cơ sở dữ liệu tạm thời không truy cập được; vui lòng thử lại sau ít phút",
  queue: "Hàng đợi xử lý tạm thời không truy cập được; vui lòng thử lại sau ít phút",
};

export function unavailableMessage(part: Part): string {
  return MESSAGES[part];
}

/** Seconds a client should wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;
