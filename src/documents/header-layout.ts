// The header table's columns, from measured text widths (fixed widths failed: "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG" is 227.5 pt of
// text in a 201.8 pt cell, and the motto had 0.28 pt to spare). The right cell holds the motto and the longest
// date line; the left cell the widest superior line of the registry that fits while the table reaches at most
// `maxOutdentMm` into the left margin. Longer names are broken by document-data.ts, as a person would.
import { committeeRegistrySeed } from "../db/seed/committee-registry.js";
import { dateLine } from "../domain/vn-format.js";
import { mmToTwips, type StyleProfile } from "./style-profiles.js";
import { breakLine, textWidthPt } from "./text-measure.js";

const TWIPS_PER_PT = 20;

export interface HeaderLayout {
  /** Column widths in twips; together the text width plus the outdent. */
  leftTw: number;
  rightTw: number;
  /** How far the table starts left of the text margin, in twips. */
  outdentTw: number;
  cellMarginTw: number;
  /** Width of the motto's paragraph (and its rule), in twips. */
  mottoTw: number;
  /** What a line of the left cell may be, in points. */
  leftLinePt: number;
}

const cache = new WeakMap<StyleProfile, HeaderLayout>();

// Every superior line and place the shipped registry can print on a document issued now (the units and names
// valid since the 34 provincial units began on 1/7/2025): what the built-in layouts must hold.
function registryLines(): { superiors: string[]; places: string[] } {
  const current = (v: { validTo: string | null }) => v.validTo === null || v.validTo >= "2025-07-01";
  const versions = committeeRegistrySeed()
    .filter(current)
    .flatMap((c) => c.versions.filter(current));
  return { superiors: versions.map((v) => v.superiorLine), places: versions.map((v) => v.placeName) };
}

export function headerLayout(profile: StyleProfile): HeaderLayout {
  const hit = cache.get(profile);
  if (hit) return hit;
  const e = profile.elements;
  const h = profile.header;
  const pad = 2 * h.cellMarginPt + h.fitSlackPt;
  const textPt =
    mmToTwips(profile.page.widthMm - profile.page.marginsMm.left - profile.page.marginsMm.right) /
    TWIPS_PER_PT;
  const { superiors, places } = registryLines();
  const mottoPt = Math.max(
    textWidthPt(profile.text.motto, e.motto) + h.fitSlackPt,
    mmToTwips(h.mottoRuleMm) / TWIPS_PER_PT,
  );
  // The longest date line: day 2 digits, month 12.
  const datePt = Math.max(
    ...places.map((p) => textWidthPt(dateLine(p, { year: 2026, month: 12, day: 28 }), e.dateLine)),
  );
  const rightPt = Math.max(mottoPt, datePt) + pad;
  const maxOutdentPt = mmToTwips(h.maxOutdentMm) / TWIPS_PER_PT;
  const fixed = [textWidthPt("ỦY BAN KIỂM TRA", e.issuer), textWidthPt("Số 999-CTr/UBKTTU", e.numberLine)];
  const widths = superiors.map((s) => textWidthPt(s, e.superior)).sort((a, b) => b - a);
  const widest = widths.find((w) => w + pad - (textPt - rightPt) <= maxOutdentPt) ?? 0;
  const leftPt = Math.max(textPt - rightPt, widest + pad, ...fixed.map((f) => f + pad));
  const outdentPt = Math.max(0, leftPt + rightPt - textPt);
  const layout: HeaderLayout = {
    leftTw: Math.round(leftPt * TWIPS_PER_PT),
    rightTw: Math.round(rightPt * TWIPS_PER_PT),
    outdentTw: Math.round(outdentPt * TWIPS_PER_PT),
    cellMarginTw: Math.round(h.cellMarginPt * TWIPS_PER_PT),
    mottoTw: Math.round(mottoPt * TWIPS_PER_PT),
    leftLinePt: leftPt - 2 * h.cellMarginPt,
  };
  cache.set(profile, layout);
  return layout;
}

// "TỈNH ỦY", "THÀNH ỦY", "ĐẢNG ỦY": the organ; the place's name after it is never split.
const ORGAN_END = /^(ỦY|UỶ)$/u;

/**
 * The superior line as the header prints it: one line if it fits; else broken after the organ ("THÀNH ỦY" /
 * "THÀNH PHỐ HỒ CHÍ MINH") where both parts fit, as a person would; else at the most even word boundary.
 */
export function headerSuperiorLines(profile: StyleProfile, line: string): string[] {
  const style = profile.elements.superior;
  const width = headerLayout(profile).leftLinePt - profile.header.fitSlackPt;
  if (textWidthPt(line, style) <= width) return [line];
  const words = line.split(/\s+/).filter(Boolean);
  const organ = words.findIndex((w) => ORGAN_END.test(w.normalize("NFC")));
  if (organ >= 0 && organ < words.length - 1) {
    const lines = [words.slice(0, organ + 1).join(" "), words.slice(organ + 1).join(" ")];
    if (lines.every((l) => textWidthPt(l, style) <= width)) return lines;
  }
  return breakLine(line, style, width);
}
