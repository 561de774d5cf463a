import PizZip from "pizzip";
import { checkZip } from "./zip-guard.js";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

/** The paragraphs of a WordprocessingML body, in document order (table cells included), as plain NFC text. */
export function paragraphsOfDocumentXml(xml: string): string[] {
  const out: string[] = [];
  for (const p of xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []) {
    const text = (p.match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>|<w:tab\/>|<w:br\/>/g) ?? [])
      .map((run) => (run.startsWith("<w:t") && !run.startsWith("<w:tab") ? run.replace(/<[^>]+>/g, "") : " "))
      .join("");
    const line = decodeXml(text).normalize("NFC").replace(/\s+/g, " ").trim();
    if (line) out.push(line);
  }
  return out;
}

/** The text of a .docx, paragraph per line; null when it is not a readable, safe package. */
export function docxText(bytes: Buffer): string | null {
  if (checkZip(bytes).length) return null;
  try {
    const xml = new PizZip(bytes).file("word/document.xml")?.asText();
    return xml ? paragraphsOfDocumentXml(xml).join("\n") : null;
  } catch {
    return null;
  }
}
