import type pg from "pg";
import { isUniqueViolation, withTransaction } from "../db/db.js";
import {
  insertDigest,
  listUsersDueForDigest,
  lockDigestNotifications,
  lockPendingNotifications,
  markNotificationsEmailed,
  type PendingNotification,
} from "../db/queries/notifications.js";
import { insertOutboundMessage } from "../db/queries/outbound-messages.js";
import { clockTimeVi, dateInVietnam, isoDate, longDateVi } from "../domain/vn-format.js";
import { composeMail, newMessageId } from "../mail/compose.js";
import type { MailSettings } from "../mail/request-mail.js";
import type { Clock } from "../runtime/clock.js";

export interface DeliverDeps {
  db: pg.Pool;
  clock: Clock;
  mail: MailSettings;
  publicUrl: string;
}

const domainOf = (address: string) => address.split("@")[1] ?? "phoihop.invalid";
const FOOTER =
  "Thư tự động của hệ thống phối hợp công tác kiểm tra, giám sát (phoihop). Không trả lời thư này.";

function line(n: PendingNotification, publicUrl: string): string {
  return [`- ${n.title}`, `  ${n.body}`, ...(n.link ? [`  ${publicUrl}${n.link}`] : [])].join("\r\n");
}

/**
 * Composes the notification e-mails that are due — each pending one on its own, and each user's daily digest once
 * the user's digest time has passed in Hà Nội — into the outbox, in the transaction that marks them. Marked
 * automatic (Auto-Submitted), without a reply token: a reply to one is never taken for an answer to a request.
 */
export async function composeNotificationMail(deps: DeliverDeps): Promise<string[]> {
  const composed: string[] = [];
  await withTransaction(deps.db, async (tx) => {
    const pending = await lockPendingNotifications(tx);
    for (const n of pending) {
      const raw = await composeMail({
        from: { name: "phoihop", address: deps.mail.mailFrom },
        to: { name: n.name, address: n.email },
        reference: "phoihop",
        subject: n.title,
        text: [`Kính gửi đồng chí ${n.name},`, "", line(n, deps.publicUrl), "", FOOTER].join("\r\n"),
        messageId: newMessageId(`n-${n.id}`, domainOf(deps.mail.mailFrom)),
        date: deps.clock.now(),
        autoSubmitted: true,
      });
      composed.push(await insertOutbound(tx, deps, n, raw, n.title, `n-${n.id}`));
    }
    await markNotificationsEmailed(
      tx,
      pending.map((n) => n.id),
    );
  });
  const now = deps.clock.now();
  const day = isoDate(dateInVietnam(now));
  const time = clockTimeVi(now);
  for (const userId of await listUsersDueForDigest(deps.db, { day, time })) {
    const id = await composeDigest(deps, userId, day, now);
    if (id) composed.push(id);
  }
  return composed;
}

async function composeDigest(
  deps: DeliverDeps,
  userId: string,
  day: string,
  now: Date,
): Promise<string | null> {
  return withTransaction(deps.db, async (tx) => {
    const items = await lockDigestNotifications(tx, userId);
    const [first] = items;
    if (!first) return null;
    const subject = `Tổng hợp thông báo ${longDateVi(dateInVietnam(now))} (${items.length})`;
    const raw = await composeMail({
      from: { name: "phoihop", address: deps.mail.mailFrom },
      to: { name: first.name, address: first.email },
      reference: "phoihop",
      subject,
      text: [
        `Kính gửi đồng chí ${first.name},`,
        "",
        ...items.map((n) => line(n, deps.publicUrl)),
        "",
        FOOTER,
      ].join("\r\n"),
      messageId: newMessageId(`digest-${userId}-${day}`, domainOf(deps.mail.mailFrom)),
      date: now,
      autoSubmitted: true,
    });
    const outboundId = await insertOutbound(tx, deps, first, raw, subject, `digest-${userId}-${day}`);
    // Numbered per user and day: a digest already there (a restart, a second sweep) means nothing more is sent.
    if (!(await insertDigest(tx, { userId, day, outboundMessageId: outboundId, count: items.length }))) {
      throw new DigestExists();
    }
    await markNotificationsEmailed(
      tx,
      items.map((n) => n.id),
    );
    return outboundId;
  }).catch((err) => {
    // Another sweep composed today's digest first (the day's digest key or Message-ID is taken).
    if (err instanceof DigestExists || isUniqueViolation(err)) return null;
    throw err;
  });
}

class DigestExists extends Error {}

async function insertOutbound(
  tx: pg.PoolClient,
  deps: DeliverDeps,
  n: PendingNotification,
  raw: Buffer,
  subject: string,
  key: string,
): Promise<string> {
  return insertOutboundMessage(tx, {
    requestId: null,
    userId: n.userId,
    documentId: null,
    dispatchId: null,
    purpose: "notification",
    sequence: 0,
    toCommitteeId: null,
    toAddress: n.email,
    fromAddress: deps.mail.mailFrom,
    messageId: newMessageId(key, domainOf(deps.mail.mailFrom)),
    subject: `[phoihop] ${subject}`,
    raw,
  });
}
