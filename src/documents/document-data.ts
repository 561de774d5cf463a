import { DOCUMENT_TYPES } from "../domain/document-types.js";
import type { Block, DocumentContent, DocumentContext } from "../domain/kinds/kind.js";
import { upperVi } from "../domain/text.js";
import {
  dateLine,
  documentNumberText,
  documentSymbol,
  parseIsoDate,
  recipientLines,
} from "../domain/vn-format.js";
import type { DocumentData, Line, Paragraph } from "./document-data-types.js";
import { headerSuperiorLines } from "./header-layout.js";
import { endsDocument, tidyText } from "./layout-text.js";
import type { StyleProfile } from "./style-profiles.js";

/**
 * Everything a template prints, formatted for print, from what a kind says (content) and how it is issued
 * (context, profile). The template decides nothing. Pure.
 */
export function documentData(
  content: DocumentContent,
  ctx: DocumentContext,
  profile: StyleProfile,
): DocumentData {
  // The addressees' punctuation is the layout's ("- A;" … "- C."): what the user typed after a name goes.
  const recipients = (content.recipients ?? [ctx.recipient.name]).map((r) =>
    tidyText(r).replace(TRAILING_PUNCTUATION, ""),
  );
  const [body, afterTable] = endsDocument(paragraphs(content.body), paragraphs(content.afterTable ?? []));
  return {
    issuer: {
      // A name too long for its cell breaks where a person would (linebreaks: "\n" prints a line break).
      superior: headerSuperiorLines(profile, ctx.issuer.superiorLine).join("\n"),
      name: ctx.issuer.issuerLine,
      abbr: ctx.issuer.issuerAbbr,
      place: ctx.issuer.placeName,
    },
    doc: docData(content, ctx, profile),
    marks: marks(ctx, profile),
    recipients: recipientLines(recipients).map((line) => ({ line })),
    addresseeInline: recipients.length === 1,
    body,
    rows: (content.rows ?? []).map((row, i) => ({
      stt: String(i + 1),
      ...Object.fromEntries(Object.entries(row).map(([k, v]) => [k, tidyText(v)])),
    })),
    afterTable,
    copies: copyLines(copyList(recipients, ctx, profile)),
    signer: {
      capacity: profile.text.signerCapacity,
      title: ctx.issuer.signerTitle,
      name: ctx.issuer.signerName,
    },
  };
}

// A paper draft leaves room for the number the clerk writes in once it is issued.
const BLANK_NUMBER = "\u00a0".repeat(6);

function docData(content: DocumentContent, ctx: DocumentContext, profile: StyleProfile): DocumentData["doc"] {
  const isLetter = ctx.typeCode === "CV";
  return {
    number: ctx.number === null ? BLANK_NUMBER : documentNumberText(ctx.number),
    typeCode: ctx.typeCode,
    issuerAbbr: ctx.issuer.issuerAbbr,
    symbol:
      ctx.number === null
        ? `${BLANK_NUMBER}-${ctx.typeCode}/${ctx.issuer.issuerAbbr}`
        : documentSymbol(ctx.number, ctx.typeCode, ctx.issuer.issuerAbbr),
    title: DOCUMENT_TYPES[ctx.typeCode].title ?? "",
    subject: isLetter
      ? `${profile.text.subjectPrefix}${tidySubject(content.subject, profile)}`
      : tidySubject(content.subject, profile),
    subjectText: tidySubject(content.subject, profile),
    issuedOn: ctx.issuedOn,
    place: ctx.issuer.placeName,
    dateLine: dateLine(ctx.issuer.placeName, parseIsoDate(ctx.issuedOn)),
  };
}

function marks(ctx: DocumentContext, profile: StyleProfile): DocumentData["marks"] {
  const { confidentiality, urgency } = profile.marks;
  return {
    confidentiality: ctx.classification === "thuong" ? "" : upperVi(confidentiality[ctx.classification]),
    urgency: ctx.urgency === "thuong" ? "" : upperVi(urgency[ctx.urgency]),
    draft:
      ctx.draft === null
        ? ""
        : ctx.draft === "preview"
          ? profile.text.previewMark
          : profile.text.draft.replace("{n}", String(ctx.draft)),
  };
}

function paragraphs(blocks: readonly Block[]): Paragraph[] {
  return blocks.map((b) => ({ text: tidyText(b.text), heading: b.heading === true }));
}

/** The trích yếu: no closing punctuation, and no "V/v" the clerk typed before the layout's own. */
function tidySubject(subject: string, profile: StyleProfile): string {
  const prefix = profile.text.subjectPrefix.trim();
  const bare =
    prefix && subject.toLowerCase().startsWith(prefix.toLowerCase()) ? subject.slice(prefix.length) : subject;
  return tidyText(bare)
    .replace(/[\s.;,:]+$/u, "")
    .trim();
}

// People type "Thường trực Tỉnh ủy;" as often as not; the punctuation is the layout's, so theirs goes.
const TRAILING_PUNCTUATION = /[\s;.,]+$/u;

/**
 * A công văn names its addressees after "Kính gửi:", so "Nơi nhận:" starts with "Như trên". Other types have
 * no "Kính gửi:": their addressees are listed themselves. Then the request's copies and the archive line;
 * a name entered twice is printed once.
 */
function copyList(recipients: readonly string[], ctx: DocumentContext, profile: StyleProfile): string[] {
  const head = ctx.typeCode === "CV" ? [profile.text.asAbove] : recipients;
  const names = [...head, ...ctx.copyTo, profile.text.archiveLine].map((c) =>
    c.replace(TRAILING_PUNCTUATION, "").trim(),
  );
  return [...new Set(names.filter((c) => c.length > 0))];
}

function copyLines(items: readonly string[]): Line[] {
  return items.map((c, i) => ({ line: `- ${c}${i === items.length - 1 ? "." : ";"}` }));
}
