import { pino } from "pino";
import { currentTrace } from "./trace.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface Logger {
  debug(msg: string, extra?: object): void;
  info(msg: string, extra?: object): void;
  warn(msg: string, extra?: object): void;
  error(msg: string, extra?: object): void;
}

/**
 * Fields that never reach a log line whatever object they sit in: tokens, passwords, secrets in URLs.
 * (Values are censored, the key stays, so a reader sees that something was there.)
 */
export const REDACTED_PATHS = [
  "token",
  "*.token",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "cookie",
  "*.cookie",
  "secret",
  "*.secret",
  "replyToken",
  "*.replyToken",
  "DATABASE_URL",
  "REDIS_URL",
  "SMTP_URL",
  "IMAP_URL",
];

/** `php_…` API tokens and `user:password@` in URLs, wherever they appear inside a message text. */
export function scrubSecrets(text: string): string {
  if (!text.includes("php_") && !text.includes("://")) return text;
  return text
    .replace(/php_[A-Za-z0-9_-]{8,}/g, "php_[đã ẩn]")
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s/]+@/gi, "$1[đã ẩn]@");
}

/**
 * One JSON line per entry on stderr (pino); the CLI's own messages to the person go to stdout.
 * `destination` is for tests that read the lines back.
 */
export function createLogger(
  level: LogLevel,
  name = "phoihop",
  destination: pino.DestinationStream = pino.destination({ fd: 2, sync: true }),
): Logger {
  const base = pino(
    {
      name,
      level,
      base: { name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: "[đã ẩn]" },
      // Every line written while a request or a job is handled names its trace (the request id).
      mixin: () => {
        const trace = currentTrace();
        return trace ? { trace } : {};
      },
    },
    destination,
  );
  const at = (lvl: Exclude<LogLevel, "silent">) => (msg: string, extra?: object) => {
    if (!base.isLevelEnabled(lvl)) return;
    if (extra) base[lvl](extra, scrubSecrets(msg));
    else base[lvl](scrubSecrets(msg));
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
