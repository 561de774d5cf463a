import { textBefore } from "../../domain/text.js";
import { domainPart, headerAll } from "./headers.js";
import { ownText } from "./strip-quoted.js";
import type { Classification, ParsedInbound } from "./types.js";

/**
 * What is enough for a message to change a request by itself (README "Thư đến: khi nào một thư được tính"):
 *
 * - it names the dispatch by a secret only our letter carried: the reply-token address, the `<reply-<token>@…>`
 *   pseudo-reference, our own Message-ID in In-Reply-To/References, the token in a bounce's returned headers, or
 *   a person attached it by hand. A subject tag or a "Mã theo dõi" line can be typed or forwarded by anyone;
 * - it comes From the counterpart's address (bounces excepted: they come from MAILER-DAEMON);
 * - it could be read: no MIME problems, and some text once the quotes are taken away;
 * - where our own MTA (INBOUND_AUTHSERV_ID) wrote Authentication-Results, DMARC did not fail and DKIM or SPF
 *   passed for the sender's domain. Results written by anyone else are ignored: a sender can write that header.
 *
 * Anything less is matched but waits for a person (`needsReview`), with each reason in Vietnamese.
 */
export const STRONG_MATCH_METHODS = new Set([
  "recipient_token",
  "references_token",
  "message_id",
  "dsn_token",
  "manual",
]);

export interface TrustInput {
  parsed: ParsedInbound;
  classification: Classification;
  stripped: string;
  matchMethod: string;
  counterpartEmail: string;
  authservIds: string[];
}

export interface TrustVerdict {
  senderMatches: boolean;
  needsReview: boolean;
  reasons: string[];
}

const WEAK_MATCH_REASONS: Record<string, string> = {
  subject_tag:
    "chỉ khớp theo mã yêu cầu trong tiêu đề (không có địa chỉ trả lời hay Message-ID của thư đã gửi)",
  body_marker: "chỉ khớp theo dòng “Mã theo dõi” trong nội dung (có thể là thư chuyển tiếp)",
};

export function judgeTrust(t: TrustInput): TrustVerdict {
  const from = t.parsed.from?.address.toLowerCase() ?? "";
  const senderMatches = from !== "" && from === t.counterpartEmail.toLowerCase();
  const kind = t.classification.kind;
  // Out-of-office and loops change nothing; a delayed DSN is not a failure; a person who attached it decided.
  if (kind === "loop" || kind === "auto_reply" || t.matchMethod === "manual") {
    return { senderMatches, needsReview: false, reasons: [] };
  }
  if (kind === "bounce" && t.classification.dsn?.delayed)
    return { senderMatches, needsReview: false, reasons: [] };
  const reasons: string[] = [];
  if (!STRONG_MATCH_METHODS.has(t.matchMethod)) {
    reasons.push(WEAK_MATCH_REASONS[t.matchMethod] ?? `khớp theo cách không đủ tin cậy (${t.matchMethod})`);
  }
  if (kind === "human") {
    if (!senderMatches) {
      reasons.push(
        `người gửi ${from || "(không rõ)"} không phải địa chỉ của bên nhận yêu cầu (${t.counterpartEmail})`,
      );
    }
    if (t.parsed.malformed)
      reasons.push(`thư bị lỗi định dạng (${t.parsed.problems.length} lỗi, xem chi tiết)`);
    if (ownText(t.stripped) === "") reasons.push("thư không có nội dung chữ đọc được");
    const auth = authenticationFailure(t.parsed, t.authservIds);
    if (auth) reasons.push(auth);
  }
  return { senderMatches, needsReview: reasons.length > 0, reasons };
}

/**
 * RFC 8601: the first Authentication-Results our own MTA added (an MTA removes forged ones carrying its id).
 * Returns the Vietnamese reason when it shows the sender's domain was not authenticated, else null.
 */
export function authenticationFailure(p: ParsedInbound, authservIds: string[]): string | null {
  if (authservIds.length === 0) return null;
  const ours = headerAll(p, "authentication-results").find((v) =>
    authservIds.includes(textBefore(textBefore(v, ";").trim(), /\s/).toLowerCase()),
  );
  if (!ours) return null;
  const results = readResults(ours);
  const fromDomain = domainPart(p.from?.address ?? "");
  if (results.some((r) => r.method === "dmarc" && r.result === "fail"))
    return "máy chủ thư của ta ghi nhận DMARC không đạt (dmarc=fail)";
  const dkimPass = results.some(
    (r) => r.method === "dkim" && r.result === "pass" && aligned(r.props["header.d"], fromDomain),
  );
  const spfPass = results.some(
    (r) =>
      r.method === "spf" &&
      r.result === "pass" &&
      aligned(mailFromDomain(r.props["smtp.mailfrom"]), fromDomain),
  );
  if (dkimPass || spfPass) return null;
  const seen = results
    .filter((r) => r.method === "dkim" || r.method === "spf")
    .map((r) => `${r.method}=${r.result}`);
  return `máy chủ thư của ta không xác thực được tên miền người gửi ${fromDomain || "(không rõ)"} (${seen.join(", ") || "không có DKIM/SPF"})`;
}

interface AuthResult {
  method: string;
  result: string;
  props: Record<string, string>;
}

function readResults(value: string): AuthResult[] {
  return value
    .replace(/\([^)]*\)/g, " ")
    .split(";")
    .slice(1)
    .map((clause) => {
      const [head, ...rest] = clause.trim().split(/\s+/);
      const [method, result] = (head ?? "").toLowerCase().split("=");
      const props: Record<string, string> = {};
      for (const kv of rest) {
        const eq = kv.indexOf("=");
        if (eq > 0)
          props[kv.slice(0, eq).toLowerCase()] = kv
            .slice(eq + 1)
            .replace(/^"|"$/g, "")
            .toLowerCase();
      }
      return { method: method ?? "", result: result ?? "", props };
    })
    .filter((r) => r.method !== "");
}

function mailFromDomain(value: string | undefined): string {
  if (!value) return "";
  return value.includes("@") ? domainPart(value) : value;
}

/** Relaxed alignment (RFC 7489 §3.1): the same domain, or one a subdomain of the other. */
function aligned(domain: string | undefined, fromDomain: string): boolean {
  if (!domain || !fromDomain) return false;
  const d = domain.replace(/^@/, "").toLowerCase();
  return d === fromDomain || d.endsWith(`.${fromDomain}`) || fromDomain.endsWith(`.${d}`);
}
