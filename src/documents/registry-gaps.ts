// What a letter needs from the registry before it can be issued (without it, a letter was signed "(Chưa nhập người
// ký)" and addressed to a placeholder address left with no warning). Pure: the approval refuses with these, the
// registry page lists them, the preview shows them.
import type { CommitteeOnDate } from "../db/queries/committees.js";
import { PLACEHOLDER_SIGNER } from "../db/seed/committee-registry.js";

export type RegistrySide = "issuer" | "recipient";

export interface RegistryGap {
  committee: string;
  side: RegistrySide;
  /** The registry field (as PATCH /v1/committees/{code} names it). */
  field: string;
  message: string;
}

export const SIGNER_TITLES = ["CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Entry = Pick<
  CommitteeOnDate,
  | "code"
  | "name"
  | "email"
  | "placeholderFields"
  | "superiorLine"
  | "issuerLine"
  | "issuerAbbr"
  | "placeName"
  | "signerName"
  | "signerTitle"
>;

const blank = (s: string | null | undefined) => !s || s.trim() === "";

/** Everything the issuing committee prints: header words, number symbol, date line, signature. */
function issuerGaps(c: Entry): Array<[string, string]> {
  const gaps: Array<[string, string]> = [];
  if (blank(c.superiorLine)) gaps.push(["superiorLine", "chưa có dòng tên cơ quan cấp trên ở tiêu đề"]);
  if (blank(c.issuerLine)) gaps.push(["issuerLine", "chưa có dòng tên cơ quan ban hành ở tiêu đề"]);
  if (blank(c.issuerAbbr)) gaps.push(["issuerAbbr", "chưa có chữ viết tắt tên cơ quan trong số, ký hiệu"]);
  if (blank(c.placeName)) gaps.push(["placeName", "chưa có địa danh của dòng ngày tháng"]);
  if (
    blank(c.signerName) ||
    c.signerName === PLACEHOLDER_SIGNER ||
    c.placeholderFields.includes("signerName")
  )
    gaps.push(["signerName", "chưa nhập họ tên người ký"]);
  if (!(SIGNER_TITLES as readonly string[]).includes(c.signerTitle))
    gaps.push(["signerTitle", "chức vụ người ký phải là CHỦ NHIỆM hoặc PHÓ CHỦ NHIỆM"]);
  return gaps;
}

/** The addressee: its name after "Kính gửi:", and its address where the letter goes by e-mail. */
function recipientGaps(c: Entry, mailed: boolean): Array<[string, string]> {
  const gaps: Array<[string, string]> = [];
  if (blank(c.name)) gaps.push(["name", "chưa có tên ủy ban nhận (dòng “Kính gửi:”)"]);
  if (mailed && (c.placeholderFields.includes("email") || !EMAIL.test(c.email)))
    gaps.push(["email", "chưa nhập địa chỉ e-mail thật (đang là địa chỉ mẫu)"]);
  return gaps;
}

export function registryGaps(issuer: Entry, recipient: Entry, opts: { mailed: boolean }): RegistryGap[] {
  const of = (c: Entry, side: RegistrySide, list: Array<[string, string]>) =>
    list.map(([field, message]) => ({ committee: c.code, side, field, message }));
  return [
    ...of(issuer, "issuer", issuerGaps(issuer)),
    ...of(recipient, "recipient", recipientGaps(recipient, opts.mailed)),
  ];
}

/** What the registry page marks on one entry: everything it would lack as issuer or as e-mailed recipient. */
export function entryGaps(c: Entry): Array<{ field: string; message: string }> {
  const seen = new Set<string>();
  return [...issuerGaps(c), ...recipientGaps(c, true)]
    .filter(([field]) => !seen.has(field) && seen.add(field))
    .map(([field, message]) => ({ field, message }));
}

const SIDE_LABEL: Record<RegistrySide, string> = { issuer: "ủy ban ban hành", recipient: "ủy ban nhận" };

export function describeGap(g: RegistryGap): string {
  return `${SIDE_LABEL[g.side]} ${g.committee}: ${g.message}`;
}
