// Builds templates/<layout>.docx for every layout from the style profile, as strings, so the bytes are
// reproducible: every part has the same fixed date and the zip entries are written in a fixed order.
// Run: npm run build:templates
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import PizZip from "pizzip";
import { DOCUMENT_TYPES } from "../src/domain/document-types.js";
import { LAYOUT_NAMES, LAYOUTS, type LayoutName } from "../src/domain/kinds/layouts.js";
import { DEFAULT_PROFILE_CODE, type StyleProfile, styleProfile } from "../src/documents/style-profiles.js";
import { documentXml } from "./document-xml.js";
import {
  appXml,
  contentTypesXml,
  coreXml,
  documentRelsXml,
  PAGE_PARTS,
  packageRelsXml,
  pagePartXml,
  settingsXml,
  stylesXml,
} from "./package.js";

// Zip entries carry a DOS timestamp without a time zone, which pizzip fills from the *local* fields
// of the Date; local midnight gives the same bytes in every TZ (Date.UTC would not).
const ZIP_ENTRY_DATE = new Date(2026, 0, 1);

export { LAYOUT_NAMES, type LayoutName };

/** The parts of a layout's package in the order they are zipped. */
export function layoutParts(
  name: LayoutName,
  profile: StyleProfile = styleProfile(DEFAULT_PROFILE_CODE),
): Array<[path: string, xml: string]> {
  const layout = LAYOUTS[name];
  return [
    ["[Content_Types].xml", contentTypesXml()],
    ["_rels/.rels", packageRelsXml()],
    ["docProps/core.xml", coreXml(DOCUMENT_TYPES[layout.type].name, profile.font.lang)],
    ["docProps/app.xml", appXml()],
    ["word/document.xml", documentXml(profile, layout)],
    ["word/styles.xml", stylesXml(profile)],
    ["word/settings.xml", settingsXml(profile)],
    ...PAGE_PARTS.map((p) => [`word/${p.file}`, pagePartXml(p, profile)] as [string, string]),
    ["word/_rels/document.xml.rels", documentRelsXml()],
  ];
}

/** Zips parts in the given order with a fixed date: the same parts give the same bytes. */
export function zipParts(parts: ReadonlyArray<readonly [path: string, xml: string]>): Buffer {
  const zip = new PizZip();
  for (const [path, xml] of parts) {
    zip.file(path, xml, { date: ZIP_ENTRY_DATE, createFolders: false });
  }
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

export function buildLayout(name: LayoutName, profile?: StyleProfile): Buffer {
  return zipParts(layoutParts(name, profile));
}

/** Where the built-in template of a layout is shipped (template-store.ts reads templates/<name>.docx). */
export function layoutPath(name: LayoutName): string {
  return fileURLToPath(new URL(`./${name}.docx`, import.meta.url));
}

const isScript = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isScript) {
  for (const name of LAYOUT_NAMES) {
    const bytes = buildLayout(name);
    writeFileSync(layoutPath(name), bytes);
    console.log(`wrote ${layoutPath(name)} (${bytes.length} bytes)`);
  }
}
