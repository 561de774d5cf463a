import type pg from "pg";
import { type CommitteeOnDate, findCommitteeOnDate } from "../db/queries/committees.js";
import { insertDocument, nextDocumentNumber } from "../db/queries/documents.js";
import type { RequestRow } from "../db/queries/requests.js";
import { findKind } from "../domain/kinds/index.js";
import { partyTermOn } from "../domain/party-term.js";
import { dateInVietnam, documentSymbol, isoDate } from "../domain/vn-format.js";
import { AppError } from "../errors.js";
import type { Clock } from "../runtime/clock.js";

/** The issuer as it stands on a date, read in the numbering transaction; a batch passes one that remembers. */
export type FindIssuer = (
  tx: pg.PoolClient,
  committeeId: number,
  issuedOn: string,
) => Promise<CommitteeOnDate | undefined>;

/**
 * Takes the next number for (issuer, type, term) of each document the kind issues, inside the approving
 * transaction: never shared, never skipped (the counter row stays locked until commit).
 */
export async function numberDocuments(
  tx: pg.PoolClient,
  request: RequestRow,
  clock: Clock,
  findIssuer: FindIssuer = findCommitteeOnDate,
): Promise<string[]> {
  const kind = findKind(request.kind);
  if (!kind) throw new Error(`unknown kind in the database: ${request.kind}`);
  const issuedOn = isoDate(dateInVietnam(clock.now()));
  const issuer = await findIssuer(tx, request.fromCommitteeId, issuedOn);
  if (!issuer) throw new AppError("conflict", "Ủy ban gửi không có thông tin hiệu lực vào ngày ban hành");
  const term = partyTermOn(issuedOn).code;
  const ids: string[] = [];
  for (const [position, spec] of kind.documents.entries()) {
    const number = await nextDocumentNumber(tx, issuer.id, spec.type, term);
    ids.push(
      await insertDocument(tx, {
        requestId: request.id,
        position,
        typeCode: spec.type,
        number,
        symbol: documentSymbol(number, spec.type, issuer.issuerAbbr),
        issuerCommitteeId: issuer.id,
        term,
        issuedOn,
        templateName: spec.template,
        styleProfile: issuer.styleProfile,
      }),
    );
  }
  return ids;
}
