// The first look at an uploaded template, before docxtemplater compiles anything: every XML part must parse
// (once, a template with malformed XML was accepted, issued a letter LibreOffice could not open, and e-mailed
// it), the structure stays within bounds (200 nested loops froze the service: compile cost grows exponentially
// with loop depth), and every tag is found with its place (part, paragraph, the text around it).
import { SaxesParser } from "saxes";
import type PizZip from "pizzip";

export const TEMPLATE_LIMITS = {
  /** Bytes of one XML part once inflated; Word's document.xml of a long letter is ~200 KB. */
  maxPartBytes: 4 * 1024 * 1024,
  /** Element nesting; Word writes ~15 (tables in tables a few more). */
  maxElementDepth: 64,
  /** `{…}` tags in the whole template; a layout has ~40. */
  maxTags: 1_000,
  /** Loops and conditions inside one another; the built-in layouts use 2. */
  maxLoopDepth: 4,
};

/** Parts docxtemplater fills (tags are looked for here). */
export const TEMPLATED_PART =
  /^(word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps\/(core|app)\.xml)$/;
const XML_PART = /\.(xml|rels)$/;
const W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

export interface Place {
  part: string;
  /** 1-based paragraph of the part, when the place is in a paragraph. */
  paragraph?: number;
  /** The paragraph's text around the place. */
  around?: string;
}

export interface ScanProblem extends Place {
  code: string;
  message: string;
  tag?: string;
}

export interface ScannedTag extends Place {
  /** As written between the braces, e.g. "#body", "doc | symbol". */
  raw: string;
}

interface Paragraph {
  /** Offset of its first character in the part's text (the coordinate docxtemplater's error offsets use). */
  start: number;
  text: string;
}

export interface TemplateScan {
  problems: ScanProblem[];
  tags: ScannedTag[];
  /** The parts' paragraphs, to place docxtemplater's errors. */
  paragraphs: Map<string, Paragraph[]>;
}

const SNIPPET = 30;

export function snippet(text: string, at: number, length = 0): string {
  const from = Math.max(0, at - SNIPPET);
  const to = Math.min(text.length, at + length + SNIPPET);
  return `${from > 0 ? "…" : ""}${text.slice(from, to)}${to < text.length ? "…" : ""}`;
}

/** Where an offset of a part's text falls: its paragraph and the text around it. */
export function placeOf(scan: TemplateScan, part: string, offset: number | undefined): Place {
  const paragraphs = scan.paragraphs.get(part);
  if (!paragraphs || offset === undefined) return { part };
  let i = paragraphs.findIndex((_, n) => offset < (paragraphs[n + 1]?.start ?? Number.POSITIVE_INFINITY));
  if (i < 0) i = paragraphs.length - 1;
  const p = paragraphs[i];
  if (!p) return { part };
  return { part, paragraph: i + 1, around: snippet(p.text, Math.max(0, offset - p.start)) };
}

interface ParsedPart {
  depth: number;
  paragraphs: Paragraph[];
}

/**
 * Parses one part with a strict XML parser (saxes: a bare "&" or an unclosed element is an error, as it is for
 * Word and LibreOffice), measuring its element depth and collecting the text of its paragraphs as it goes.
 */
function parsePart(part: string, xml: string, problems: ScanProblem[]): ParsedPart | undefined {
  const errors: string[] = [];
  let doctype = false;
  let depth = 0;
  let maxDepth = 0;
  const paragraphs: Paragraph[] = [];
  const open: string[] = []; // text of the paragraphs being read (a text box nests one in another)
  let offset = 0;
  let inText = 0;
  let plain = ""; // a part without paragraphs (docProps) is one
  const parser = new SaxesParser({ xmlns: true });
  parser.on("error", (e) => {
    if (errors.length < 3) errors.push(e.message);
  });
  parser.on("doctype", () => {
    doctype = true;
  });
  parser.on("opentag", (t) => {
    depth++;
    if (depth > maxDepth) maxDepth = depth;
    if (t.uri === W_NS && t.local === "p") open.push("");
    if (t.uri === W_NS && t.local === "t") inText++;
  });
  parser.on("closetag", (t) => {
    depth--;
    if (t.uri === W_NS && t.local === "t") inText = Math.max(0, inText - 1);
    if (t.uri === W_NS && t.local === "p") {
      const text = open.pop() ?? "";
      paragraphs.push({ start: offset, text });
      offset += text.length;
    }
  });
  parser.on("text", (text) => {
    if (inText && open.length) open[open.length - 1] += text;
    else if (!open.length) plain += text;
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    if (!errors.length) errors.push(err instanceof Error ? err.message : String(err));
  }
  if (doctype) {
    problems.push({
      part,
      code: "xml_doctype",
      message: `Phần ${part} có khai báo DOCTYPE: văn bản Word không dùng, và nó có thể chứa thực thể nguy hiểm`,
    });
    return undefined;
  }
  if (errors.length) {
    problems.push({
      part,
      code: "xml_malformed",
      message: `Phần ${part} không phải XML hợp lệ (${errors[0]}): Word và LibreOffice sẽ không mở được văn bản`,
    });
    return undefined;
  }
  return { depth: maxDepth, paragraphs: paragraphs.length ? paragraphs : [{ start: 0, text: plain }] };
}

function scanTags(part: string, paragraphs: Paragraph[], scan: TemplateScan): number {
  let depth = 0;
  let maxDepth = 0;
  for (const [n, p] of paragraphs.entries()) {
    for (const m of p.text.matchAll(/\{([^{}]*)\}/g)) {
      const raw = (m[1] ?? "").trim();
      const place: Place = { part, paragraph: n + 1, around: snippet(p.text, m.index ?? 0, m[0].length) };
      scan.tags.push({ raw, ...place });
      if (raw.startsWith("#") || raw.startsWith("^")) {
        depth++;
        if (depth > maxDepth) maxDepth = depth;
      } else if (raw.startsWith("/")) depth = Math.max(0, depth - 1);
    }
  }
  return maxDepth;
}

/** Parses every XML part, checks the bounds and collects the tags; compile only what passes. */
export function scanTemplate(zip: PizZip): TemplateScan {
  const scan: TemplateScan = { problems: [], tags: [], paragraphs: new Map() };
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir || !XML_PART.test(name)) continue;
    const xml = entry.asText();
    if (xml.length > TEMPLATE_LIMITS.maxPartBytes) {
      scan.problems.push({
        part: name,
        code: "part_too_large",
        message: `Phần ${name} quá lớn (${xml.length} ký tự, tối đa ${TEMPLATE_LIMITS.maxPartBytes})`,
      });
      continue;
    }
    const parsed = parsePart(name, xml, scan.problems);
    if (!parsed) continue;
    if (parsed.depth > TEMPLATE_LIMITS.maxElementDepth) {
      scan.problems.push({
        part: name,
        code: "xml_too_deep",
        message: `Phần ${name} lồng quá ${TEMPLATE_LIMITS.maxElementDepth} cấp phần tử XML`,
      });
      continue;
    }
    if (!TEMPLATED_PART.test(name)) continue;
    const paragraphs = parsed.paragraphs;
    scan.paragraphs.set(name, paragraphs);
    const loopDepth = scanTags(name, paragraphs, scan);
    if (loopDepth > TEMPLATE_LIMITS.maxLoopDepth) {
      scan.problems.push({
        part: name,
        code: "loops_too_deep",
        message: `Phần ${name} có vòng lặp/điều kiện lồng ${loopDepth} cấp, tối đa ${TEMPLATE_LIMITS.maxLoopDepth} cấp`,
      });
    }
  }
  if (scan.tags.length > TEMPLATE_LIMITS.maxTags) {
    scan.problems.push({
      part: "word/document.xml",
      code: "too_many_tags",
      message: `Mẫu có ${scan.tags.length} thẻ {…}, tối đa ${TEMPLATE_LIMITS.maxTags}`,
    });
  }
  return scan;
}
