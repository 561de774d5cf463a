// How the request kinds' letters phrase what a clerk typed: dates, periods, subjects, contacts, enumerations, and
// the punctuation and lead words the layout itself supplies.
import { documentNumberText, parseIsoDate, shortDateVi } from "../vn-format.js";
import type { Block } from "./kind.js";
import type { Contact, Period, Subject } from "./payload-fields.js";

/** "05/3/2026" */
export const d = (iso: string) => shortDateVi(parseIsoDate(iso));

export const periodText = (p: Period) => `từ ngày ${d(p.from)} đến ngày ${d(p.to)}`;

export function subjectText(s: Subject): string {
  const who = s.type === "dang_vien" ? comrade(s.name) : s.name;
  return s.details ? `${who}, ${s.details}` : who;
}

/** "01 tổ chức đảng (…) và 02 đảng viên (…)" */
export function targetsText(organisations: readonly string[], members: readonly string[]): string {
  const parts: string[] = [];
  if (organisations.length) {
    parts.push(`${documentNumberText(organisations.length)} tổ chức đảng (${organisations.join("; ")})`);
  }
  if (members.length) parts.push(`${documentNumberText(members.length)} đảng viên (${members.join("; ")})`);
  return parts.join(" và ");
}

export function contactText(c: Contact): string {
  const name = withoutLead(c.name, "đồng chí");
  return [name, c.position && clause(c.position), `điện thoại ${c.phone}`, c.email]
    .filter(Boolean)
    .join(", ");
}

export const para = (text: string): Block => ({ text });

export const heading = (text: string): Block => ({ text, heading: true });

/** Items of a list as "- …;" paragraphs, the last ending with "." (the house style of enumerations); the
 * punctuation and dash the clerk typed are the layout's, so theirs go. */
export function dashItems(items: readonly string[]): Block[] {
  return items.map((item, i) =>
    para(`- ${clause(item.replace(/^\s*[-–•+]\s*/u, ""))}${i === items.length - 1 ? "." : ";"}`),
  );
}

/** Strips a phrase the layout itself puts before the text ("Căn cứ", "Thực hiện", "về") when typed again. */
export function withoutLead(text: string, lead: string): string {
  const t = text.normalize("NFC").trimStart();
  const l = lead.normalize("NFC");
  if (t.toLocaleLowerCase("vi-VN").startsWith(l.toLocaleLowerCase("vi-VN"))) {
    const rest = t.slice(l.length);
    if (rest === "" || /^[\s:,]/u.test(rest)) return rest.replace(/^[\s:,]+/u, "");
  }
  return t;
}

/** "đồng chí Nguyễn Văn A", whether or not the clerk typed "đồng chí" before the name. */
export const comrade = (name: string) => `đồng chí ${withoutLead(name, "đồng chí")}`;

/** "Căn cứ …;" lines of a plan or programme, whether or not the clerk typed "Căn cứ" and the semicolon. */
export const basisLine = (b: string): Block => para(`Căn cứ ${clause(withoutLead(b, "Căn cứ"))};`);

/** Free text typed by a clerk, closed with a full stop if they left it open. */
export const sentence = (s: string) => (/[.!?…]$/u.test(s) ? s : `${s}.`);

/** Free text that continues a sentence: a trailing full stop or semicolon the clerk typed is dropped. */
export const clause = (s: string) => s.replace(/[\s.;,]+$/u, "");
