/** What one raw inbound message becomes. The raw bytes stay the record; this is a reading of them. */

export interface InboundAddress {
  address: string;
  name: string;
}

/** Where a recipient address was seen: a header, or the SMTP envelope (RCPT TO) handed in by the receiver. */
export type RecipientSource =
  | "to"
  | "cc"
  | "delivered-to"
  | "x-original-to"
  | "x-forwarded-to"
  | "envelope-to"
  | "x-envelope-to"
  | "envelope";

export interface InboundRecipient {
  address: string;
  source: RecipientSource;
}

export interface InboundAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
}

/** A header's values in order of appearance, unfolded but not decoded (the raw text of the header). */
export interface HeaderValues {
  first: string;
  all: string[];
}

export interface ParsedInbound {
  /** SHA-256 (hex) of the raw bytes: the dedupe key when Message-ID is missing. */
  sha256: string;
  size: number;
  /** Over MAX_INBOUND_BYTES: only the header block was read. */
  oversized: boolean;
  /** The MIME structure was broken; whatever could be read is still here. */
  malformed: boolean;
  problems: string[];
  /** With angle brackets, as written; null when the message has none. */
  messageId: string | null;
  inReplyTo: string[];
  /** Oldest first, as in the header. */
  references: string[];
  from: InboundAddress | null;
  replyTo: InboundAddress[];
  to: InboundAddress[];
  cc: InboundAddress[];
  /** SMTP MAIL FROM when the receiver knew it: "" is the null reverse-path of DSNs and auto-replies; null unknown. */
  envelopeFrom: string | null;
  /** Every recipient address, from To/Cc, delivery headers and the envelope, in that order. */
  recipients: InboundRecipient[];
  subject: string;
  date: Date | null;
  /** text/plain when present, else the HTML converted to text; NFC. */
  text: string;
  hasHtml: boolean;
  /** Top-level Content-Type, lower-cased, with its parameters (e.g. report-type). */
  contentType: { value: string; params: Record<string, string> };
  /** Lower-cased header name → values. A null-prototype object. */
  headers: Record<string, HeaderValues>;
  attachments: InboundAttachment[];
}

export type InboundKind = "loop" | "bounce" | "auto_reply" | "human";

/** Fields of an RFC 3464 delivery status notification, or what a non-standard bounce let us read. */
export interface DsnInfo {
  originalMessageId?: string;
  /** Our reply token, when the returned original headers carry `<reply-<token>@…>` or `reply+<token>@…`. */
  originalToken?: string;
  recipient?: string;
  status?: string;
  action?: string;
  diagnostic?: string;
  /** Action "delayed" or a 4.x.x status: the relay is still trying, the address is not (yet) dead. */
  delayed: boolean;
}

export interface Classification {
  kind: InboundKind;
  /** The header or pattern that decided, for the audit trail. */
  reason: string;
  dsn?: DsnInfo;
}

export interface BodyMarker {
  reference: string;
  token: string;
}

/** Candidate keys, each list in the priority order the matcher tries them (DESIGN.md "Mail"). */
export interface MatchKeys {
  tokens: { fromRecipients: string[]; fromReferences: string[] };
  /** In-Reply-To first, then References newest first; our `<reply-…>` pseudo-ids excluded. */
  messageIds: string[];
  subjectTags: string[];
  bodyMarkers: BodyMarker[];
}

export type MatchMethod =
  | "recipient_token"
  | "references_token"
  | "message_id"
  | "subject_tag"
  | "body_marker"
  | "none";

export type AnswerSuggestion = "accepted" | "declined" | "needs_info";

export interface SuggestedAnswer {
  suggestion: AnswerSuggestion | null;
  evidence?: string;
  staffNames?: string[];
}
