import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type FixtureExpect, FIXTURE_CONTEXT, FIXTURES } from "../fixtures/mail/gen/index.js";
import {
  analyseInbound,
  bestMatch,
  classifyInbound,
  matchKeys,
  parseInbound,
  stripQuoted,
  suggestAnswer,
} from "../../src/mail/inbound/index.js";

const dir = new URL("../fixtures/mail/", import.meta.url);
const expected: (FixtureExpect & { file: string; description: string })[] = JSON.parse(
  readFileSync(new URL("expected.json", dir), "utf8"),
);

describe("inbound fixture set", () => {
  it("has an expectation for every .eml and at least 32 of them", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".eml"));
    expect(files.sort()).toEqual(expected.map((e) => e.file).sort());
    expect(files.length).toBeGreaterThanOrEqual(32);
  });

  it("is what the generator writes (run test/fixtures/mail/generate.ts after changing it)", () => {
    for (const f of FIXTURES) {
      const committed = readFileSync(new URL(f.file, dir));
      expect(committed.equals(f.raw()), `${f.file} differs from its generator`).toBe(true);
      const entry = expected.find((e) => e.file === f.file);
      expect(entry, f.file).toEqual(
        JSON.parse(JSON.stringify({ file: f.file, description: f.description, ...f.expect })),
      );
    }
  });
});

describe.each(expected)("$file", (e) => {
  it(e.description, async () => {
    const raw = readFileSync(new URL(e.file, dir));
    const parsed = await parseInbound(raw);
    const classification = classifyInbound(parsed, FIXTURE_CONTEXT);
    const keys = matchKeys(parsed, FIXTURE_CONTEXT);
    const stripped = stripQuoted(parsed.text);
    const suggestion = classification.kind === "human" ? suggestAnswer(stripped) : { suggestion: null };
    const seen = JSON.stringify(
      { classification, keys, stripped, suggestion, problems: parsed.problems },
      null,
      1,
    );

    expect(classification.kind, seen).toBe(e.classification);
    if (e.reasonIncludes) expect(classification.reason, seen).toContain(e.reasonIncludes);
    if (e.dsn) expect(classification.dsn, seen).toMatchObject(e.dsn);
    expect(parsed.malformed, seen).toBe(e.malformed ?? false);

    const best = bestMatch(keys);
    expect(best.method, seen).toBe(e.matchMethod);
    if (e.token) expect(best.token, seen).toBe(e.token);
    if (e.messageId) expect(best.messageId, seen).toBe(e.messageId);
    if (e.subjectTag) expect(best.subjectTag, seen).toBe(e.subjectTag);

    if (e.strippedExact !== undefined) expect(stripped, seen).toBe(e.strippedExact);
    if (e.stripIncludes !== undefined) expect(stripped, seen).toContain(e.stripIncludes);
    for (const gone of e.stripExcludes ?? []) expect(stripped, seen).not.toContain(gone);
    expect(stripped.trim().length, seen).toBeGreaterThan(0);

    expect(suggestion.suggestion, seen).toBe(e.suggestion);
    if (e.staffNames) expect(suggestion.staffNames, seen).toEqual(e.staffNames);
    else expect(suggestion.staffNames, seen).toBeUndefined();

    if (e.subject) expect(parsed.subject).toBe(e.subject);
    if (e.fromName) expect(parsed.from?.name).toBe(e.fromName);
    if (e.attachments) {
      expect(
        parsed.attachments.map(({ filename, contentType, size, sha256 }) => ({
          filename,
          contentType,
          size,
          sha256,
        })),
      ).toEqual(e.attachments);
    }
    // Whatever the charset, people's text comes out composed: windows-1258 tones must not stay combining marks.
    for (const s of [parsed.text, parsed.subject, parsed.from?.name ?? ""])
      expect(s).toBe(s.normalize("NFC"));

    const all = await analyseInbound(raw, FIXTURE_CONTEXT);
    expect({ ...all, parsed: undefined }).toEqual({
      parsed: undefined,
      classification,
      keys,
      stripped,
      suggestion,
    });
  });
});
