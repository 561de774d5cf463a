import type { CommitteeOnDate } from "../db/queries/committees.js";
import type { NewOutboundMessage } from "../db/queries/outbound-messages.js";
import { DOCUMENT_TYPES } from "../domain/document-types.js";
import type { DocumentType } from "../domain/kinds/kind.js";
import { parseIsoDate, shortDateVi } from "../domain/vn-format.js";
import { composeLetterMail, DOCX_MIME, newMessageId, subjectLine } from "./compose.js";

export interface MailDocument {
  id: string;
  typeCode: string;
  symbol: string;
  issuedOn: string;
  filename: string | null;
  bytes: Buffer | null;
}

/** The e-mail that carries a request's issued documents to the counterpart: composed once, stored as bytes. */
export async function composeRequestMail(p: {
  request: { id: string; reference: string; subject: string; toCommitteeId: number };
  issuer: CommitteeOnDate;
  recipient: CommitteeOnDate;
  documents: MailDocument[];
  mailFrom: string;
}): Promise<NewOutboundMessage> {
  const domain = p.mailFrom.split("@")[1] ?? "phoihop.invalid";
  const first = p.documents[0]!;
  const messageId = newMessageId(first.id, domain);
  const listed = p.documents.map(
    (d) =>
      `${DOCUMENT_TYPES[d.typeCode as DocumentType].name} số ${d.symbol} ngày ${shortDateVi(parseIsoDate(d.issuedOn))}`,
  );
  const text = [
    `Kính gửi: ${p.recipient.name}.`,
    "",
    `${p.issuer.name} gửi kèm ${listed.join("; ")} V/v ${p.request.subject}.`,
    "",
    `Đề nghị đồng chí trả lời bằng cách phản hồi (Reply) thư này, giữ nguyên mã [${p.request.reference}] trong tiêu đề.`,
    "",
    "Thư được gửi từ hệ thống phối hợp công tác kiểm tra, giám sát (phoihop).",
  ].join("\r\n");
  const subject = `V/v ${p.request.subject}`;
  const raw = await composeLetterMail({
    from: { name: p.issuer.name, address: p.mailFrom },
    to: { name: p.recipient.name, address: p.recipient.email },
    reference: p.request.reference,
    subject,
    text,
    messageId,
    date: new Date(),
    attachments: p.documents.map((d) => ({
      filename: d.filename!,
      content: d.bytes!,
      contentType: DOCX_MIME,
    })),
  });
  return {
    requestId: p.request.id,
    documentId: first.id,
    toCommitteeId: p.request.toCommitteeId,
    toAddress: p.recipient.email,
    fromAddress: p.mailFrom,
    messageId,
    subject: subjectLine(p.request.reference, subject),
    raw,
  };
}
