// Builds templates/cong-van.docx from strings so the bytes are reproducible:
// every part has the same fixed date and the zip entries are written in a fixed order.
// Run: npx tsx templates/build.ts
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import PizZip from "pizzip";

// Layout numbers of the HD36-2018 profile (DOMAIN.md "Party document format").
const PAGE = { w: 11906, h: 16838 }; // A4 in twips
const MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 850, header: 567, footer: 567 }; // 20/20/30/15 mm
const TEXT_WIDTH = PAGE.w - MARGIN.left - MARGIN.right; // 9355
const HEADER_COLS = [3742, TEXT_WIDTH - 3742]; // ~40 % / ~60 %
const FOOTER_COLS = [4252, TEXT_WIDTH - 4252];
// "ĐẢNG CỘNG SẢN VIỆT NAM" in Times New Roman Bold 15 pt is about 4130 twips wide; indenting the
// paragraph by the rest of the cell makes its bottom border about as long as the text.
const MOTTO_RULE_INDENT = 600;
const FIRST_LINE_INDENT = 567; // 1 cm
const CREATED = new Date(Date.UTC(2026, 0, 1));
// Zip entries carry a DOS timestamp without a time zone, which pizzip fills from the *local* fields
// of the Date; local midnight gives the same bytes in every TZ (Date.UTC would not).
const ZIP_ENTRY_DATE = new Date(2026, 0, 1);

const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

interface RunStyle {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  caps?: boolean;
  size?: number; // points
}

interface ParaStyle {
  align?: "left" | "center" | "both" | "right";
  firstLine?: number;
  indentLeft?: number;
  indentRight?: number;
  before?: number;
  after?: number;
  bottomRule?: boolean;
  keepNext?: boolean;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function runProps(style: RunStyle): string {
  let props = "";
  if (style.bold) props += "<w:b/><w:bCs/>";
  if (style.italic) props += "<w:i/><w:iCs/>";
  if (style.caps) props += "<w:caps/>";
  if (style.size !== undefined)
    props += `<w:sz w:val="${style.size * 2}"/><w:szCs w:val="${style.size * 2}"/>`;
  if (style.underline) props += '<w:u w:val="single"/>';
  return props ? `<w:rPr>${props}</w:rPr>` : "";
}

// One run per call: a `{tag}` passed here stays in one run, which docxtemplater needs.
function run(text: string, style: RunStyle = {}): string {
  return `<w:r>${runProps(style)}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

function paraProps(style: ParaStyle, markStyle: RunStyle): string {
  let props = "";
  if (style.keepNext) props += "<w:keepNext/>";
  if (style.bottomRule) {
    props += '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>';
  }
  props += `<w:spacing w:before="${style.before ?? 0}" w:after="${style.after ?? 0}"/>`;
  const ind: string[] = [];
  if (style.indentLeft !== undefined) ind.push(`w:left="${style.indentLeft}"`);
  if (style.indentRight !== undefined) ind.push(`w:right="${style.indentRight}"`);
  if (style.firstLine !== undefined) ind.push(`w:firstLine="${style.firstLine}"`);
  if (ind.length) props += `<w:ind ${ind.join(" ")}/>`;
  if (style.align) props += `<w:jc w:val="${style.align}"/>`;
  props += runProps(markStyle);
  return `<w:pPr>${props}</w:pPr>`;
}

function para(runs: string, style: ParaStyle = {}, markStyle: RunStyle = {}): string {
  return `<w:p>${paraProps(style, markStyle)}${runs}</w:p>`;
}

function textPara(text: string, runStyle: RunStyle = {}, style: ParaStyle = {}): string {
  return para(text ? run(text, runStyle) : "", style, runStyle);
}

// A whole-paragraph loop: `{#name}` and `{/name}` sit alone in their paragraphs, which
// docxtemplater (paragraphLoop: true) drops, repeating only the paragraphs between them.
function paragraphLoop(name: string, inner: string, style: ParaStyle = {}): string {
  return textPara(`{#${name}}`, {}, style) + inner + textPara(`{/${name}}`, {}, style);
}

function cell(width: number, content: string): string {
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/></w:tcPr>${content}</w:tc>`;
}

function borderlessTable(widths: number[], cells: string[]): string {
  const none = ["top", "left", "bottom", "right", "insideH", "insideV"]
    .map((side) => `<w:${side} w:val="nil"/>`)
    .join("");
  const total = widths.reduce((a, b) => a + b, 0);
  return (
    "<w:tbl><w:tblPr>" +
    `<w:tblW w:w="${total}" w:type="dxa"/><w:jc w:val="center"/>` +
    `<w:tblBorders>${none}</w:tblBorders><w:tblLayout w:type="fixed"/>` +
    '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="0"/>' +
    "</w:tblPr>" +
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>` +
    `<w:tr>${cells.join("")}</w:tr></w:tbl>`
  );
}

function headerTable(): string {
  const centre: ParaStyle = { align: "center" };
  const left =
    textPara("{issuer.superior}", { caps: true }, centre) +
    textPara("{issuer.name}", { caps: true, bold: true }, centre) +
    textPara("*", {}, centre) +
    textPara("Số {doc.number}-{doc.typeCode}/{issuer.abbr}", {}, centre) +
    textPara("{doc.subject}", { italic: true, size: 12 }, { ...centre, before: 60 });
  const right =
    textPara(
      "ĐẢNG CỘNG SẢN VIỆT NAM",
      { bold: true, size: 15 },
      {
        ...centre,
        bottomRule: true,
        indentLeft: MOTTO_RULE_INDENT,
        indentRight: MOTTO_RULE_INDENT,
      },
    ) +
    textPara("", {}, centre) +
    textPara("{doc.dateLine}", { italic: true }, centre);
  return borderlessTable(HEADER_COLS, [cell(HEADER_COLS[0] ?? 0, left), cell(HEADER_COLS[1] ?? 0, right)]);
}

function addressee(): string {
  return (
    textPara("Kính gửi:", {}, { indentLeft: 1701, before: 360, keepNext: true }) +
    paragraphLoop("recipients", textPara("{line}", {}, { indentLeft: 2268, keepNext: true }))
  );
}

function body(): string {
  return paragraphLoop(
    "body",
    textPara("{text}", {}, { align: "both", firstLine: FIRST_LINE_INDENT, before: 120, after: 0 }),
  );
}

function footerTable(): string {
  const small: RunStyle = { size: 12 };
  const centre: ParaStyle = { align: "center" };
  const signerRun: RunStyle = { bold: true, caps: true };
  const left =
    textPara("Nơi nhận:", { ...small, bold: true, italic: true, underline: true }) +
    paragraphLoop("copies", textPara("{line}", small), {});
  const right =
    textPara("{signer.capacity}", signerRun, centre) +
    textPara("{signer.title}", signerRun, centre) +
    textPara("", {}, centre) +
    textPara("", {}, centre) +
    textPara("", {}, centre) +
    textPara("", {}, centre) +
    textPara("{signer.name}", { bold: true }, centre);
  return borderlessTable(FOOTER_COLS, [cell(FOOTER_COLS[0] ?? 0, left), cell(FOOTER_COLS[1] ?? 0, right)]);
}

function sectionProps(): string {
  return (
    "<w:sectPr>" +
    '<w:headerReference w:type="default" r:id="rIdHeaderDefault"/>' +
    '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>' +
    `<w:pgSz w:w="${PAGE.w}" w:h="${PAGE.h}"/>` +
    `<w:pgMar w:top="${MARGIN.top}" w:right="${MARGIN.right}" w:bottom="${MARGIN.bottom}" w:left="${MARGIN.left}" ` +
    `w:header="${MARGIN.header}" w:footer="${MARGIN.footer}" w:gutter="0"/>` +
    '<w:pgNumType w:start="1"/><w:titlePg/>' +
    "</w:sectPr>"
  );
}

function documentXml(): string {
  return (
    `${XML_DECL}<w:document ${W_NS}><w:body>` +
    headerTable() +
    addressee() +
    body() +
    textPara("", {}, { after: 240 }) +
    footerTable() +
    sectionProps() +
    "</w:body></w:document>"
  );
}

function pageNumberHeaderXml(): string {
  const fieldRun = (inner: string) => `<w:r>${inner}</w:r>`;
  return (
    `${XML_DECL}<w:hdr ${W_NS}>` +
    '<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>' +
    fieldRun('<w:fldChar w:fldCharType="begin"/>') +
    fieldRun('<w:instrText xml:space="preserve"> PAGE </w:instrText>') +
    fieldRun('<w:fldChar w:fldCharType="separate"/>') +
    fieldRun("<w:t>2</w:t>") +
    fieldRun('<w:fldChar w:fldCharType="end"/>') +
    "</w:p></w:hdr>"
  );
}

function emptyHeaderXml(): string {
  return `${XML_DECL}<w:hdr ${W_NS}><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>`;
}

function stylesXml(): string {
  const font = "Times New Roman";
  return (
    `${XML_DECL}<w:styles ${W_NS}>` +
    "<w:docDefaults><w:rPrDefault><w:rPr>" +
    `<w:rFonts w:ascii="${font}" w:hAnsi="${font}" w:eastAsia="${font}" w:cs="${font}"/>` +
    '<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>' +
    "</w:rPr></w:rPrDefault>" +
    '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>' +
    "</w:docDefaults>" +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">' +
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>' +
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>' +
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>' +
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>' +
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
    '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>' +
    '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4677"/><w:tab w:val="right" w:pos="9355"/></w:tabs></w:pPr></w:style>' +
    "</w:styles>"
  );
}

function settingsXml(): string {
  return (
    `${XML_DECL}<w:settings ${W_NS}>` +
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>' +
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>' +
    '<w:themeFontLang w:val="vi-VN"/>' +
    "</w:settings>"
  );
}

function contentTypesXml(): string {
  const wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
  return (
    `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/word/document.xml" ContentType="${wml}.document.main+xml"/>` +
    `<Override PartName="/word/styles.xml" ContentType="${wml}.styles+xml"/>` +
    `<Override PartName="/word/settings.xml" ContentType="${wml}.settings+xml"/>` +
    `<Override PartName="/word/header1.xml" ContentType="${wml}.header+xml"/>` +
    `<Override PartName="/word/header2.xml" ContentType="${wml}.header+xml"/>` +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    "</Types>"
  );
}

const REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

function relsXml(rels: Array<[id: string, type: string, target: string]>): string {
  const items = rels.map(
    ([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`,
  );
  return `${XML_DECL}<Relationships xmlns="${REL_NS}">${items.join("")}</Relationships>`;
}

function packageRelsXml(): string {
  return relsXml([
    ["rId1", `${OFFICE_REL}/officeDocument`, "word/document.xml"],
    [
      "rId2",
      "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
      "docProps/core.xml",
    ],
    ["rId3", `${OFFICE_REL}/extended-properties`, "docProps/app.xml"],
  ]);
}

function documentRelsXml(): string {
  return relsXml([
    ["rIdStyles", `${OFFICE_REL}/styles`, "styles.xml"],
    ["rIdSettings", `${OFFICE_REL}/settings`, "settings.xml"],
    ["rIdHeaderDefault", `${OFFICE_REL}/header`, "header1.xml"],
    ["rIdHeaderFirst", `${OFFICE_REL}/header`, "header2.xml"],
  ]);
}

function coreXml(): string {
  const stamp = CREATED.toISOString().replace(".000Z", "Z");
  return (
    `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    "<dc:title>Công văn</dc:title><dc:creator>phoihop</dc:creator><dc:language>vi-VN</dc:language>" +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    "</cp:coreProperties>"
  );
}

function appXml(): string {
  return (
    `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
    "<Application>phoihop</Application><DocSecurity>0</DocSecurity></Properties>"
  );
}

/** The parts of the package in the order they are zipped. */
export function congVanParts(): Array<[path: string, xml: string]> {
  return [
    ["[Content_Types].xml", contentTypesXml()],
    ["_rels/.rels", packageRelsXml()],
    ["docProps/core.xml", coreXml()],
    ["docProps/app.xml", appXml()],
    ["word/document.xml", documentXml()],
    ["word/styles.xml", stylesXml()],
    ["word/settings.xml", settingsXml()],
    ["word/header1.xml", pageNumberHeaderXml()],
    ["word/header2.xml", emptyHeaderXml()],
    ["word/_rels/document.xml.rels", documentRelsXml()],
  ];
}

/** Zips parts in the given order with a fixed date: the same parts give the same bytes. */
export function zipParts(parts: ReadonlyArray<readonly [path: string, xml: string]>): Buffer {
  const zip = new PizZip();
  for (const [path, xml] of parts) {
    zip.file(path, xml, { date: ZIP_ENTRY_DATE, createFolders: false });
  }
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

export function buildCongVan(): Buffer {
  return zipParts(congVanParts());
}

const isScript = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isScript) {
  const out = fileURLToPath(new URL("./cong-van.docx", import.meta.url));
  const bytes = buildCongVan();
  writeFileSync(out, bytes);
  console.log(`wrote ${out} (${bytes.length} bytes)`);
}
