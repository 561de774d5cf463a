// What a template of each layout must print (without this check a MẬT letter was once issued with no "MẬT" on it and no body).
// Checked on the tags found in the upload, before it is accepted.
import { LAYOUTS, type LayoutName } from "../domain/kinds/layouts.js";
import type { ScannedTag } from "./template-scan.js";

interface Requirement {
  what: string;
  /** Tag paths (spaces removed, the part before "|"), any of which satisfies it. */
  anyOf: string[];
}

const COMMON: Requirement[] = [
  { what: "số văn bản", anyOf: ["doc.number", "doc.symbol", "doc"] },
  { what: "nội dung văn bản (vòng lặp {#body}…{/body})", anyOf: ["#body"] },
  { what: "độ mật (MẬT, TỐI MẬT, TUYỆT MẬT)", anyOf: ["marks.confidentiality"] },
  { what: "độ khẩn (KHẨN, THƯỢNG KHẨN, HỎA TỐC)", anyOf: ["marks.urgency"] },
  { what: "dấu dự thảo của bản xem trước", anyOf: ["marks.draft"] },
  { what: "thẩm quyền ký (T/M ỦY BAN KIỂM TRA)", anyOf: ["signer.capacity"] },
  { what: "chức vụ người ký", anyOf: ["signer.title"] },
  { what: "họ tên người ký", anyOf: ["signer.name"] },
  { what: "nơi nhận (vòng lặp {#copies}…{/copies})", anyOf: ["#copies"] },
];

function requirements(layout: LayoutName): Requirement[] {
  const spec = LAYOUTS[layout];
  return [
    ...COMMON,
    ...(spec.addressee
      ? [{ what: "người nhận sau “Kính gửi:” ({#recipients}…)", anyOf: ["#recipients"] }]
      : []),
    ...(spec.table
      ? [
          { what: "bảng (hàng lặp {#rows}…{/rows})", anyOf: ["#rows"] },
          { what: "phần sau bảng ({#afterTable}…{/afterTable})", anyOf: ["#afterTable"] },
        ]
      : []),
  ];
}

const pathOf = (raw: string) => raw.replace(/\s+/g, "").split("|")[0] ?? "";

/** The requirements of the layout that no tag of the template meets. */
export function missingRequirements(layout: string, tags: readonly ScannedTag[]): string[] {
  if (!Object.hasOwn(LAYOUTS, layout)) return [];
  const present = new Set(tags.map((t) => pathOf(t.raw)));
  return requirements(layout as LayoutName)
    .filter((r) => !r.anyOf.some((p) => present.has(p)))
    .map((r) => r.what);
}
