import type { DocumentContent, DocumentContext } from "../domain/kinds/kind.js";
import { dateLine, documentNumberText, parseIsoDate, recipientLines } from "../domain/vn-format.js";
import type { CongVanData } from "./cong-van-data.js";
import type { StyleProfile } from "./style-profiles.js";

/**
 * Everything a template prints, formatted for print, from what a kind says (content) and how it is issued
 * (context, profile). The template decides nothing. Pure.
 */
export function documentData(
  content: DocumentContent,
  ctx: DocumentContext,
  profile: StyleProfile,
): CongVanData {
  const copies = ["Như trên", ...ctx.copyTo, profile.archiveLine];
  return {
    issuer: { superior: ctx.issuer.superiorLine, name: ctx.issuer.issuerLine, abbr: ctx.issuer.issuerAbbr },
    doc: {
      number: documentNumberText(ctx.number),
      typeCode: ctx.typeCode,
      subject: `${profile.subjectPrefix}${content.subject}`,
      dateLine: dateLine(ctx.issuer.placeName, parseIsoDate(ctx.issuedOn)),
    },
    recipients: recipientLines(content.recipients ?? [ctx.recipient.name]).map((line) => ({ line })),
    body: content.body.map((b) => ({ text: b.text })),
    copies: copies.map((c, i) => ({ line: `- ${c}${i === copies.length - 1 ? "." : ";"}` })),
    signer: { capacity: profile.signerCapacity, title: ctx.issuer.signerTitle, name: ctx.issuer.signerName },
  };
}
