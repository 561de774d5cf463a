import { z } from "zod";
import { emailDomain } from "./domain/text.js";
import { trustedProxyProblem } from "./http/client-address.js";

/*
 * Every field says what it wants in its own words (Vietnamese, one sentence): the library's generic messages
 * ("mong đợi number") would mix languages and repeat what was received.
 */

/** Booleans from the environment: only these spellings, never `z.coerce.boolean()` ("false" would be true). */
const envBoolean = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], { error: "phải là true hoặc false (hoặc 1/0, yes/no)" })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === "true" || v === "1" || v === "yes"));

const integer = (min: number, max: number, what = `một số nguyên từ ${min} đến ${max}`) => {
  const error = `phải là ${what}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const positiveInteger = () => integer(1, Number.MAX_SAFE_INTEGER, "một số nguyên dương");

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `phải là một trong: ${values.join(", ")}` });

/** A URL with one of the protocols; `new URL` is never reached with text it cannot parse. */
const url = (protocols: string[]) =>
  z.string().superRefine((v, ctx) => {
    if (!URL.canParse(v)) {
      ctx.addIssue({ code: "custom", message: `không phải một URL (ví dụ ${protocols[0]}//máy-chủ:cổng/…)` });
      return;
    }
    if (!protocols.includes(new URL(v).protocol))
      ctx.addIssue({ code: "custom", message: `giao thức phải là ${protocols.join(" hoặc ")}` });
  });

export const ConfigSchema = z
  .object({
    NODE_ENV: oneOf(["development", "production", "test"]).default("development"),
    PORT: integer(0, 65535).default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: url(["postgres:", "postgresql:"]).optional(),
    REDIS_URL: url(["redis:", "rediss:"]).optional(),
    SMTP_URL: url(["smtp:", "smtps:"]).optional(),
    MAIL_FROM: z.email({ error: "phải là một địa chỉ e-mail" }).default("phoihop@phoihop.example"),
    REPLY_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "phải là một tên miền")
      .optional()
      .describe("replies go to reply+<token>@REPLY_DOMAIN; default: the domain of MAIL_FROM"),
    PUBLIC_URL: url(["http:", "https:"])
      .optional()
      .describe("how users reach the service; default: the address the API actually listens on"),
    INBOUND_SMTP_PORT: integer(0, 65535)
      .optional()
      .describe(
        "in-process SMTP receiver on INBOUND_SMTP_HOST; default 2525 in the embedded mode, off otherwise",
      ),
    INBOUND_SMTP_HOST: z.string().min(1).default("127.0.0.1"),
    IMAP_URL: url(["imap:", "imaps:"]).optional(),
    IMAP_PROCESSED_FOLDER: z.string().min(1).default("Processed"),
    INBOUND_AUTHSERV_ID: z
      .string()
      .regex(/^[A-Za-z0-9.-]+(,[A-Za-z0-9.-]+)*$/, "phải là tên máy chủ, cách nhau bằng dấu phẩy")
      .optional()
      .describe(
        "authserv-id of our own MTA: its Authentication-Results (DKIM/SPF/DMARC) are read, any other is ignored",
      ),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, "chỉ gồm chữ thường, số và _, bắt đầu bằng chữ")
      .default("phoihop"),
    BODY_LIMIT_BYTES: positiveInteger().default(256 * 1024),
    SHUTDOWN_TIMEOUT_MS: positiveInteger().default(10_000),
    RECONCILE_INTERVAL_MS: positiveInteger().default(30_000),
    MAIL_RETRY_LIFETIME_MS: positiveInteger()
      .default(5 * 24 * 3600 * 1000)
      .describe("how long temporary SMTP refusals are retried before delivery_failed (Postfix: 5 days)"),
    MAIL_SEND_TIMEOUT_MS: integer(1000, 3_600_000)
      .default(60_000)
      .describe("SMTP silence that ends an attempt; a send held twice this long was interrupted"),
    PDF_PROCESSES: integer(0, 16)
      .default(2)
      .describe("LibreOffice processes per worker; 0: this worker makes no PDFs"),
    LOG_LEVEL: oneOf(["debug", "info", "warn", "error", "silent"]).default("info"),
    SMTP_ALLOW_INSECURE: envBoolean(false),
    METRICS_TOKEN: z
      .string()
      .min(16, { error: "phải dài ít nhất 16 ký tự" })
      .optional()
      .describe("bearer token a Prometheus scraper sends to /metrics; unset: /metrics answers loopback only"),
    METRICS_PORT: integer(0, 65535)
      .optional()
      .describe("a worker-only process (--role worker) serves /metrics on this port, on HOST"),
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .superRefine((v, ctx) => {
        for (const entry of (v ?? "")
          .split(",")
          .map((e) => e.trim())
          .filter(Boolean)) {
          const problem = trustedProxyProblem(entry);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }
      })
      .describe(
        "proxies (IP or CIDR, comma-separated) whose X-Forwarded-For/-Proto/-Host are believed; default: none",
      ),
    AUTH_FAILURES_PER_WINDOW: positiveInteger().default(10),
    AUTH_FAILURE_WINDOW_SECONDS: positiveInteger().default(60),
    AUTH_BLOCK_SECONDS: positiveInteger().default(300),
    ATTACHMENT_STORAGE: oneOf(["db", "dir"])
      .default("db")
      .describe("where request attachments' bytes live: this database, or a directory (ATTACHMENT_DIR)"),
    ATTACHMENT_DIR: z.string().min(1).optional().describe("default: DATA_DIR/attachments"),
    ATTACHMENT_MAX_FILE_BYTES: positiveInteger().default(10 * 1024 * 1024),
    ATTACHMENT_MAX_REQUEST_BYTES: positiveInteger().default(25 * 1024 * 1024),
    SIGNING_KEY_SECRET: z
      .string()
      .regex(/^([0-9a-f]{64}|[A-Za-z0-9+/]{43}=)$/i, "phải là 32 byte: 64 chữ số hex hoặc base64")
      .optional()
      .describe(
        "AES-256-GCM key that encrypts the committees' signing keys; without it no key can be uploaded",
      ),
    SIGNING_TRUSTED_ROOTS: z
      .string()
      .min(1)
      .optional()
      .describe(
        "path to a PEM bundle of the roots a signature's chain must reach (Ban Cơ yếu, the deployment's CA)",
      ),
    SIGNING_FONT_PATH: z.string().min(1).optional().describe("TrueType font of the visible signature block"),
    SIGNING_EXPIRY_NOTICE_DAYS: integer(1, 365).default(30),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.SMTP_URL && URL.canParse(cfg.SMTP_URL) && !cfg.SMTP_ALLOW_INSECURE) {
      const smtp = new URL(cfg.SMTP_URL);
      const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(smtp.hostname);
      if (smtp.protocol === "smtp:" && !loopback && smtp.searchParams.get("requireTLS") !== "true") {
        ctx.addIssue({
          code: "custom",
          path: ["SMTP_URL"],
          message: "máy chủ SMTP không phải loopback phải dùng TLS (smtps:// hoặc ?requireTLS=true)",
        });
      }
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

const SECRET_KEYS = new Set([
  "DATABASE_URL",
  "REDIS_URL",
  "SMTP_URL",
  "IMAP_URL",
  "METRICS_TOKEN",
  "SIGNING_KEY_SECRET",
]);

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(`Cấu hình không hợp lệ:\n${lines.join("\n")}`);
  }
}

/** Parses the environment once. A wrong value gives one line per field; secret values are never echoed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(ConfigSchema.shape ?? {}).map((k) => [k, env[k] === "" ? undefined : env[k]]),
  );
  const parsed = ConfigSchema.safeParse(known);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "?");
    const shown = SECRET_KEYS.has(key)
      ? "giá trị bí mật, không in ra"
      : `đang đặt ${JSON.stringify(known[key])}`;
    return `  ${key}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(lines);
}

/** The deployment mode is derived from what is configured, nowhere else. */
export function describeMode(cfg: Config) {
  return {
    database: cfg.DATABASE_URL ? "postgres" : "embedded-postgres",
    queue: cfg.REDIS_URL ? "redis" : "postgres",
    mail: cfg.SMTP_URL ? "smtp" : "outbox",
  } as const;
}

/** Where users reach the service: PUBLIC_URL, or else the address the API listens on (`listening`, once known). */
export function publicUrlOf(cfg: Config, listening?: string | null): string {
  return (cfg.PUBLIC_URL ?? listening ?? `http://${cfg.HOST}:${cfg.PORT}`).replace(/\/$/, "");
}

/** Where mail comes from and where replies go. */
export function mailSettings(cfg: Config): { mailFrom: string; replyDomain: string; authservIds: string[] } {
  return {
    mailFrom: cfg.MAIL_FROM,
    replyDomain: cfg.REPLY_DOMAIN ?? emailDomain(cfg.MAIL_FROM),
    authservIds: cfg.INBOUND_AUTHSERV_ID?.split(",").map((s) => s.toLowerCase()) ?? [],
  };
}

/** How failed sign-ins and token checks are throttled (per address and per token prefix). */
export function throttleLimits(cfg: Config) {
  return {
    failures: cfg.AUTH_FAILURES_PER_WINDOW,
    windowSeconds: cfg.AUTH_FAILURE_WINDOW_SECONDS,
    blockSeconds: cfg.AUTH_BLOCK_SECONDS,
  };
}
