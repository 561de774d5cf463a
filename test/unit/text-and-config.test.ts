import { describe, expect, it } from "vitest";
import { ConfigError, describeMode, loadConfig } from "../../src/config.js";
import { asciiSlug, nfc, nfcDeep, upperVi } from "../../src/domain/text.js";

describe("NFC normalisation", () => {
  it("turns decomposed Vietnamese into composed", () => {
    const decomposed = "Nghe\u0323\u0302 An"; // ệ as e + dot below + circumflex
    expect(decomposed).not.toBe("Nghệ An");
    expect(nfc(decomposed)).toBe("Nghệ An");
  });
  it("normalises every string of a JSON body, keys untouched", () => {
    const body = { a: ["Thu\u0309y"], b: { c: "Đa\u0300 Na\u0306\u0303ng", n: 3 } };
    expect(nfcDeep(body)).toEqual({ a: ["Thủy"], b: { c: "Đà Nẵng", n: 3 } });
  });
  it("keeps old and new tone placement distinct (both NFC): matching needs its own folding", () => {
    expect(nfc("ủy")).not.toBe(nfc("uỷ"));
  });
  it("upper-cases and slugs Vietnamese", () => {
    expect(upperVi("Tỉnh ủy Nghệ An")).toBe("TỈNH ỦY NGHỆ AN");
    expect(asciiSlug("Hồ Chí Minh")).toBe("HO-CHI-MINH");
    expect(asciiSlug("Đắk Lắk")).toBe("DAK-LAK");
  });
});

describe("configuration", () => {
  it("defaults to the embedded mode when nothing is configured", () => {
    const cfg = loadConfig({});
    expect(describeMode(cfg)).toEqual({ database: "embedded-postgres", queue: "postgres", mail: "outbox" });
    expect(cfg.PORT).toBe(3000);
  });
  it("takes the production mode from the URLs", () => {
    const cfg = loadConfig({
      DATABASE_URL: "postgres://u:p@db:5432/phoihop",
      REDIS_URL: "redis://cache:6379",
      SMTP_URL: "smtps://u:p@mail.example:465",
    });
    expect(describeMode(cfg)).toEqual({ database: "postgres", queue: "redis", mail: "smtp" });
  });
  it("names every wrong field on its own line and never prints a secret", () => {
    try {
      loadConfig({ PORT: "abc", DATABASE_URL: "mysql://root:hunter2@db/x", MAIL_FROM: "nobody" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const lines = (err as ConfigError).lines;
      expect(lines).toHaveLength(3);
      expect(lines.find((l) => l.includes("PORT"))).toContain('"abc"');
      expect(lines.find((l) => l.includes("DATABASE_URL"))).toBeDefined();
      expect((err as Error).message).not.toContain("hunter2");
      expect(lines.find((l) => l.includes("MAIL_FROM"))).toBeDefined();
    }
  });
  it("refuses plain SMTP to a remote host", () => {
    expect(() => loadConfig({ SMTP_URL: "smtp://relay.example:25" })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" })).not.toThrow();
  });
  it("parses booleans strictly", () => {
    expect(loadConfig({ SMTP_ALLOW_INSECURE: "false" }).SMTP_ALLOW_INSECURE).toBe(false);
    expect(() => loadConfig({ SMTP_ALLOW_INSECURE: "maybe" })).toThrow(ConfigError);
  });
});
