// Schemas and phrases shared by the request kinds. Messages are Vietnamese: they reach the clerk as they are.
import { z } from "zod";
import { documentNumberText, parseIsoDate, shortDateVi } from "../vn-format.js";
import type { Block, DateFromFilingDay } from "./kind.js";

export const text = (max: number) =>
  z.string().trim().min(1, "không được để trống").max(max, `không được dài quá ${max} ký tự`);

export const isoDate = z.iso.date("phải là ngày dạng YYYY-MM-DD");

/** A list a clerk must fill in: at least one item, each item non-empty. */
export const list = (itemMax: number, max: number, empty: string) =>
  z.array(text(itemMax)).min(1, empty).max(max, `không được quá ${max} mục`);

export const PeriodSchema = z
  .object({ from: isoDate, to: isoDate })
  .refine((p) => p.from <= p.to, { message: "ngày kết thúc phải sau ngày bắt đầu", path: ["to"] });
export type Period = z.infer<typeof PeriodSchema>;

export const ContactSchema = z.object({
  name: text(120),
  position: text(200).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9 +().-]{6,20}$/, "số điện thoại không hợp lệ"),
  email: z.email("địa chỉ e-mail không hợp lệ").optional(),
});
export type Contact = z.infer<typeof ContactSchema>;

/** A party organisation or a party member: the two subjects of inspection (DOMAIN.md). */
export const SubjectSchema = z.object({
  type: z.enum(["dang_vien", "to_chuc_dang"], { error: "phải là đảng viên hoặc tổ chức đảng" }),
  name: text(300).describe("Họ tên đảng viên hoặc tên tổ chức đảng"),
  details: text(500).optional().describe("Chức vụ, đơn vị, chi bộ sinh hoạt …"),
});
export type Subject = z.infer<typeof SubjectSchema>;

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

/** The payload's dates that lie before `today` (ISO), as field issues in Vietnamese. */
export function datesBefore(
  dates: readonly DateFromFilingDay[],
  today: string,
  when = "ngày lập yêu cầu",
): { path: (string | number)[]; message: string }[] {
  return dates
    .filter((x) => x.date < today)
    .map((x) => ({
      path: x.path,
      message: `${x.label} (${d(x.date)}) đã qua: không được trước ${when} ${d(today)}`,
    }));
}
