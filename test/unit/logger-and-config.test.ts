import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, ConfigSchema, loadConfig, publicUrlOf } from "../../src/config.js";
import { createLogger, scrubSecrets } from "../../src/runtime/logger.js";
import { withTrace } from "../../src/runtime/trace.js";

function capture(level: "debug" | "info" = "debug") {
  const lines: string[] = [];
  const log = createLogger(level, "phoihop", { write: (line: string) => void lines.push(line) });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const tokenArb = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((t) => `php_${t}`);

describe("the logger (pino behind the same interface)", () => {
  it("writes one JSON line per entry with level, time, name, message and the extra fields", () => {
    const { log, parsed } = capture();
    log.info("hello", { requestId: "r1", n: 2 });
    log.debug("quiet");
    const [first, second] = parsed();
    expect(first).toMatchObject({ level: "info", name: "phoihop", msg: "hello", requestId: "r1", n: 2 });
    expect(typeof first!.time).toBe("string");
    expect(second).toMatchObject({ level: "debug", msg: "quiet" });
  });

  it("honours the level", () => {
    const { log, lines } = capture("info");
    log.debug("not written");
    log.warn("written");
    expect(lines).toHaveLength(1);
  });

  it("names the trace of the work in hand on every line", () => {
    const { log, parsed } = capture();
    withTrace("trace-42", () => log.info("inside"));
    log.info("outside");
    expect(parsed()[0]!.trace).toBe("trace-42");
    expect(parsed()[1]!.trace).toBeUndefined();
  });

  it("never writes an API token or a URL password, in the message or in the fields", () => {
    fc.assert(
      fc.property(
        tokenArb,
        fc.string(),
        fc.string(),
        fc.stringMatching(/^[a-zA-Z0-9]{6,20}$/),
        (token, before, after, pw) => {
          const { log, lines } = capture();
          log.warn(`${before}${token}${after}`, {
            token,
            authorization: `Bearer ${token}`,
            nested: { password: pw },
          });
          log.error(`redis://user:${pw}@cache:6379 down`);
          const out = lines.join("");
          expect(out).not.toContain(token);
          expect(out).not.toContain(`:${pw}@`);
          expect(out).not.toContain(`"password":"${pw}"`);
        },
      ),
    );
  });

  it("scrubSecrets leaves ordinary text alone", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes("php_") && !s.includes("://")),
        (s) => {
          expect(scrubSecrets(s)).toBe(s);
        },
      ),
    );
  });
});

describe("configuration messages", () => {
  const keys = Object.keys(ConfigSchema.shape);

  it("any value of any variable either parses or gives ConfigError lines in Vietnamese, never a crash", () => {
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.string({ maxLength: 40 }), (key, value) => {
        try {
          loadConfig({ [key]: value });
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          for (const line of (err as ConfigError).lines) {
            expect(line.startsWith(`  ${key}: `)).toBe(true);
            // The generic library words that mixed languages ("mong đợi number", "Invalid input") are gone.
            expect(line).not.toMatch(/mong đợi|expected|invalid|Invalid|received|nhận được|NaN/);
          }
        }
      }),
    );
  });

  it("says what a number should be, and never echoes a secret", () => {
    try {
      loadConfig({ PORT: "abc", DATABASE_URL: "nonsense-with-secret", SHUTDOWN_TIMEOUT_MS: "-1" });
      expect.unreachable();
    } catch (err) {
      const text = (err as ConfigError).lines.join("\n");
      expect(text).toContain('PORT: phải là một số nguyên từ 0 đến 65535 (đang đặt "abc")');
      expect(text).toContain("SHUTDOWN_TIMEOUT_MS: phải là một số nguyên dương");
      expect(text).toContain("DATABASE_URL: không phải một URL");
      expect(text).not.toContain("nonsense-with-secret");
    }
  });

  it("PUBLIC_URL defaults to the address the API listens on", () => {
    const cfg = loadConfig({ PORT: "8081" });
    expect(publicUrlOf(cfg)).toBe("http://127.0.0.1:8081");
    expect(publicUrlOf(cfg, "http://127.0.0.1:40123")).toBe("http://127.0.0.1:40123");
    expect(publicUrlOf(loadConfig({ PUBLIC_URL: "https://phoihop.example/" }), "http://127.0.0.1:1")).toBe(
      "https://phoihop.example",
    );
  });
});
