import type { CommitteeOnDate } from "../db/queries/committees.js";
import type { RequestKind } from "../domain/kinds/kind.js";
import { dateLine, documentNumberText, parseIsoDate } from "../domain/vn-format.js";
import type { CongVanData } from "./cong-van-data.js";
import type { StyleProfile } from "./style-profiles.js";

export interface LetterSource {
  kind: RequestKind<unknown>;
  payload: unknown;
  copyTo: string[];
  number: number;
  typeCode: string;
  issuedOn: string;
  issuer: CommitteeOnDate;
  recipient: CommitteeOnDate;
  profile: StyleProfile;
}

/** Everything the công văn template prints, formatted for print; the template decides nothing. Pure. */
export function buildLetterData(s: LetterSource): CongVanData {
  const copies = ["Như trên", ...s.copyTo, s.profile.archiveLine];
  return {
    issuer: { superior: s.issuer.superiorLine, name: s.issuer.issuerLine, abbr: s.issuer.issuerAbbr },
    doc: {
      number: documentNumberText(s.number),
      typeCode: s.typeCode,
      subject: `${s.profile.subjectPrefix}${s.kind.subject(s.payload)}`,
      dateLine: dateLine(s.issuer.placeName, parseIsoDate(s.issuedOn)),
    },
    recipients: [{ line: `${s.recipient.name}.` }],
    body: s.kind
      .letterBody(s.payload, { fromName: s.issuer.name, toName: s.recipient.name })
      .map((text) => ({ text })),
    copies: copies.map((c, i) => ({ line: `- ${c}${i === copies.length - 1 ? "." : ";"}` })),
    signer: { capacity: s.profile.signerCapacity, title: s.issuer.signerTitle, name: s.issuer.signerName },
  };
}
