import MailComposer from "nodemailer/lib/mail-composer/index.js";

export interface LetterMail {
  from: { name: string; address: string };
  to: { name: string; address: string };
  reference: string;
  subject: string;
  text: string;
  messageId: string;
  date: Date;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

export const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export function subjectLine(reference: string, subject: string): string {
  return `[${reference}] ${subject}`;
}

/**
 * Composes the whole RFC 5322 message once; the bytes are stored and resent unchanged on every retry.
 * Needs a human answer, so no Auto-Submitted/Precedence; X-Auto-Response-Suppress asks Exchange not to auto-reply.
 */
export async function composeLetterMail(m: LetterMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: m.from,
    to: m.to,
    subject: subjectLine(m.reference, m.subject),
    text: m.text,
    messageId: m.messageId,
    date: m.date,
    headers: { "X-Auto-Response-Suppress": "DR, RN, NRN, AutoReply", "X-PH-Reference": m.reference },
    attachments: m.attachments,
  });
  return composer.compile().build();
}

export function newMessageId(id: string, domain: string): string {
  return `<ph-${id}@${domain}>`;
}
