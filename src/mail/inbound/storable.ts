import { REFUSED } from "../../domain/text.js";

/**
 * PostgreSQL text and jsonb refuse U+0000, and jsonb refuses a lone surrogate: a message can carry either in any
 * header or part. What goes into a text column is passed through here; the raw bytes (bytea) are kept as they are.
 */
export function storableText(s: string): string {
  return s.replace(NOT_STORABLE, "\uFFFD");
}

const NOT_STORABLE = new RegExp(REFUSED.source, "g");

export function storableNullable(s: string | null | undefined): string | null {
  return s === null || s === undefined ? null : storableText(s);
}

/** The same, deep, for what goes into a jsonb column. */
export function storableJson<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storableJson) as T;
  if (value && typeof value === "object" && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)])) as T;
  }
  return value;
}
