// The parts of a docx package around word/document.xml: styles, settings, headers and footers with the page
// number, relationships, properties. All derived from the style profile; nothing depends on the clock.
import { mmToTwips, type StyleProfile } from "../src/documents/style-profiles.js";
import { para, run, section, W_NS, XML_DECL } from "./ooxml.js";

const CREATED = "2026-01-01T00:00:00Z";
const WML = "application/vnd.openxmlformats-officedocument.wordprocessingml";
const REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The header/footer parts: default (page 2 on) and first page, each side of the page. */
export const PAGE_PARTS = [
  { file: "header1.xml", kind: "header", type: "default", id: "rIdHeaderDefault" },
  { file: "header2.xml", kind: "header", type: "first", id: "rIdHeaderFirst" },
  { file: "footer1.xml", kind: "footer", type: "default", id: "rIdFooterDefault" },
  { file: "footer2.xml", kind: "footer", type: "first", id: "rIdFooterFirst" },
] as const;
type PagePart = (typeof PAGE_PARTS)[number];

function pageNumberPara(profile: StyleProfile): string {
  const style = profile.elements.pageNumber;
  const fieldRun = (inner: string) => `<w:r>${inner}</w:r>`;
  const align = profile.pageNumber.align;
  return (
    `<w:p><w:pPr><w:jc w:val="${align}"/></w:pPr>` +
    fieldRun('<w:fldChar w:fldCharType="begin"/>') +
    fieldRun('<w:instrText xml:space="preserve"> PAGE </w:instrText>') +
    fieldRun('<w:fldChar w:fldCharType="separate"/>') +
    run("2", style) +
    fieldRun('<w:fldChar w:fldCharType="end"/>') +
    "</w:p>"
  );
}

// "Dự thảo lần N" goes in the first page's header, top right (domain-vn.md §7.2): above the body, so the
// first line of the page is still "ĐẢNG CỘNG SẢN VIỆT NAM", and only on page 1.
function draftSection(profile: StyleProfile): string {
  return section("marks.draft", para(run("{marks.draft}", profile.elements.draft), { align: "right" }));
}

export function pagePartXml(part: PagePart, profile: StyleProfile): string {
  const tag = part.kind === "header" ? "w:hdr" : "w:ftr";
  const side = part.kind === "header" ? "top" : "bottom";
  const numbered =
    profile.pageNumber.position === side && (part.type === "default" || profile.pageNumber.fromPage === 1);
  const draft = part.kind === "header" && part.type === "first" ? draftSection(profile) : "";
  // A header or footer must hold at least one paragraph; an empty one takes no room in the margin.
  const content = draft + (numbered ? pageNumberPara(profile) : "<w:p/>");
  return `${XML_DECL}<${tag} ${W_NS}>${content}</${tag}>`;
}

export function stylesXml(profile: StyleProfile): string {
  const f = profile.font;
  const half = Math.round(f.sizePt * 2);
  return (
    `${XML_DECL}<w:styles ${W_NS}>` +
    "<w:docDefaults><w:rPrDefault><w:rPr>" +
    `<w:rFonts w:ascii="${f.ascii}" w:hAnsi="${f.hAnsi}" w:eastAsia="${f.eastAsia}" w:cs="${f.cs}"/>` +
    `<w:sz w:val="${half}"/><w:szCs w:val="${half}"/><w:lang w:val="${f.lang}" w:eastAsia="${f.lang}" w:bidi="ar-SA"/>` +
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
    "</w:styles>"
  );
}

export function settingsXml(profile: StyleProfile): string {
  return (
    `${XML_DECL}<w:settings ${W_NS}>` +
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>' +
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>' +
    `<w:themeFontLang w:val="${profile.font.lang}"/>` +
    "</w:settings>"
  );
}

/** The section: page size, margins, the headers and footers, and titlePg so page 1 has its own (unnumbered) ones. */
export function sectionPropsXml(profile: StyleProfile): string {
  const { page } = profile;
  const m = page.marginsMm;
  const refs = PAGE_PARTS.map((p) => `<w:${p.kind}Reference w:type="${p.type}" r:id="${p.id}"/>`).join("");
  return (
    `<w:sectPr>${refs}` +
    `<w:pgSz w:w="${mmToTwips(page.widthMm)}" w:h="${mmToTwips(page.heightMm)}"/>` +
    `<w:pgMar w:top="${mmToTwips(m.top)}" w:right="${mmToTwips(m.right)}" w:bottom="${mmToTwips(m.bottom)}" ` +
    `w:left="${mmToTwips(m.left)}" w:header="${mmToTwips(m.header)}" w:footer="${mmToTwips(m.footer)}" w:gutter="0"/>` +
    '<w:pgNumType w:start="1"/><w:titlePg/>' +
    "</w:sectPr>"
  );
}

export function contentTypesXml(): string {
  const pageParts = PAGE_PARTS.map(
    (p) => `<Override PartName="/word/${p.file}" ContentType="${WML}.${p.kind}+xml"/>`,
  ).join("");
  return (
    `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/word/document.xml" ContentType="${WML}.document.main+xml"/>` +
    `<Override PartName="/word/styles.xml" ContentType="${WML}.styles+xml"/>` +
    `<Override PartName="/word/settings.xml" ContentType="${WML}.settings+xml"/>` +
    pageParts +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    "</Types>"
  );
}

function relsXml(rels: ReadonlyArray<readonly [id: string, type: string, target: string]>): string {
  const items = rels.map(
    ([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`,
  );
  return `${XML_DECL}<Relationships xmlns="${REL_NS}">${items.join("")}</Relationships>`;
}

export function packageRelsXml(): string {
  return relsXml([
    ["rId1", `${OFFICE_REL}/officeDocument`, "word/document.xml"],
    ["rId2", `${REL_NS}/metadata/core-properties`, "docProps/core.xml"],
    ["rId3", `${OFFICE_REL}/extended-properties`, "docProps/app.xml"],
  ]);
}

export function documentRelsXml(): string {
  return relsXml([
    ["rIdStyles", `${OFFICE_REL}/styles`, "styles.xml"],
    ["rIdSettings", `${OFFICE_REL}/settings`, "settings.xml"],
    ...PAGE_PARTS.map((p) => [p.id, `${OFFICE_REL}/${p.kind}`, p.file] as const),
  ]);
}

export function coreXml(title: string, lang: string): string {
  return (
    `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${title}</dc:title><dc:creator>phoihop</dc:creator><dc:language>${lang}</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${CREATED}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${CREATED}</dcterms:modified>` +
    "</cp:coreProperties>"
  );
}

export function appXml(): string {
  return (
    `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
    "<Application>phoihop</Application><DocSecurity>0</DocSecurity></Properties>"
  );
}
