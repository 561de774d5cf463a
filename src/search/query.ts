import { foldVi } from "./fold.js";

export const MAX_TERMS = 8;

/** The words of a search box, folded: letters and digits only (so they are safe inside a tsquery). */
export function searchTerms(q: string): string[] {
  const words = foldVi(q.normalize("NFC")).match(/[a-z0-9]+/g) ?? [];
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/**
 * A tsquery for to_tsquery('simple', …): every word must occur. Whole words only: a Vietnamese word is one
 * syllable, and a prefix (`luat:*`) made the common searches about three times slower over 100,000 requests
 * (bench/registers.bench.ts). Null when nothing searchable is left.
 */
export function tsqueryOf(terms: string[]): string | null {
  if (!terms.length) return null;
  return terms.join(" & ");
}
