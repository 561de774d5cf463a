import type { Db } from "../db/db.js";
import { notifyCommittee } from "../db/queries/notifications.js";
import { claimExpiringCertificates } from "../db/queries/signing-certificates.js";

const DAY_MS = 86_400_000;

/**
 * Tells a committee's admins, once per certificate, that its signing certificate expires within `days`: after
 * that its letters cannot be issued signed until a new one is uploaded.
 */
export async function notifyExpiringCertificates(db: Db, now: Date, days: number): Promise<number> {
  const expiring = await claimExpiringCertificates(db, new Date(now.getTime() + days * DAY_MS));
  for (const c of expiring) {
    const left = Math.max(0, Math.ceil((c.notAfter.getTime() - now.getTime()) / DAY_MS));
    await notifyCommittee(db, {
      committeeId: c.committeeId,
      type: "signing_certificate_expiring",
      roles: ["admin"],
      title: `Chứng thư số “${c.commonName}” hết hạn sau ${left} ngày`,
      body: `Chứng thư số ký văn bản của ủy ban (số hiệu ${c.serial}, do ${c.issuer} cấp) hết hạn ngày ${c.notAfter
        .toISOString()
        .slice(0, 10)}. Hãy tải lên chứng thư mới trước ngày đó để văn bản tiếp tục được ký số.`,
      link: "/v1/signing-certificates",
      urgent: true,
    });
  }
  return expiring.length;
}
