/** Every text input is normalised to NFC before it is validated or stored. */
export function nfc(value: string): string {
  return value.normalize("NFC");
}

/** What PostgreSQL refuses in text and jsonb: NUL, and UTF-16 halves without their pair (lone surrogates). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this looks for.
export const REFUSED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A C0 control character or DEL (TAB, CR, LF, NUL …): never part of a path or a header value. */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Why a string cannot be stored, in Vietnamese, or undefined when it can. */
export function refusedText(value: string): string | undefined {
  const m = REFUSED.exec(value);
  if (!m) return undefined;
  return m[0] === "\u0000"
    ? "không được chứa ký tự NUL (\\u0000)"
    : "chứa ký tự Unicode không hợp lệ (nửa cặp UTF-16 đứng một mình)";
}

/** The string with every lone surrogate replaced by U+FFFD, as a UTF-8 encoder would (encodeURIComponent throws). */
export function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** How deep JSON may nest: far beyond any payload of this service, far below any stack. */
export const MAX_JSON_DEPTH = 32;

/**
 * The deepest nesting of JSON text, counted on the text without parsing (strings skipped), stopping as soon as it
 * passes `limit`: a 10⁵-deep document is refused before any parser or walker recurses into it.
 */
export function jsonNestingExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > limit) return true;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return false;
}

export interface RefusedField {
  /** Dotted path of the field (keys and list positions), "" for the whole document. */
  field: string;
  message: string;
}

/**
 * NFC over parsed JSON, without recursion (an explicit stack, so no depth can overflow it): every string and key
 * normalised, structure untouched. Also names the first string or key that PostgreSQL would refuse.
 */
export function normaliseJson<T>(value: T): { value: T; refused?: RefusedField } {
  // Each entry links to its parent: the path is spelled out only for a refusal (copying it per level is quadratic).
  interface Slot {
    holder: Record<string, unknown>;
    key: string;
    parent: Slot | undefined;
    /** False for the root's slot: it names no field. */
    named: boolean;
  }
  const pathOf = (slot: Slot | undefined, last?: string) => {
    const keys: string[] = last === undefined ? [] : [last];
    for (let s = slot; s?.named; s = s.parent) keys.push(s.key);
    return keys.reverse().join(".");
  };
  let refused: RefusedField | undefined;
  const check = (text: string, slot: Slot, key?: string) => {
    if (refused) return;
    const why = refusedText(text);
    if (why) refused = { field: pathOf(slot, key), message: why };
  };
  const root = { v: value as unknown };
  const stack: Slot[] = [
    { holder: root as Record<string, unknown>, key: "v", parent: undefined, named: false },
  ];
  for (let slot = stack.pop(); slot; slot = stack.pop()) {
    const v = slot.holder[slot.key];
    if (typeof v === "string") {
      check(v, slot);
      slot.holder[slot.key] = nfc(v);
    } else if (Array.isArray(v)) {
      const copy = v.slice() as unknown as Record<string, unknown>;
      slot.holder[slot.key] = copy;
      for (let i = 0; i < v.length; i++)
        stack.push({ holder: copy, key: String(i), parent: slot, named: true });
    } else if (v && typeof v === "object") {
      const copy: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) {
        check(k, slot, k);
        const key = nfc(k);
        // A key "__proto__" stays a plain key, as JSON.parse made it (an assignment would set the prototype).
        if (key === "__proto__")
          Object.defineProperty(copy, key, {
            value: item,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else copy[key] = item;
      }
      slot.holder[slot.key] = copy;
      for (const k of Object.keys(copy)) stack.push({ holder: copy, key: k, parent: slot, named: true });
    }
  }
  return refused ? { value: root.v as T, refused } : { value: root.v as T };
}

/** Deep NFC over parsed JSON: strings normalised, structure untouched. */
export function nfcDeep<T>(value: T): T {
  return normaliseJson(value).value;
}

/** ASCII slug for codes and file names: "Hồ Chí Minh" → "HO-CHI-MINH". */
export function asciiSlug(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toUpperCase();
}

/** Vietnamese upper-casing (header lines are caps). */
export function upperVi(value: string): string {
  return value.toLocaleUpperCase("vi-VN");
}

/** The text before the first `separator`, or all of it: `split(separator)[0]`, which always exists. */
export function textBefore(value: string, separator: string | RegExp): string {
  const at = typeof separator === "string" ? value.indexOf(separator) : value.search(separator);
  return at < 0 ? value : value.slice(0, at);
}

/** The domain of an address the config schema checked (MAIL_FROM): what follows its first "@". */
export function emailDomain(address: string): string {
  const at = address.indexOf("@");
  if (at < 0) throw new Error(`Not an e-mail address: ${address}`);
  return textBefore(address.slice(at + 1), "@");
}

/** The code point of one character (an item of `[...text]`, never empty). */
export function codePointOf(ch: string): number {
  const point = ch.codePointAt(0);
  if (point === undefined) throw new Error("codePointOf needs a character, not an empty string");
  return point;
}

/** The text with its first character upper-cased ("" stays ""). */
export function upperFirst(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
