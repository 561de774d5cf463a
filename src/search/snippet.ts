import { foldVi } from "./fold.js";

export interface Snippet {
  text: string;
  /** [start, end) offsets in `text` of the words that matched, for <mark>. */
  highlights: [number, number][];
}

const isWordChar = (ch: string | undefined) => !!ch && /[\p{L}\p{N}]/u.test(ch);

/** A window of `text` around the first match of the folded terms, with every match in it marked. */
export function snippetOf(text: string, terms: string[], width = 160): Snippet {
  const folded = foldVi(text);
  const matches: [number, number][] = [];
  for (const term of terms) {
    let at = folded.indexOf(term);
    while (at >= 0) {
      const end = at + term.length;
      if (!isWordChar(text[at - 1]) && !isWordChar(text[end])) matches.push([at, end]);
      at = folded.indexOf(term, at + 1);
    }
  }
  matches.sort((a, b) => a[0] - b[0]);
  // Centre on the words as a phrase where they occur together, else on the first match.
  const phrase = folded.search(new RegExp(`(?<![\\p{L}\\p{N}])${terms.join("\\s+")}`, "u"));
  const first = phrase >= 0 ? phrase : (matches[0]?.[0] ?? 0);
  let start = Math.max(0, first - Math.floor(width / 3));
  while (start > 0 && isWordChar(text[start - 1])) start--;
  let end = Math.min(text.length, start + width);
  while (end < text.length && isWordChar(text[end])) end++;
  const lead = start > 0 ? "…" : "";
  const body = text.slice(start, end).replace(/\s+/g, " ");
  // Offsets shift where whitespace runs collapsed: recompute them on the shown text.
  const shown = `${lead}${body}${end < text.length ? "…" : ""}`;
  const shownFolded = foldVi(shown);
  const highlights: [number, number][] = [];
  for (const [s, e] of matches) {
    if (s < start || e > end) continue;
    const word = foldVi(text.slice(s, e).replace(/\s+/g, " "));
    let from = highlights.at(-1)?.[1] ?? 0;
    const idx = shownFolded.indexOf(word, from);
    if (idx >= 0) {
      highlights.push([idx, idx + word.length]);
      from = idx + word.length;
    }
  }
  return { text: shown, highlights };
}
