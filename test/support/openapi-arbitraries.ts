import fc from "fast-check";
import { deref, type Json } from "./openapi-walk.js";

/**
 * fast-check arbitraries from the served document's JSON Schemas (OpenAPI 3.1), with hostile values mixed into
 * every leaf: NUL, lone surrogates, control characters, path tricks, huge and non-integral numbers. Bounded in size,
 * so a run stays quick; the deep-nesting and huge-literal bodies are sent as raw text (hostileBodies).
 */

export const HOSTILE_STRINGS = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\r\n\t",
  "../../v1/me",
  "..%2F..%2Fv1%2Fme",
  "%00",
  "<script>alert(1)</script>",
  "'; drop table requests; --",
  "\u202e\u0301",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "x".repeat(5000),
  "",
  " ",
];

export const HOSTILE_NUMBERS = [
  2 ** 31,
  2 ** 31 - 1,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  -1e308,
  0.5,
  -1,
  0,
  Number.MAX_SAFE_INTEGER,
];

const hostileString = fc.constantFrom(...HOSTILE_STRINGS);
const hostileNumber = fc.constantFrom(...HOSTILE_NUMBERS);
/** Anything at all in place of a value: the wrong type is hostile too. */
const wrongType = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constant(null),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);

const mixed = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: wrongType, weight: 1 });

function stringArbitrary(s: Json): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 40, 60));
  if (s.format === "uuid") return fc.uuid();
  if (s.format === "date" || /\\d\{4\}-/.test(s.pattern ?? ""))
    return fc
      .date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  if (s.format === "email") return fc.emailAddress();
  if (s.format === "date-time") return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= Math.max(max, 200));
    } catch {
      // A pattern JavaScript cannot read: fall through to plain strings.
    }
  }
  return fc.string({ minLength: min, maxLength: max, unit: "grapheme" });
}

/** An arbitrary of values for a schema (valid ones mostly, hostile ones mixed in at every leaf). */
export function arbitraryOf(doc: Json, schema: Json, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(doc, schema);
  if (depth > 6) return fc.constant(null);
  if (s.const !== undefined) return mixed(fc.constant(s.const));
  if (Array.isArray(s.enum)) return mixed(fc.constantFrom(...s.enum));
  const alternatives = s.oneOf ?? s.anyOf;
  if (Array.isArray(alternatives) && alternatives.length)
    return fc.oneof(...alternatives.map((a: Json) => arbitraryOf(doc, a, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length) return arbitraryOf(doc, s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : undefined;
  if (!type) return fc.jsonValue({ maxDepth: 2 });
  const one = (t: string): fc.Arbitrary<unknown> => {
    switch (t) {
      case "string":
        return mixed(stringArbitrary(s));
      case "integer":
        return mixed(
          fc.integer({
            min: Math.max(s.minimum ?? -1000, Number.MIN_SAFE_INTEGER),
            max: Math.min(s.maximum ?? 100_000, Number.MAX_SAFE_INTEGER),
          }),
        );
      case "number":
        return mixed(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }));
      case "boolean":
        return mixed(fc.boolean());
      case "null":
        return fc.constant(null);
      case "array":
        return mixed(
          fc.array(arbitraryOf(doc, s.items ?? {}, depth + 1), {
            minLength: s.minItems ?? 0,
            maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
          }),
        );
      case "object": {
        const properties: Record<string, Json> = s.properties ?? {};
        const keys = Object.keys(properties);
        if (!keys.length)
          return mixed(
            fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
          );
        const record = fc.record(
          Object.fromEntries(keys.map((k) => [k, arbitraryOf(doc, properties[k], depth + 1)])),
          { requiredKeys: keys.filter((k) => (s.required ?? []).includes(k)) },
        );
        return mixed(record);
      }
      default:
        return fc.jsonValue({ maxDepth: 1 });
    }
  };
  return type.length === 1 ? one(type[0]) : fc.oneof(...type.map(one));
}

/** Bodies no generator of values makes: too deep, a huge literal, escapes PostgreSQL refuses, not JSON at all. */
export const HOSTILE_BODIES = [
  `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
  `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`,
  '{"payload": 1e999999, "kind": "x"}',
  '{"note": "\\u0000"}',
  '{"note": "\\ud800"}',
  '{"\\u0000": 1}',
  "{",
  "null",
  '"just a string"',
  "[]",
  "9".repeat(1000),
];
