import type { CommitteeOnDate } from "../db/queries/committees.js";
import type { CommitteeSnapshot } from "../domain/kinds/kind.js";

/** The registry row as a document of that date prints it. */
export function snapshot(c: CommitteeOnDate): CommitteeSnapshot {
  const {
    code,
    name,
    shortName,
    superiorLine,
    issuerLine,
    issuerAbbr,
    placeName,
    signerName,
    signerTitle,
    email,
  } = c;
  return {
    code,
    name,
    shortName,
    superiorLine,
    issuerLine,
    issuerAbbr,
    placeName,
    signerName,
    signerTitle,
    email,
  };
}
