import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import {
  hasControlCharacter,
  jsonNestingExceeds,
  MAX_JSON_DEPTH,
  normaliseJson,
  refusedText,
  wellFormed,
} from "../../src/domain/text.js";
import { parseTrustedProxies } from "../../src/http/client-address.js";
import { safeReturnPath } from "../../src/web/guards.js";

const SITE = "http://phoihop.test";

describe("return paths after sign-in", () => {
  it("keeps this site's own paths", () => {
    expect(safeReturnPath("/yeu-cau?status=sent")).toBe("/yeu-cau?status=sent");
    expect(safeReturnPath("/bao-cao/so-lieu#ky")).toBe("/bao-cao/so-lieu#ky");
  });

  it.each([
    "/\t/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "yeu-cau",
    "",
    undefined,
  ])("sends %j home", (raw) => {
    expect(safeReturnPath(raw)).toBe("/");
  });

  it("never leaves the origin nor carries a control character, whatever it is given", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.webUrl(),
          fc.string({
            unit: fc.constantFrom("/", "\\", "\t", "\r", "\n", ".", "%", "0", "9", "a", ":", "@", "?", "#"),
          }),
        ),
        (raw) => {
          const back = safeReturnPath(raw);
          expect(back.startsWith("/") && !back.startsWith("//")).toBe(true);
          expect(new URL(back, SITE).origin).toBe(SITE);
          expect(hasControlCharacter(back) || back.includes("\\")).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("JSON at the edge", () => {
  it("counts nesting on the text, strings and escapes skipped", () => {
    expect(jsonNestingExceeds(`${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`)).toBe(false);
    expect(jsonNestingExceeds(`${"[".repeat(MAX_JSON_DEPTH + 1)}${"]".repeat(MAX_JSON_DEPTH + 1)}`)).toBe(
      true,
    );
    expect(jsonNestingExceeds(JSON.stringify({ s: "[".repeat(1000), t: '\\"{{{{' }))).toBe(false);
    expect(jsonNestingExceeds("[".repeat(100_000))).toBe(true);
  });

  it("normalises without recursion, so depth cannot overflow the stack", () => {
    let deep: unknown = "Hoà";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const { value } = normaliseJson(deep);
    let inner: unknown = value;
    while (Array.isArray(inner)) inner = inner[0];
    expect(inner).toBe("Hoà".normalize("NFC"));
  });

  it("names the first field PostgreSQL would refuse, and keeps __proto__ a plain key", () => {
    expect(normaliseJson({ a: [{ b: "x\u0000" }] }).refused?.field).toBe("a.0.b");
    expect(normaliseJson({ "k\ud800": 1 }).refused?.field).toBe("k\ud800");
    expect(normaliseJson({ ok: "😀 Tiếng Việt" }).refused).toBeUndefined();
    const parsed = normaliseJson(JSON.parse('{"__proto__": {"polluted": true}}')).value as Record<
      string,
      unknown
    >;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(parsed)).toEqual(["__proto__"]);
  });

  it("agrees with NFC and with PostgreSQL's refusals on any JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const { value, refused } = normaliseJson(v);
        expect(JSON.stringify(value)).toBe(JSON.stringify(v).normalize("NFC"));
        const text = JSON.stringify(v);
        expect(refused === undefined).toBe(refusedText(text) === undefined && !text.includes("\\u0000"));
      }),
      { numRuns: 500 },
    );
    expect(wellFormed("a\ud800b")).toBe("a\ufffdb");
  });
});

describe("TRUSTED_PROXIES", () => {
  it("takes addresses and CIDR ranges of both families", () => {
    const list = parseTrustedProxies("127.0.0.1, 10.0.0.0/8 ,fd00::/8");
    expect(list.check("10.2.3.4", "ipv4")).toBe(true);
    expect(list.check("11.0.0.1", "ipv4")).toBe(false);
    expect(list.check("fd12::1", "ipv6")).toBe(true);
    expect(parseTrustedProxies(undefined).check("127.0.0.1", "ipv4")).toBe(false);
  });

  it("refuses a malformed entry at start, naming it", () => {
    expect(() => loadConfig({ TRUSTED_PROXIES: "10.0.0.0/40" })).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadConfig({ TRUSTED_PROXIES: "proxy.example" })).toThrow(/proxy\.example/);
    expect(loadConfig({ TRUSTED_PROXIES: "10.0.0.1" }).TRUSTED_PROXIES).toBe("10.0.0.1");
  });
});
