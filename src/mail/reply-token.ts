import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** 20 random bytes as lowercase base32 (RFC 4648, no padding): 32 characters that survive any mail client. */
export function newReplyToken(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export const replyAddress = (token: string, domain: string) => `reply+${token}@${domain}`;
export const replyReference = (token: string, domain: string) => `<reply-${token}@${domain}>`;
/** Quoted by replies, so a forwarded or re-threaded answer still finds its request. */
export const bodyMarker = (reference: string, token: string) => `Mã theo dõi: ${reference}/${token}`;
