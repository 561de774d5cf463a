// Writes src/documents/fonts/serif-metrics.json: the advance widths of the letters party documents use, read
// from the font LibreOffice renders Times New Roman with (Liberation Serif 2.x, metric-compatible with it).
// The layouts size the header cells from these (header-layout.ts), and document-data.ts breaks a header line
// that will not fit, as a person would. Run: node --import tsx templates/font-metrics.ts
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import opentype from "opentype.js";

const STYLES = { regular: "Regular", bold: "Bold", italic: "Italic", boldItalic: "Bold Italic" } as const;

/** Basic Latin, Latin-1, the Vietnamese letters outside them, typographic punctuation. */
export function metricChars(): string[] {
  const chars = new Set<string>();
  const range = (from: number, to: number) => {
    for (let c = from; c <= to; c++) chars.add(String.fromCodePoint(c));
  };
  range(0x20, 0x7e);
  range(0xa0, 0xff);
  range(0x1ea0, 0x1ef9);
  for (const c of "ĂăĐđĨĩŨũƠơƯư…–—‘’“”•") chars.add(c);
  return [...chars];
}

function fontFile(style: string): string {
  return execFileSync("fc-match", ["-f", "%{file}", `Times New Roman:style=${style}`], { encoding: "utf8" });
}

const isScript = process.argv[1]?.endsWith("font-metrics.ts");
if (isScript) {
  const out: Record<string, unknown> = {};
  for (const [key, style] of Object.entries(STYLES)) {
    const file = fontFile(style);
    const bytes = readFileSync(file);
    const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const widths: Record<string, number> = {};
    const missing: string[] = [];
    for (const c of metricChars()) {
      if (!font.hasChar(c)) missing.push(c);
      else widths[c] = font.charToGlyph(c).advanceWidth ?? 0;
    }
    if (missing.length) throw new Error(`${file} lacks ${missing.join("")}: install fonts-liberation2`);
    out[key] = { unitsPerEm: font.unitsPerEm, widths };
  }
  const target = new URL("../src/documents/fonts/serif-metrics.json", import.meta.url);
  writeFileSync(target, `${JSON.stringify(out)}\n`);
  console.log(`wrote ${target.pathname}`);
}
