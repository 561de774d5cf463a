import { type ClassifyContext, classifyInbound } from "./classify.js";
import { type MatchContext, matchKeys } from "./match-keys.js";
import { type ParseOptions, parseInbound } from "./parse.js";
import { ownText, stripQuoted } from "./strip-quoted.js";
import { suggestAnswer } from "./suggest-answer.js";
import type { Classification, MatchKeys, ParsedInbound, SuggestedAnswer } from "./types.js";

export { classifyInbound, type ClassifyContext } from "./classify.js";
export { bestMatch, type BestMatch, type MatchContext, matchKeys } from "./match-keys.js";
export { MAX_INBOUND_BYTES, type ParseOptions, parseInbound } from "./parse.js";
export { ownText, stripQuoted } from "./strip-quoted.js";
export { extractStaffNames, suggestAnswer } from "./suggest-answer.js";
export type * from "./types.js";

export type AnalyseContext = ClassifyContext & MatchContext & ParseOptions;

export interface InboundAnalysis {
  parsed: ParsedInbound;
  classification: Classification;
  keys: MatchKeys;
  /** Display text only; the raw message is the record. */
  stripped: string;
  /** Only for human replies: an out-of-office that says "không thể tham gia" is not a refusal. */
  suggestion: SuggestedAnswer;
}

/** The whole reading of one raw message, pure and without I/O: what the inbound job stores and acts on. */
export async function analyseInbound(raw: Buffer, ctx: AnalyseContext): Promise<InboundAnalysis> {
  const parsed = await parseInbound(raw, ctx);
  const classification = classifyInbound(parsed, ctx);
  const keys = matchKeys(parsed, ctx);
  const stripped = stripQuoted(parsed.text);
  // Only what the sender wrote: a `>` question kept for context may quote our own letter ("đề nghị cử …").
  const suggestion =
    classification.kind === "human" ? suggestAnswer(ownText(stripped)) : { suggestion: null };
  return { parsed, classification, keys, stripped, suggestion };
}
