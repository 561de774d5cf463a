// The closed registry of `| formatter` pipes templates may use (template-parser.ts). Uploaded templates get
// exactly these; each takes the value the tag resolved to and returns text, or throws naming what it expected
// (the render then fails naming the tag: a document with a wrong value is never issued).
import { nfc, upperVi } from "../domain/text.js";
import {
  countWithWords,
  dateLine,
  documentSymbol,
  formatInteger,
  formatPercent,
  formatRate,
  longDateVi,
  parseIsoDate,
  recipientLines,
  shortDateVi,
} from "../domain/vn-format.js";
import type { Formatter, Formatters } from "./template-parser.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function expected(name: string, what: string, value: unknown): Error {
  return new Error(`formatter "${name}" expects ${what}, got ${JSON.stringify(value) ?? String(value)}`);
}

function isoDateOf(name: string, value: unknown): ReturnType<typeof parseIsoDate> {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw expected(name, "an ISO date (YYYY-MM-DD)", value);
  }
  return parseIsoDate(value);
}

// Numbers arrive as numbers or as digit strings ("07" from doc.number, "63" from a table cell).
function numberOf(name: string, value: unknown): number {
  const n = typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) throw expected(name, "a number", value);
  return n;
}

/** `{doc | dateLine}` → "Hà Nội, ngày 05 tháng 3 năm 2026" (an object with place and issuedOn), or an ISO date alone. */
const dateLineFormatter: Formatter = (value) => {
  if (typeof value === "string") return longDateVi(isoDateOf("dateLine", value));
  if (isRecord(value) && typeof value.place === "string") {
    return dateLine(value.place, isoDateOf("dateLine", value.issuedOn));
  }
  throw expected("dateLine", "an ISO date or { place, issuedOn }", value);
};

/** `{x | percent}`: a fraction (0.9206 → "92,06%") or recorded counts { part, total } (total 0 → "không xác định"). */
const percent: Formatter = (value) => {
  if (isRecord(value) && "total" in value) {
    return formatRate(numberOf("percent", value.part), numberOf("percent", value.total));
  }
  return formatPercent(numberOf("percent", value));
};

/** `{doc | symbol}` → "07-CV/UBKTTU" from { number, typeCode, issuerAbbr }. */
const symbol: Formatter = (value) => {
  if (!isRecord(value) || typeof value.typeCode !== "string" || typeof value.issuerAbbr !== "string") {
    throw expected("symbol", "{ number, typeCode, issuerAbbr }", value);
  }
  return documentSymbol(numberOf("symbol", value.number), value.typeCode, value.issuerAbbr);
};

/** `{names | recipients}`: one line each ("- A;" … "- C."), joined by line breaks (renderDocx has linebreaks on). */
const recipients: Formatter = (value) => {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw expected("recipients", "a list of names", value);
  }
  return recipientLines(value).join("\n");
};

export const FORMATTERS: Formatters = Object.freeze({
  dateLine: dateLineFormatter,
  longDate: (v: unknown) => longDateVi(isoDateOf("longDate", v)),
  shortDate: (v: unknown) => shortDateVi(isoDateOf("shortDate", v)),
  number: (v: unknown) => formatInteger(numberOf("number", v)),
  percent,
  upper: (v: unknown) => {
    if (typeof v !== "string" && typeof v !== "number") throw expected("upper", "text", v);
    return upperVi(nfc(String(v)));
  },
  recipients,
  symbol,
  words: (v: unknown) => countWithWords(numberOf("words", v)),
});
