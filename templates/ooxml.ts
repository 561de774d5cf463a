// WordprocessingML primitives for templates/build.ts: runs, paragraphs, loops, tables. Strings in, strings
// out, no clock and no randomness, so the same profile gives the same bytes.
import type { ElementStyle } from "../src/documents/style-profiles.js";

export const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
export const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export type RunStyle = Partial<ElementStyle>;

export interface ParaStyle {
  align?: "left" | "center" | "both" | "right";
  firstLine?: number;
  indentLeft?: number;
  indentRight?: number;
  before?: number;
  after?: number;
  /** Exact line height in twips; single spacing when absent. */
  lineExact?: number;
  bottomRule?: boolean;
  keepNext?: boolean;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function runProps(style: RunStyle): string {
  let props = "";
  if (style.bold) props += "<w:b/><w:bCs/>";
  if (style.italic) props += "<w:i/><w:iCs/>";
  if (style.caps) props += "<w:caps/>";
  if (style.sizePt !== undefined) {
    const half = Math.round(style.sizePt * 2);
    props += `<w:sz w:val="${half}"/><w:szCs w:val="${half}"/>`;
  }
  if (style.underline) props += '<w:u w:val="single"/>';
  if (style.boxed) props += '<w:bdr w:val="single" w:sz="6" w:space="1" w:color="auto"/>';
  return props ? `<w:rPr>${props}</w:rPr>` : "";
}

// One run per call: a `{tag}` passed here stays in one run, which docxtemplater needs.
export function run(text: string, style: RunStyle = {}): string {
  return `<w:r>${runProps(style)}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

function indentProps(style: ParaStyle): string {
  const ind: string[] = [];
  if (style.indentLeft !== undefined) ind.push(`w:left="${style.indentLeft}"`);
  if (style.indentRight !== undefined) ind.push(`w:right="${style.indentRight}"`);
  if (style.firstLine !== undefined) ind.push(`w:firstLine="${style.firstLine}"`);
  return ind.length ? `<w:ind ${ind.join(" ")}/>` : "";
}

function paraProps(style: ParaStyle, markStyle: RunStyle): string {
  let props = "";
  if (style.keepNext) props += "<w:keepNext/>";
  if (style.bottomRule) {
    props += '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>';
  }
  const line = style.lineExact === undefined ? "" : ` w:line="${style.lineExact}" w:lineRule="exact"`;
  props += `<w:spacing w:before="${style.before ?? 0}" w:after="${style.after ?? 0}"${line}/>`;
  props += indentProps(style);
  if (style.align) props += `<w:jc w:val="${style.align}"/>`;
  props += runProps(markStyle);
  return `<w:pPr>${props}</w:pPr>`;
}

export function para(runs: string, style: ParaStyle = {}, markStyle: RunStyle = {}): string {
  return `<w:p>${paraProps(style, markStyle)}${runs}</w:p>`;
}

export function textPara(text: string, runStyle: RunStyle = {}, style: ParaStyle = {}): string {
  return para(text ? run(text, runStyle) : "", style, runStyle);
}

// A whole-paragraph section: `{#name}` and `{/name}` (or `{^name}`) sit alone in their paragraphs, which
// docxtemplater (paragraphLoop: true) drops, repeating or keeping only the paragraphs between them. The same
// shape is a loop over a list, a condition on a non-empty string, or (with "^") a condition on false.
export function section(name: string, inner: string, style: ParaStyle = {}, open: "#" | "^" = "#"): string {
  return textPara(`{${open}${name}}`, {}, style) + inner + textPara(`{/${name}}`, {}, style);
}

export function cell(width: number, content: string, extraProps = ""): string {
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${extraProps}</w:tcPr>${content}</w:tc>`;
}

export interface TableOptions {
  /** Start this far left of the text margin (the header reaching into the margin), in twips. */
  outdentTw?: number;
  /** Left and right cell padding, in twips (Word's default 108 otherwise). */
  cellMarginTw?: number;
  /** Rows never split across pages (the signature block with "Nơi nhận"). */
  cantSplit?: boolean;
}

function tableXml(widths: readonly number[], borders: string, rows: string, opts: TableOptions = {}): string {
  const total = widths.reduce((a, b) => a + b, 0);
  const placement =
    opts.outdentTw !== undefined
      ? `<w:tblInd w:w="${-opts.outdentTw}" w:type="dxa"/>`
      : '<w:jc w:val="center"/>';
  const margins =
    opts.cellMarginTw !== undefined
      ? `<w:tblCellMar><w:left w:w="${opts.cellMarginTw}" w:type="dxa"/><w:right w:w="${opts.cellMarginTw}" w:type="dxa"/></w:tblCellMar>`
      : "";
  return (
    "<w:tbl><w:tblPr>" +
    `<w:tblW w:w="${total}" w:type="dxa"/>${placement}` +
    `<w:tblBorders>${borders}</w:tblBorders><w:tblLayout w:type="fixed"/>${margins}` +
    '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="0"/>' +
    "</w:tblPr>" +
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>` +
    `${rows}</w:tbl>`
  );
}

const SIDES = ["top", "left", "bottom", "right", "insideH", "insideV"];

/** The header and footer blocks: two columns side by side, no lines. */
export function borderlessTable(
  widths: readonly number[],
  cells: readonly string[],
  opts: TableOptions = {},
): string {
  const none = SIDES.map((side) => `<w:${side} w:val="nil"/>`).join("");
  const row = opts.cantSplit ? "<w:tr><w:trPr><w:cantSplit/></w:trPr>" : "<w:tr>";
  return tableXml(widths, none, `${row}${cells.join("")}</w:tr>`, opts);
}

/**
 * A ruled table with a header row repeated on every page and one body row that is a docxtemplater row loop:
 * `{#loop}` opens in the first cell and `{/loop}` closes in the last, so the whole `w:tr` repeats per item.
 */
export function loopTable(
  loop: string,
  columns: ReadonlyArray<{ width: number; header: string; tag: string; align: ParaStyle["align"] }>,
  headerStyle: RunStyle,
  cellStyle: RunStyle,
): string {
  const single = SIDES.map((side) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>`).join(
    "",
  );
  const centre = '<w:vAlign w:val="center"/>';
  const head = columns.map((c) =>
    cell(c.width, textPara(c.header, headerStyle, { align: "center" }), centre),
  );
  const last = columns.length - 1;
  const body = columns.map((c, i) => {
    const text = `${i === 0 ? `{#${loop}}` : ""}{${c.tag}}${i === last ? `{/${loop}}` : ""}`;
    return cell(c.width, textPara(text, cellStyle, { align: c.align, before: 40, after: 40 }));
  });
  const rows =
    `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>${head.join("")}</w:tr>` +
    `<w:tr><w:trPr><w:cantSplit/></w:trPr>${body.join("")}</w:tr>`;
  return tableXml(
    columns.map((c) => c.width),
    single,
    rows,
  );
}
