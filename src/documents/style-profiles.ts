// Layout settings that differ between party document rules (DOMAIN.md "Party document format": every number
// lives in a named profile). A profile is a JSON file in ./profiles/ named after its code; a new rule set is a
// new file, not code. templates/build.ts builds the layouts from it and document-data.ts takes its texts.
import { readdirSync, readFileSync } from "node:fs";
import { z } from "zod";

const mm = z.number().min(0).max(500);
const pt = z.number().min(4).max(72);
const text = z.string().min(1);

export const ElementStyleSchema = z.strictObject({
  sizePt: pt,
  bold: z.boolean().default(false),
  italic: z.boolean().default(false),
  underline: z.boolean().default(false),
  caps: z.boolean().default(false),
  /** A box drawn round the text itself (the confidentiality mark). */
  boxed: z.boolean().default(false),
});
export type ElementStyle = z.infer<typeof ElementStyleSchema>;

/** Every element a layout prints; a profile must style each one. */
export const ELEMENT_NAMES = [
  "superior",
  "issuer",
  "star",
  "numberLine",
  "subject",
  "confidentiality",
  "urgency",
  "draft",
  "motto",
  "dateLine",
  "title",
  "titleSubject",
  "addresseeLabel",
  "addressee",
  "body",
  "heading",
  "tableHeader",
  "tableCell",
  "signerCapacity",
  "signerTitle",
  "signerName",
  "copiesLabel",
  "copies",
  "pageNumber",
] as const;
export type ElementName = (typeof ELEMENT_NAMES)[number];

const ElementsSchema = z.strictObject(
  Object.fromEntries(ELEMENT_NAMES.map((name) => [name, ElementStyleSchema])) as Record<
    ElementName,
    typeof ElementStyleSchema
  >,
);

const ColumnsSchema = z.strictObject({ leftMm: mm, rightMm: mm });

export const StyleProfileSchema = z
  .strictObject({
    code: z.string().regex(/^[A-Za-z0-9-]+$/, "mã chỉ gồm chữ, số và dấu gạch ngang"),
    name: text,
    page: z.strictObject({
      widthMm: mm,
      heightMm: mm,
      marginsMm: z.strictObject({ top: mm, bottom: mm, left: mm, right: mm, header: mm, footer: mm }),
    }),
    font: z.strictObject({ ascii: text, hAnsi: text, eastAsia: text, cs: text, sizePt: pt, lang: text }),
    elements: ElementsSchema,
    paragraph: z.strictObject({
      bodyFirstLineMm: mm,
      bodyBeforePt: z.number().min(0).max(72),
      /** null: single spacing. */
      lineExactPt: pt.nullable(),
      addresseeIndentMm: mm,
      addresseeItemIndentMm: mm,
    }),
    header: ColumnsSchema.extend({
      /** The shortest the rule under the motto may be; it is never shorter than the motto itself. */
      mottoRuleMm: mm,
      /** Left and right padding of the header cells. */
      cellMarginPt: z.number().min(0).max(20),
      /** How far the header table may reach into the left margin so a committee's name fits on one line. */
      maxOutdentMm: mm,
      /** Room left beside the widest line a cell must hold (rounding, renderer differences). */
      fitSlackPt: z.number().min(0).max(20),
    }),
    title: z.strictObject({ beforePt: z.number().min(0).max(72), ruleMm: mm }),
    footer: ColumnsSchema.extend({ signatureSpaceLines: z.number().int().min(1).max(10) }),
    pageNumber: z.strictObject({
      fromPage: z.union([z.literal(1), z.literal(2)]),
      position: z.enum(["top", "bottom"]),
      align: z.enum(["left", "center", "right"]),
    }),
    text: z.strictObject({
      motto: text,
      star: text,
      numberPrefix: z.string(),
      /** "V/v " before a công văn's subject; "" where the rules drop it. */
      subjectPrefix: z.string(),
      addresseeLabel: text,
      copiesLabel: text,
      asAbove: text,
      archiveLine: text,
      signerCapacity: text,
      draft: z.string().includes("{n}", { message: 'phải chứa "{n}"' }),
      /** The mark on a request's preview before approval ("DỰ THẢO"): not issued, not numbered. */
      previewMark: text,
    }),
    marks: z.strictObject({
      confidentiality: z.strictObject({ mat: text, toi_mat: text, tuyet_mat: text }),
      urgency: z.strictObject({ khan: text, thuong_khan: text, hoa_toc: text }),
    }),
  })
  .superRefine((p, ctx) => {
    // The header and footer tables span the text width; 1 mm of slack absorbs rounding in the JSON.
    const m = p.page.marginsMm;
    const textWidth = p.page.widthMm - m.left - m.right;
    for (const part of ["header", "footer"] as const) {
      if (Math.abs(p[part].leftMm + p[part].rightMm - textWidth) > 1) {
        ctx.addIssue({
          code: "custom",
          path: [part],
          message: `leftMm + rightMm phải bằng chiều rộng vùng chữ (${textWidth} mm)`,
        });
      }
    }
  });

export type StyleProfile = z.infer<typeof StyleProfileSchema>;

export const DEFAULT_PROFILE_CODE = "HD36-2018";
const PROFILE_DIR = new URL("./profiles/", import.meta.url);

/** Parses one profile file's JSON; the error names the file and every bad field. */
export function parseStyleProfile(json: unknown, source: string): StyleProfile {
  const result = StyleProfileSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`style profile ${source} is invalid:\n  ${issues.join("\n  ")}`);
  }
  return result.data;
}

function loadProfiles(): Map<string, StyleProfile> {
  const profiles = new Map<string, StyleProfile>();
  for (const file of readdirSync(PROFILE_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const profile = parseStyleProfile(JSON.parse(readFileSync(new URL(file, PROFILE_DIR), "utf8")), file);
    // The file name is the code so a committee's style_profile column can be checked against the folder.
    if (`${profile.code}.json` !== file) throw new Error(`style profile ${file} has code ${profile.code}`);
    profiles.set(profile.code, profile);
  }
  return profiles;
}

let cache: Map<string, StyleProfile> | undefined;

/** Every profile in ./profiles/, read and validated once. */
export function styleProfiles(): ReadonlyMap<string, StyleProfile> {
  cache ??= loadProfiles();
  return cache;
}

export function findStyleProfile(code: string): StyleProfile | undefined {
  return styleProfiles().get(code);
}

/** The named profile; an unknown code falls back to HD36-2018, as before profiles were data. */
export function styleProfile(code: string): StyleProfile {
  const profile = findStyleProfile(code) ?? findStyleProfile(DEFAULT_PROFILE_CODE);
  if (!profile)
    throw new Error(`style profile ${DEFAULT_PROFILE_CODE} is missing from ${PROFILE_DIR.pathname}`);
  return profile;
}

/** 1 mm = 1440/25.4 twips; rounded, A4 is 11906 × 16838 and the 20/20/30/15 margins 1134/1134/1701/850. */
export function mmToTwips(value: number): number {
  return Math.round((value * 1440) / 25.4);
}
