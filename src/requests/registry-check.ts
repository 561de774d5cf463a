import type pg from "pg";
import type { Principal } from "../auth/tokens.js";
import { type CommitteeOnDate, findCommitteeByCode, findCommitteeOnDate } from "../db/queries/committees.js";
import { notifyCommittee } from "../db/queries/notifications.js";
import type { RequestRow } from "../db/queries/requests.js";
import { CENTRAL_CODE } from "../db/seed/committee-registry.js";
import { describeGap, type RegistryGap, registryGaps } from "../documents/registry-gaps.js";
import { COMMITTEE_EVENTS } from "../domain/notification-events.js";
import { AppError } from "../errors.js";

/** Approval refused: the letter would carry placeholder registry data. */
export class RegistryIncompleteError extends AppError {
  constructor(readonly gaps: RegistryGap[]) {
    super(
      "registry_incomplete",
      `Chưa thể phê duyệt: danh bạ còn thiếu thông tin để ban hành văn bản — ${gaps.map(describeGap).join("; ")}`,
      gaps.map((g) => ({ field: `registry.${g.committee}.${g.field}`, message: describeGap(g) })),
    );
  }
}

/** The gaps a letter of this request would have if issued on `issuedOn` (classified letters are not e-mailed). */
export async function findRegistryGaps(
  db: pg.Pool | pg.PoolClient,
  request: Pick<RequestRow, "fromCommitteeId" | "toCommitteeId" | "classification">,
  issuedOn: string,
): Promise<RegistryGap[]> {
  const [issuer, recipient] = await Promise.all([
    findCommitteeOnDate(db, request.fromCommitteeId, issuedOn),
    findCommitteeOnDate(db, request.toCommitteeId, issuedOn),
  ]);
  return gapsBetween(request, issuer, recipient);
}

/** The gaps given the two committees' entries in force on the issue date (undefined: it has none then). */
export function gapsBetween(
  request: Pick<RequestRow, "classification">,
  issuer: CommitteeOnDate | undefined,
  recipient: CommitteeOnDate | undefined,
): RegistryGap[] {
  if (!issuer || !recipient) {
    return [
      {
        committee: (issuer ?? recipient)?.code ?? "?",
        side: issuer ? "recipient" : "issuer",
        field: "validFrom",
        message: "không có thông tin hiệu lực vào ngày ban hành",
      },
    ];
  }
  return registryGaps(issuer, recipient, { mailed: request.classification === "thuong" });
}

/**
 * Tells the admins who can fill the gaps: each lacking committee's own admins, and the central committee's
 * (who keep every entry). Runs after the refused approval rolled back, so the notice is not lost with it.
 */
export async function notifyRegistryGaps(
  db: pg.Pool,
  actor: Principal,
  reference: string,
  gaps: RegistryGap[],
): Promise<void> {
  const codes = new Set([...gaps.map((g) => g.committee), CENTRAL_CODE]);
  for (const code of codes) {
    const committee = await findCommitteeByCode(db, code);
    if (!committee) continue;
    const own = gaps.filter((g) => g.committee === code);
    const listed = own.length ? own : gaps;
    await notifyCommittee(db, {
      committeeId: committee.id,
      type: "registry_incomplete",
      roles: COMMITTEE_EVENTS.registry_incomplete.roles,
      title: COMMITTEE_EVENTS.registry_incomplete.title(reference),
      body: `Cần bổ sung trong danh bạ: ${listed.map(describeGap).join("; ")}.`,
      link: "/danh-ba",
      urgent: true,
      actorUserId: actor.userId,
    });
  }
}
