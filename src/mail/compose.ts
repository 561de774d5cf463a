import MailComposer from "nodemailer/lib/mail-composer/index.js";

export interface ComposedMail {
  from: { name: string; address: string };
  to: { name: string; address: string };
  reference: string;
  subject: string;
  text: string;
  messageId: string;
  date: Date;
  replyTo?: string;
  inReplyTo?: string;
  references?: string[];
  /** Notifications only: mail that needs a human answer never says it is automatic. */
  autoSubmitted?: boolean;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export function subjectLine(reference: string, subject: string): string {
  return `[${reference}] ${subject}`;
}

/**
 * Composes the whole RFC 5322 message once; the bytes are stored and resent unchanged on every retry.
 * X-Auto-Response-Suppress asks Exchange not to auto-reply; X-PH-Sent-By lets us recognise our own mail coming back.
 */
export async function composeMail(m: ComposedMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: m.from,
    to: m.to,
    subject: subjectLine(m.reference, m.subject),
    text: m.text,
    messageId: m.messageId,
    date: m.date,
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
    ...(m.references?.length ? { references: m.references } : {}),
    headers: {
      "X-Auto-Response-Suppress": "DR, RN, NRN, AutoReply",
      "X-PH-Reference": m.reference,
      "X-PH-Sent-By": "phoihop",
      ...(m.autoSubmitted ? { "Auto-Submitted": "auto-generated" } : {}),
    },
    attachments: m.attachments ?? [],
  });
  return composer.compile().build();
}

export function newMessageId(id: string, domain: string): string {
  return `<ph-${id}@${domain}>`;
}
