// The payload fields the request kinds share, as zod schemas: their messages are Vietnamese and reach the clerk
// as they are.
import { z } from "zod";
import { parseIsoDate, shortDateVi } from "../vn-format.js";
import type { DateFromFilingDay } from "./kind.js";

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
      message: `${x.label} (${shortDateVi(parseIsoDate(x.date))}) đã qua: không được trước ${when} ${shortDateVi(parseIsoDate(today))}`,
    }));
}
