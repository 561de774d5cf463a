import type { CommitteeOnDate } from "../db/queries/committees.js";
import { mailSubjectOf } from "../domain/kinds/index.js";
import type { NewOutboundMessage } from "../db/queries/outbound-messages.js";
import { DOCUMENT_TYPES } from "../domain/document-types.js";
import type { DocumentType } from "../domain/kinds/kind.js";
import { deadlineTextVi, dueDayText, parseIsoDate, shortDateVi } from "../domain/vn-format.js";
import { DOCX_MIME } from "../domain/media-types.js";
import { composeMail, newMessageId, subjectLine } from "./compose.js";
import { bodyMarker, replyAddress, replyReference } from "./reply-token.js";

export interface MailDocument {
  id: string;
  typeCode: string;
  symbol: string;
  issuedOn: string;
  filename: string | null;
  bytes: Buffer | null;
  /** The PDF rendition where one was made; the letter attaches it (the copy that cannot be altered by accident). */
  pdf?: Buffer | null;
}

export interface DispatchAddress {
  id: string;
  token: string;
}

export interface MailSettings {
  mailFrom: string;
  replyDomain: string;
  /** authserv-ids of our own MTA (INBOUND_AUTHSERV_ID): only its Authentication-Results are believed. */
  authservIds?: string[];
}

const domainOf = (address: string) => address.split("@")[1] ?? "phoihop.invalid";

const FOOTER = "Thư được gửi từ hệ thống phối hợp công tác kiểm tra, giám sát (phoihop).";

/** The e-mail that carries a request's issued documents to the counterpart: composed once, stored as bytes. */
/**
 * What the letter asks for: a reply, or for a periodic report the committee's figures by the period's due day
 * (the same day the schedule, the request and the submission form show).
 */
function askLine(request: { reference: string; kind?: string; payload?: unknown }): string {
  const report = request.payload as
    | { dueOn?: unknown; periodKey?: unknown; periodLabel?: unknown }
    | undefined;
  if (request.kind === "periodic_report" && typeof report?.dueOn === "string") {
    return `Đề nghị đồng chí gửi số liệu phối hợp ${String(report.periodLabel ?? report.periodKey)} (mã kỳ ${String(report.periodKey)}) trước ${dueDayText(report.dueOn)} tại trang “Số liệu báo cáo định kỳ” (/bao-cao/so-lieu) của phoihop hoặc qua POST /v1/report-submissions; số liệu gửi đến là đã trả lời văn bản này.`;
  }
  return `Đề nghị đồng chí trả lời bằng cách phản hồi (Reply) thư này, giữ nguyên mã [${request.reference}] trong tiêu đề.`;
}

export async function composeRequestMail(p: {
  request: {
    id: string;
    reference: string;
    subject: string;
    toCommitteeId: number;
    kind?: string;
    payload?: unknown;
  };
  dispatch: DispatchAddress;
  issuer: CommitteeOnDate;
  recipient: CommitteeOnDate;
  documents: MailDocument[];
  /** The files a clerk attached to the request (hồ sơ kèm theo), sent after the letters. */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  settings: MailSettings;
  now: Date;
  /** The issuing committee also wants the .docx beside each PDF (registry setting). */
  attachDocx?: boolean;
}): Promise<NewOutboundMessage> {
  const [first] = p.documents;
  if (!first) throw new Error("A letter needs at least one document");
  const messageId = newMessageId(first.id, domainOf(p.settings.mailFrom));
  const listed = p.documents.map(
    (d) =>
      `${DOCUMENT_TYPES[d.typeCode as DocumentType].name} số ${d.symbol} ngày ${shortDateVi(parseIsoDate(d.issuedOn))}`,
  );
  const text = [
    `Kính gửi: ${p.recipient.name}.`,
    "",
    `${p.issuer.name} gửi kèm ${listed.join("; ")} V/v ${p.request.subject}.`,
    "",
    askLine(p.request),
    "",
    bodyMarker(p.request.reference, p.dispatch.token),
    FOOTER,
  ].join("\r\n");
  const subject = `V/v ${mailSubjectOf({ kind: p.request.kind ?? "", subject: p.request.subject })}`;
  const raw = await composeMail({
    from: { name: p.issuer.name, address: p.settings.mailFrom },
    to: { name: p.recipient.name, address: p.recipient.email },
    reference: p.request.reference,
    subject,
    text,
    messageId,
    date: p.now,
    replyTo: replyAddress(p.dispatch.token, p.settings.replyDomain),
    references: [replyReference(p.dispatch.token, p.settings.replyDomain)],
    attachments: [
      ...p.documents.flatMap((d) => letterAttachments(d, p.attachDocx ?? false)),
      ...(p.attachments ?? []),
    ],
  });
  return {
    requestId: p.request.id,
    documentId: first.id,
    dispatchId: p.dispatch.id,
    purpose: "letter",
    sequence: 0,
    toCommitteeId: p.request.toCommitteeId,
    toAddress: p.recipient.email,
    fromAddress: p.settings.mailFrom,
    messageId,
    subject: subjectLine(p.request.reference, subject),
    raw,
  };
}

/** The PDF of a document, and its .docx where the committee wants it or where no PDF could be made. */
export function letterAttachments(
  d: MailDocument,
  attachDocx: boolean,
): { filename: string; content: Buffer; contentType: string }[] {
  const { filename, bytes } = d;
  // The letter waits for every document's .docx (composeLetterIfReady), so a missing one is a bug.
  if (filename === null || bytes === null) throw new Error(`Document ${d.id} has no .docx to attach`);
  const docx = { filename, content: bytes, contentType: DOCX_MIME };
  if (!d.pdf) return [docx];
  const pdf = {
    filename: filename.replace(/\.docx$/, ".pdf"),
    content: d.pdf,
    contentType: "application/pdf",
  };
  return attachDocx ? [pdf, docx] : [pdf];
}

/** A reminder (or the escalation) threaded under the original letter, numbered per dispatch. */
export async function composeReminderMail(p: {
  request: { id: string; reference: string; kind: string; subject: string; toCommitteeId: number };
  dispatch: DispatchAddress & { deadlineAt: Date | null };
  original: { messageId: string };
  issuerName: string;
  recipient: { name: string; email: string };
  purpose: "reminder" | "escalation";
  sequence: number;
  settings: MailSettings;
  now: Date;
}): Promise<NewOutboundMessage> {
  const messageId = newMessageId(
    `${p.dispatch.id}-${p.purpose}-${p.sequence}`,
    domainOf(p.settings.mailFrom),
  );
  const deadline = p.dispatch.deadlineAt ? deadlineTextVi(p.dispatch.deadlineAt) : null;
  const label = p.purpose === "escalation" ? "Đề nghị trả lời gấp" : `Nhắc lần ${p.sequence}`;
  const subject = `${label}: V/v ${mailSubjectOf({ kind: p.request.kind ?? "", subject: p.request.subject })}`;
  const text = [
    `Kính gửi: ${p.recipient.name}.`,
    "",
    p.purpose === "escalation"
      ? `${p.issuerName} chưa nhận được trả lời về văn bản đã gửi (mã ${p.request.reference})${deadline ? `, hạn trả lời là ${deadline}` : ""}. Đề nghị đồng chí khẩn trương trả lời.`
      : `${p.issuerName} xin nhắc văn bản đã gửi (mã ${p.request.reference}) chưa được trả lời${deadline ? `; hạn trả lời: ${deadline}` : ""}.`,
    "",
    `Đề nghị trả lời bằng cách phản hồi (Reply) thư này, giữ nguyên mã [${p.request.reference}] trong tiêu đề.`,
    "",
    bodyMarker(p.request.reference, p.dispatch.token),
    FOOTER,
  ].join("\r\n");
  const raw = await composeMail({
    from: { name: p.issuerName, address: p.settings.mailFrom },
    to: { name: p.recipient.name, address: p.recipient.email },
    reference: p.request.reference,
    subject,
    text,
    messageId,
    date: p.now,
    replyTo: replyAddress(p.dispatch.token, p.settings.replyDomain),
    inReplyTo: p.original.messageId,
    references: [p.original.messageId, replyReference(p.dispatch.token, p.settings.replyDomain)],
  });
  return {
    requestId: p.request.id,
    documentId: null,
    dispatchId: p.dispatch.id,
    purpose: p.purpose,
    sequence: p.sequence,
    toCommitteeId: p.request.toCommitteeId,
    toAddress: p.recipient.email,
    fromAddress: p.settings.mailFrom,
    messageId,
    subject: subjectLine(p.request.reference, subject),
    raw,
  };
}
