import { domainPart, localPart, normaliseToken, TOKEN_PATTERN } from "./headers.js";
import type { BodyMarker, MatchKeys, MatchMethod, ParsedInbound } from "./types.js";

export interface MatchContext {
  /** Domains of our reply addresses (`reply+<token>@<domain>`), from configuration. */
  replyDomains: string[];
}

/**
 * The keys a reply carries, each list in the order DESIGN.md "Mail" tries them: token address (Discourse,
 * GitHub, Gitea), `<reply-<token>@…>` in References (Gitea, for clients that drop Reply-To), Message-ID
 * (Zammad, FreeScout), subject tag (RT), body marker (FreeScout's last resort). Only the database can say
 * which message-id or tag is real; this lists candidates.
 */
export function matchKeys(p: ParsedInbound, ctx: MatchContext): MatchKeys {
  const domains = lowerAll(ctx.replyDomains);
  const ids = [...p.inReplyTo, ...[...p.references].reverse()];
  return {
    tokens: {
      fromRecipients: unique(p.recipients.map((r) => tokenInAddress(r.address, domains))),
      fromReferences: unique(ids.map((id) => tokenInMessageId(id, domains))),
    },
    messageIds: unique(ids.filter((id) => !isPseudoReference(id))),
    subjectTags: subjectTags(p.subject),
    bodyMarkers: bodyMarkers(p.text),
  };
}

/** `reply+<token>@<reply domain>`; `reply-<token>@` too, for a catch-all mailbox without sub-addressing. */
export function tokenInAddress(address: string, domains: string[]): string | null {
  if (!domains.includes(domainPart(address))) return null;
  const token = /^reply[+-](.+)$/i.exec(localPart(address).replace(/^"|"$/g, ""))?.[1];
  return token === undefined ? null : normaliseToken(token);
}

/** `<reply-<token>@<reply domain>>`, the pseudo-reference every outbound letter carries (Gitea's scheme). */
export function tokenInMessageId(id: string, domains: string[]): string | null {
  const [, token, domain] = /^<reply-([^@>]+)@([^>]+)>$/i.exec(id.trim()) ?? [];
  if (token === undefined || domain === undefined || !domains.includes(domain.toLowerCase())) return null;
  return normaliseToken(token);
}

function isPseudoReference(id: string): boolean {
  return /^<reply-[^@>]+@[^>]+>$/i.test(id);
}

/**
 * `PH-2026-0001` anywhere in the subject, so "Re: Fwd: TL: Trả lời:" prefixes do not matter; tolerant of spaces
 * and en dashes that some clients and people put in ("[PH - 2026 - 0001]").
 */
export function subjectTags(subject: string): string[] {
  const tags = [...subject.matchAll(/(?<![A-Za-z0-9])PH\s*[-–]\s*(\d{4})\s*[-–]\s*(\d{4,6})(?!\d)/gi)].map(
    (m) => `PH-${m[1]}-${m[2]}`,
  );
  return unique(tags);
}

/** `PH-YYYY-NNNN/<token>` from the "Mã theo dõi:" line, also when quoted ("> Mã theo dõi: …") or forwarded. */
export function bodyMarkers(text: string): BodyMarker[] {
  const re = new RegExp(
    `(?<![A-Za-z0-9])PH-(\\d{4})-(\\d{4,6})\\s*/\\s*(${TOKEN_PATTERN})(?![A-Za-z0-9])`,
    "gi",
  );
  const seen = new Set<string>();
  const out: BodyMarker[] = [];
  for (const m of text.matchAll(re)) {
    const token = m[3] === undefined ? null : normaliseToken(m[3]);
    const reference = `PH-${m[1]}-${m[2]}`;
    if (!token || seen.has(`${reference}/${token}`)) continue;
    seen.add(`${reference}/${token}`);
    out.push({ reference, token });
  }
  return out;
}

export interface BestMatch {
  method: MatchMethod;
  token?: string;
  messageId?: string;
  subjectTag?: string;
}

/** The first non-empty list in priority order: what the matcher tries first. */
export function bestMatch(keys: MatchKeys): BestMatch {
  const [recipientToken] = keys.tokens.fromRecipients;
  if (recipientToken) return { method: "recipient_token", token: recipientToken };
  const [referencesToken] = keys.tokens.fromReferences;
  if (referencesToken) return { method: "references_token", token: referencesToken };
  const [messageId] = keys.messageIds;
  if (messageId) return { method: "message_id", messageId };
  const [subjectTag] = keys.subjectTags;
  if (subjectTag) return { method: "subject_tag", subjectTag };
  const [marker] = keys.bodyMarkers;
  if (marker) return { method: "body_marker", token: marker.token, subjectTag: marker.reference };
  return { method: "none" };
}

function lowerAll(domains: string[]): string[] {
  return domains.map((d) => d.toLowerCase());
}

function unique<T>(values: (T | null)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== null))];
}
