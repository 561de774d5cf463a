// A request kind's payload schema, turned into form fields: one form per kind, generated from the kind's schema.
// The fields come from the same zod schema the API validates with, through its JSON Schema.
import { z } from "zod";
import type { RequestKind } from "../domain/kinds/kind.js";

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: string[];
  const?: string;
  oneOf?: JsonSchema[];
  format?: string;
  description?: string;
  minItems?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

interface Base {
  name: string;
  label: string;
  required: boolean;
}
export type Field =
  | (Base & { kind: "text" | "textarea" | "date" | "number" | "email" | "tel" })
  | (Base & { kind: "select"; options: { value: string; label: string }[] })
  | (Base & { kind: "lines" })
  | (Base & { kind: "group"; fields: Field[] })
  | (Base & { kind: "rows"; min: number; fields: (prefix: string) => Field[] })
  | (Base & { kind: "variant"; options: { value: string; label: string; fields: Field[] }[] });

/** Labels for properties the schemas leave undescribed. */
const FIELD_LABELS: Record<string, string> = {
  plan: "Kế hoạch kiểm tra",
  staff: "Cán bộ đề nghị cử",
  contact: "Người liên hệ",
  member: "Đảng viên",
  concerned: "Đối tượng",
  about: "Đối tượng",
  team: "Thành phần đoàn",
  name: "Họ và tên",
  position: "Chức vụ",
  phone: "Điện thoại",
  email: "E-mail",
  from: "Từ ngày",
  to: "Đến ngày",
  type: "Loại",
  year: "Năm",
  term: "Nhiệm kỳ (ví dụ 2025-2030)",
  details: "Chi tiết",
  count: "Số lượng",
  profile: "Yêu cầu",
};

/** Vietnamese names of the schemas' enumerated values. */
export const ENUM_LABELS: Record<string, string> = {
  kiem_tra: "Kiểm tra",
  giam_sat: "Giám sát",
  dang_vien: "Đảng viên",
  to_chuc_dang: "Tổ chức đảng",
  khien_trach: "Khiển trách",
  canh_cao: "Cảnh cáo",
  cach_chuc: "Cách chức",
  khai_tru: "Khai trừ",
  to_cao: "Tố cáo",
  khieu_nai_ky_luat: "Khiếu nại kỷ luật đảng",
  truc_tiep: "Trực tiếp",
  buu_chinh: "Bưu chính",
  giao_lien: "Giao liên",
  mang_noi_bo: "Mạng nội bộ",
  nam: "Hằng năm",
  toan_khoa: "Toàn khóa",
};

const labelOf = (key: string, s: JsonSchema) => s.description ?? FIELD_LABELS[key] ?? key;

/** A oneOf whose every alternative has a constant `type`: each alternative's value and its other properties. */
function variantsOf(s: JsonSchema): { value: string; rest: JsonSchema }[] | undefined {
  if (!s.oneOf) return undefined;
  const variants = [];
  for (const o of s.oneOf) {
    const { type, ...properties } = o.properties ?? {};
    if (!type?.const) return undefined;
    variants.push({ value: type.const, rest: { ...o, properties } });
  }
  return variants;
}

function fieldOf(key: string, s: JsonSchema, name: string, required: boolean): Field {
  const label = labelOf(key, s);
  const variants = variantsOf(s);
  if (variants) {
    return {
      kind: "variant",
      name,
      label,
      required,
      options: variants.map(({ value, rest }) => ({
        value,
        label: ENUM_LABELS[value] ?? value,
        fields: groupFields(rest, name),
      })),
    };
  }
  if (s.type === "object") return { kind: "group", name, label, required, fields: groupFields(s, name) };
  if (s.type === "array") {
    const item = s.items ?? {};
    if (item.type === "object") {
      return {
        kind: "rows",
        name,
        label,
        required,
        min: s.minItems ?? 1,
        fields: (p) => groupFields(item, p),
      };
    }
    return { kind: "lines", name, label, required };
  }
  if (s.enum) {
    return {
      kind: "select",
      name,
      label,
      required,
      options: s.enum.map((v) => ({ value: v, label: ENUM_LABELS[v] ?? v })),
    };
  }
  if (s.type === "integer" || s.type === "number") return { kind: "number", name, label, required };
  if (s.format === "date") return { kind: "date", name, label, required };
  if (s.format === "email") return { kind: "email", name, label, required };
  if (key === "phone") return { kind: "tel", name, label, required };
  if ((s.maxLength ?? 0) > 500) return { kind: "textarea", name, label, required };
  return { kind: "text", name, label, required };
}

function groupFields(s: JsonSchema, prefix: string): Field[] {
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).map(([key, child]) =>
    fieldOf(key, child, `${prefix}.${key}`, required.has(key)),
  );
}

const cache = new WeakMap<object, Field[]>();

/** The payload fields of a kind, named "payload.<path>" as the API names them in its errors. */
export function kindFields(kind: RequestKind<unknown>): Field[] {
  let fields = cache.get(kind);
  if (!fields) {
    const schema = z.toJSONSchema(kind.payloadSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    fields = groupFields(schema, "payload");
    cache.set(kind, fields);
  }
  return fields;
}

/** The property a field fills in its object: the last part of its dotted name. */
export const keyOf = (f: Field): string => f.name.slice(f.name.lastIndexOf(".") + 1);

export type FormInput = Record<string, string>;

/**
 * The payload a form describes. Nothing is judged here: an empty required field is sent as "" and a mistyped
 * number as the text typed, so the API answers with its own messages.
 */
export function valuesOf(fields: Field[], form: FormInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const value = fieldValue(f, form);
    // An optional list left empty is left out (its default applies); a required one is sent for the API to refuse.
    if (value === undefined || (!f.required && Array.isArray(value) && value.length === 0)) continue;
    out[keyOf(f)] = value;
  }
  return out;
}

function fieldValue(f: Field, form: FormInput): unknown {
  const raw = (form[f.name] ?? "").trim();
  switch (f.kind) {
    case "group": {
      const v = valuesOf(f.fields, form);
      return Object.keys(v).length || f.required ? v : undefined;
    }
    case "variant": {
      const chosen = f.options.find((o) => o.value === (form[`${f.name}.type`] ?? "").trim());
      if (!chosen) return f.required ? {} : undefined;
      return { type: chosen.value, ...valuesOf(chosen.fields, form) };
    }
    case "rows":
      return rowIndexes(f.name, form)
        .map((i) => valuesOf(f.fields(`${f.name}.${i}`), form))
        .filter((row) => Object.values(row).some((v) => v !== ""));
    case "lines":
      return raw
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
    case "number":
      if (raw === "") return f.required ? "" : undefined;
      return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    default:
      return raw === "" && !f.required ? undefined : raw;
  }
}

/** The row numbers a form holds for a list of items ("payload.team.0.name" …), in order. */
export function rowIndexes(name: string, form: FormInput): number[] {
  const found = new Set<number>();
  const prefix = `${name}.`;
  for (const key of Object.keys(form)) {
    if (!key.startsWith(prefix)) continue;
    const i = Number(key.slice(prefix.length).split(".")[0]);
    if (Number.isInteger(i) && i >= 0 && i < 200) found.add(i);
  }
  return [...found].sort((a, b) => a - b);
}

/** Every field name the form renders for these values (to link errors to fields). */
export function fieldNames(fields: Field[], form: FormInput, extraRow?: string): Set<string> {
  const names = new Set<string>();
  const walk = (list: Field[]) => {
    for (const f of list) {
      names.add(f.name);
      if (f.kind === "group") walk(f.fields);
      if (f.kind === "variant") {
        names.add(`${f.name}.type`);
        for (const o of f.options) walk(o.fields);
      }
      if (f.kind === "rows") for (const i of rowsToShow(f, form, extraRow)) walk(f.fields(`${f.name}.${i}`));
    }
  };
  walk(fields);
  return names;
}

/** The rows a list shows: those typed so far, at least its minimum, and one more when asked to add. */
export function rowsToShow(
  f: Extract<Field, { kind: "rows" }>,
  form: FormInput,
  extraRow?: string,
): number[] {
  const typed = rowIndexes(f.name, form);
  const rows = typed.length ? typed : [];
  const last = rows.at(-1);
  let next = last === undefined ? 0 : last + 1;
  while (rows.length < Math.max(f.min, 1)) rows.push(next++);
  if (extraRow === f.name) rows.push(next);
  return rows;
}

/** An error's field as the form names it: itself, or the nearest field that holds it ("….organisations.2"). */
export function fieldForError(field: string | undefined, names: Set<string>): string | undefined {
  if (!field) return undefined;
  let path = field;
  for (;;) {
    if (names.has(path)) return path;
    const cut = path.lastIndexOf(".");
    if (cut < 0) return undefined;
    path = path.slice(0, cut);
  }
}

/** The form that describes a payload (the reverse of valuesOf): to start a form from the kind's sample. */
export function inputOf(fields: Field[], value: Record<string, unknown>, into: FormInput = {}): FormInput {
  for (const f of fields) {
    const v = value[keyOf(f)];
    if (v === undefined || v === null) continue;
    if (f.kind === "group") inputOf(f.fields, v as Record<string, unknown>, into);
    else if (f.kind === "variant") {
      const type = (v as { type?: string }).type ?? "";
      into[`${f.name}.type`] = type;
      const chosen = f.options.find((o) => o.value === type);
      if (chosen) inputOf(chosen.fields, v as Record<string, unknown>, into);
    } else if (f.kind === "rows" && Array.isArray(v)) {
      for (const [i, row] of v.entries())
        inputOf(f.fields(`${f.name}.${i}`), row as Record<string, unknown>, into);
    } else if (f.kind === "lines" && Array.isArray(v)) into[f.name] = v.join("\n");
    else into[f.name] = String(v);
  }
  return into;
}
