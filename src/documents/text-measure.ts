// How wide a line of text prints, in points, from the advance widths of the serif font LibreOffice renders
// Times New Roman with (fonts/serif-metrics.json, written by templates/font-metrics.ts from Liberation Serif
// 2.x, which is metric-compatible with Times New Roman). No kerning: party headers are set without it.
import { readFileSync } from "node:fs";
import { upperVi } from "../domain/text.js";

type StyleKey = "regular" | "bold" | "italic" | "boldItalic";
interface StyleMetrics {
  unitsPerEm: number;
  widths: Record<string, number>;
}

const METRICS = JSON.parse(
  readFileSync(new URL("./fonts/serif-metrics.json", import.meta.url), "utf8"),
) as Record<StyleKey, StyleMetrics>;

export interface TextStyle {
  sizePt: number;
  bold?: boolean;
  italic?: boolean;
  caps?: boolean;
}

const styleKey = (s: TextStyle): StyleKey =>
  s.bold ? (s.italic ? "boldItalic" : "bold") : s.italic ? "italic" : "regular";

export function textWidthPt(text: string, style: TextStyle): number {
  const m = METRICS[styleKey(style)];
  const shown = (style.caps ? upperVi(text) : text).normalize("NFC");
  // A letter outside the table (rare in a header) counts as wide as "M", so a guess never makes a line fit.
  const fallback = m.widths.M ?? m.unitsPerEm;
  let units = 0;
  for (const c of shown) units += m.widths[c] ?? fallback;
  return (units / m.unitsPerEm) * style.sizePt;
}

/**
 * Breaks a header line into as few lines as fit `widthPt`, at word boundaries, as a person would: the first
 * line as long as possible but never leaving one short word alone on the last line when two lines would do.
 */
export function breakLine(text: string, style: TextStyle, widthPt: number): string[] {
  if (textWidthPt(text, style) <= widthPt) return [text];
  const words = text.split(/\s+/).filter(Boolean);
  // Two lines: the break that keeps both within the width and the lines most even.
  let best: { lines: string[]; longest: number } | undefined;
  for (let i = 1; i < words.length; i++) {
    const lines = [words.slice(0, i).join(" "), words.slice(i).join(" ")];
    const longest = Math.max(...lines.map((l) => textWidthPt(l, style)));
    if (longest <= widthPt && (!best || longest < best.longest)) best = { lines, longest };
  }
  if (best) return best.lines;
  // Longer still: fill each line greedily.
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (line && textWidthPt(next, style) > widthPt) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}
