// The part of opentype.js (devDependency, used by templates/font-metrics.ts only) that the generator calls.
declare module "opentype.js" {
  interface Glyph {
    advanceWidth?: number;
    index: number;
  }
  interface Font {
    unitsPerEm: number;
    names: { fontFamily?: { en?: string }; version?: { en?: string } };
    charToGlyph(c: string): Glyph;
    hasChar(c: string): boolean;
  }
  export function parse(buffer: ArrayBuffer): Font;
}
