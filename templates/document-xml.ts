// word/document.xml of each layout, from the style profile (DOMAIN.md "Party document format";
// research/domain-vn.md §7). Tags are those of DocumentData (src/documents/document-data-types.ts).
import type { LayoutSpec } from "../src/domain/kinds/layouts.js";
import { headerLayout } from "../src/documents/header-layout.js";
import { mmToTwips, type StyleProfile } from "../src/documents/style-profiles.js";
import {
  borderlessTable,
  cell,
  loopTable,
  type ParaStyle,
  para,
  run,
  section,
  textPara,
  W_NS,
  XML_DECL,
} from "./ooxml.js";
import { sectionPropsXml } from "./package.js";

const CENTRE: ParaStyle = { align: "center" };

export function textWidth(profile: StyleProfile): number {
  const { page } = profile;
  return mmToTwips(page.widthMm) - mmToTwips(page.marginsMm.left) - mmToTwips(page.marginsMm.right);
}

/** Left column from the profile, right column the rest, so the two always fill the text width exactly. */
function columns(profile: StyleProfile, leftMm: number): [number, number] {
  const left = mmToTwips(leftMm);
  return [left, textWidth(profile) - left];
}

// Marks go under the number (and a công văn's V/v line) in the left block: cells 10a/10b of the 36-HD layout
// diagram sit there, and it is where the State Secrets rules put the stamp on party and state documents.
function marks(profile: StyleProfile): string {
  const { confidentiality, urgency } = profile.elements;
  return (
    section(
      "marks.confidentiality",
      textPara("{marks.confidentiality}", confidentiality, { ...CENTRE, before: 120 }),
    ) + section("marks.urgency", textPara("{marks.urgency}", urgency, { ...CENTRE, before: 120 }))
  );
}

function headerLeft(profile: StyleProfile, layout: LayoutSpec): string {
  const e = profile.elements;
  const t = profile.text;
  const subject = layout.addressee ? textPara("{doc.subject}", e.subject, { ...CENTRE, before: 60 }) : "";
  return (
    textPara("{issuer.superior}", e.superior, CENTRE) +
    textPara("{issuer.name}", e.issuer, CENTRE) +
    textPara(t.star, e.star, CENTRE) +
    textPara(`${t.numberPrefix}{doc.number}-{doc.typeCode}/{issuer.abbr}`, e.numberLine, CENTRE) +
    subject +
    marks(profile)
  );
}

// The rule under the motto is a bottom border as long as the motto (36-HD 1.1.2): the paragraph is indented
// so that the border spans the measured motto (never shorter than the profile's rule), centred in the cell.
function headerRight(profile: StyleProfile): string {
  const h = headerLayout(profile);
  const indent = Math.max(0, Math.round((h.rightTw - 2 * h.cellMarginTw - h.mottoTw) / 2));
  const motto = { ...CENTRE, bottomRule: true, indentLeft: indent, indentRight: indent };
  return (
    textPara(profile.text.motto, profile.elements.motto, motto) +
    textPara("", {}, CENTRE) +
    textPara("{doc.dateLine}", profile.elements.dateLine, CENTRE)
  );
}

// Columns from measured text widths (src/documents/header-layout.ts), reaching into the left margin if the
// registry's names need it.
function headerTable(profile: StyleProfile, layout: LayoutSpec): string {
  const h = headerLayout(profile);
  return borderlessTable(
    [h.leftTw, h.rightTw],
    [cell(h.leftTw, headerLeft(profile, layout)), cell(h.rightTw, headerRight(profile))],
    { outdentTw: h.outdentTw, cellMarginTw: h.cellMarginTw },
  );
}

/** Type name, subject, and a short centred rule under them (every type but công văn). */
function titleBlock(profile: StyleProfile): string {
  const e = profile.elements;
  const ruleIndent = Math.round((textWidth(profile) - mmToTwips(profile.title.ruleMm)) / 2);
  return (
    textPara("{doc.title}", e.title, { ...CENTRE, before: profile.title.beforePt * 20, keepNext: true }) +
    textPara("{doc.subject}", e.titleSubject, { ...CENTRE, keepNext: true }) +
    textPara(
      "",
      { sizePt: 6 },
      { ...CENTRE, bottomRule: true, indentLeft: ruleIndent, indentRight: ruleIndent },
    )
  );
}

// One addressee stands on the "Kính gửi:" line; several go one per line under it.
function addressee(profile: StyleProfile): string {
  const p = profile.paragraph;
  const e = profile.elements;
  const label = { indentLeft: mmToTwips(p.addresseeIndentMm), before: 360, keepNext: true };
  const inline = para(
    run(`${profile.text.addresseeLabel} `, e.addresseeLabel) +
      run("{#recipients}{line}{/recipients}", e.addressee),
    label,
    e.addressee,
  );
  const listed =
    textPara(profile.text.addresseeLabel, e.addresseeLabel, label) +
    section(
      "recipients",
      textPara("{line}", e.addressee, { indentLeft: mmToTwips(p.addresseeItemIndentMm), keepNext: true }),
    );
  return section("addresseeInline", inline) + section("addresseeInline", listed, {}, "^");
}

/** A loop over paragraphs: headings bold and flush left, the rest justified with the first-line indent. */
function paragraphs(profile: StyleProfile, loop: string): string {
  const p = profile.paragraph;
  const base: ParaStyle = {
    align: "both",
    before: p.bodyBeforePt * 20,
    ...(p.lineExactPt === null ? {} : { lineExact: p.lineExactPt * 20 }),
  };
  const heading = textPara("{text}", profile.elements.heading, { ...base, keepNext: true });
  const plain = textPara("{text}", profile.elements.body, {
    ...base,
    firstLine: mmToTwips(p.bodyFirstLineMm),
  });
  return section(loop, section("heading", heading) + section("heading", plain, {}, "^"));
}

function table(profile: StyleProfile, layout: LayoutSpec): string {
  if (!layout.table) return "";
  const width = textWidth(profile);
  const cols = layout.table.map((c, i, all) => {
    const share = Math.round((width * c.widthPct) / 100);
    // The last column takes the rounding remainder so the table is exactly the text width.
    const used = all.slice(0, i).reduce((sum, o) => sum + Math.round((width * o.widthPct) / 100), 0);
    return {
      width: i === all.length - 1 ? width - used : share,
      header: c.header,
      tag: c.key,
      align: c.align,
    };
  });
  const e = profile.elements;
  return textPara("", {}, { after: 120 }) + loopTable("rows", cols, e.tableHeader, e.tableCell);
}

function footerTable(profile: StyleProfile): string {
  const e = profile.elements;
  const [left, right] = columns(profile, profile.footer.leftMm);
  const copies =
    textPara(profile.text.copiesLabel, e.copiesLabel) + section("copies", textPara("{line}", e.copies));
  const space = Array.from({ length: profile.footer.signatureSpaceLines }, () => textPara("", {}, CENTRE));
  const signature =
    textPara("{signer.capacity}", e.signerCapacity, CENTRE) +
    textPara("{signer.title}", e.signerTitle, CENTRE) +
    space.join("") +
    textPara("{signer.name}", e.signerName, CENTRE);
  // One row that never splits: the signer's name is never alone on the next page, and "Nơi nhận" stays level.
  return borderlessTable([left, right], [cell(left, copies), cell(right, signature)], { cantSplit: true });
}

export function documentXml(profile: StyleProfile, layout: LayoutSpec): string {
  return (
    `${XML_DECL}<w:document ${W_NS}><w:body>` +
    headerTable(profile, layout) +
    (layout.addressee ? addressee(profile) : titleBlock(profile)) +
    paragraphs(profile, "body") +
    table(profile, layout) +
    paragraphs(profile, "afterTable") +
    para(run(""), { after: 240 }) +
    footerTable(profile) +
    sectionPropsXml(profile) +
    "</w:body></w:document>"
  );
}
