/** Party terms (nhiệm kỳ) as periods, from party-terms.json; the cut-off day does not apply to them. */
import partyTerms from "../domain/reference-data/party-terms.json" with { type: "json" };
import type { PartyTerm } from "../domain/party-term.js";
import { type Period, PeriodError } from "./period-types.js";

export const TERMS: readonly PartyTerm[] = partyTerms.terms;
const TERMS_FILE = "src/domain/reference-data/party-terms.json";

export function termByCode(code: string): PartyTerm {
  const term = TERMS.find((t) => t.code === code);
  if (!term) throw new PeriodError("party_term", `Nhiệm kỳ ${code} chưa có trong danh mục (${TERMS_FILE}).`);
  return term;
}

export function termIndex(code: string): number {
  return TERMS.indexOf(termByCode(code));
}

export function termAt(index: number, from: string): PartyTerm {
  const term = TERMS[index];
  if (!term)
    throw new PeriodError("party_term", `Không có nhiệm kỳ liền kề ${from} trong danh mục (${TERMS_FILE}).`);
  return term;
}

export const termPeriod = (term: PartyTerm): Period => ({ type: "term", term: term.code });

export function termHolding(iso: string): PartyTerm {
  const term = TERMS.find((t) => t.from <= iso && iso <= t.to);
  if (!term) throw new PeriodError("party_term", `Không nhiệm kỳ nào chứa ngày ${iso} (${TERMS_FILE}).`);
  return term;
}

export function lastClosedTerm(todayIso: string): Period {
  const term = TERMS.findLast((t) => t.to < todayIso);
  if (!term)
    throw new PeriodError("party_term", `Chưa có nhiệm kỳ nào kết thúc trước ${todayIso} (${TERMS_FILE}).`);
  return termPeriod(term);
}
