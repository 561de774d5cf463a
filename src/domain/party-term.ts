import terms from "./reference-data/party-terms.json" with { type: "json" };

export interface PartyTerm {
  code: string;
  from: string;
  to: string;
}

const TERMS: PartyTerm[] = terms.terms;

/** The party term a document issued on `isoDate` is numbered in. */
export function partyTermOn(isoDate: string, table: readonly PartyTerm[] = TERMS): PartyTerm {
  const term = table.find((t) => t.from <= isoDate && isoDate <= t.to);
  if (!term)
    throw new Error(`no party term covers ${isoDate}: extend src/domain/reference-data/party-terms.json`);
  return term;
}
