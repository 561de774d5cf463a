import Docxtemplater from "docxtemplater";
import PizZip from "pizzip";
import { FORMATTERS } from "./formatters.js";
import { renderDocx, type TemplateErrorDetail, TemplateRenderError, toRenderError } from "./render-docx.js";
import { missingRequirements } from "./template-completeness.js";
import { templateErrorMessage } from "./template-messages.js";
import { type Place, placeOf, scanTemplate, type TemplateScan } from "./template-scan.js";
import { createTemplateParser, type Formatters } from "./template-parser.js";
import { checkZip } from "./zip-guard.js";

export interface TemplateProblem {
  code: string;
  message: string;
  /** Where, for a person: "word/document.xml, đoạn 12". */
  location?: string;
  tag?: string;
  part?: string;
  paragraph?: number;
  /** The paragraph's text around the place. */
  around?: string;
}

const MAIN_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const REQUIRED_PARTS = ["[Content_Types].xml", "_rels/.rels", "word/document.xml"];

interface StructuredTag {
  type: string;
  value: string;
  module?: string;
  subparsed?: StructuredTag[];
}

export interface InspectOptions {
  sampleData?: object;
  formatters?: Formatters;
  /** The layout it stands in for: what it must print (template-completeness.ts). */
  layout?: string;
}

function placed(problem: Omit<TemplateProblem, "location">, place: Place): TemplateProblem {
  const location = place.paragraph ? `${place.part}, đoạn ${place.paragraph}` : place.part;
  return {
    ...problem,
    part: place.part,
    location,
    ...(place.paragraph ? { paragraph: place.paragraph } : {}),
    ...(place.around !== undefined ? { around: place.around } : {}),
  };
}

/**
 * Everything wrong with an uploaded template, all at once, in Vietnamese, each with its place: zip bomb → OOXML
 * parts → every XML part parsed, bounds on size, depth and tags → what the layout must print → docxtemplater
 * syntax → forbidden tags → a render with sample data (tags the data lacks) whose output must parse again.
 * An empty list means it can be accepted. Call it through template-thread.ts: a hostile template may be slow.
 */
export function inspectTemplate(
  bytes: Buffer,
  opts: InspectOptions = {},
): { tags: string[]; problems: TemplateProblem[] } {
  const zipProblems = checkZip(bytes);
  if (zipProblems.length) {
    return {
      tags: [],
      problems: zipProblems.map((p) => ({
        code: p.code,
        message: p.message,
        ...(p.entry ? { location: p.entry, part: p.entry } : {}),
      })),
    };
  }
  let zip: PizZip;
  try {
    zip = new PizZip(bytes);
  } catch (err) {
    return {
      tags: [],
      problems: [{ code: "not_a_zip", message: `Tệp không mở được như .docx: ${String(err)}` }],
    };
  }
  const problems: TemplateProblem[] = checkParts(zip);
  const scan = scanTemplate(zip);
  problems.push(
    ...scan.problems.map(({ code, message, tag, ...place }) =>
      placed({ code, message, ...(tag ? { tag } : {}) }, place),
    ),
  );
  if (opts.layout) {
    for (const what of missingRequirements(opts.layout, scan.tags)) {
      problems.push({
        code: "missing_element",
        location: "word/document.xml",
        part: "word/document.xml",
        message: `Mẫu thiếu ${what}`,
      });
    }
  }
  // Unbounded or broken XML is never compiled: that is where the cost and the corrupt output come from.
  if (problems.some((p) => p.code !== "missing_element")) return { tags: [], problems };

  let doc: Docxtemplater;
  try {
    doc = compile(zip, opts.formatters ?? FORMATTERS);
  } catch (err) {
    const rendered = asRenderError(err);
    if (!rendered) throw err;
    return {
      tags: [],
      problems: [...problems, ...rendered.errors.map((e) => problemOf(e, scan, "template_syntax"))],
    };
  }
  const structured = compiledTags(doc);
  const tags = flattenTags(structured);
  for (const t of rawXmlTags(structured)) {
    const where = scan.tags.find((s) => s.raw === `@${t}`);
    problems.push(
      placed(
        {
          code: "raw_xml_tag",
          tag: `{@${t}}`,
          message: `Thẻ {@${t}} chèn XML thô vào văn bản và không được phép; dùng {${t}}`,
        },
        where ?? { part: "word/document.xml" },
      ),
    );
  }
  if (opts.sampleData && problems.every((p) => p.code === "missing_element"))
    problems.push(...renderSample(bytes, opts.sampleData, scan, opts.formatters));
  return { tags, problems };
}

/** The tags of a template, as written (`issuer.name`, `#body`, `body[].text`). Throws on a broken template. */
export function listTemplateTags(bytes: Buffer): string[] {
  return flattenTags(compiledTags(compile(new PizZip(bytes), FORMATTERS)));
}

function compile(zip: PizZip, formatters: Formatters): Docxtemplater {
  return new Docxtemplater(zip, {
    paragraphLoop: true,
    linebreaks: true,
    parser: createTemplateParser(formatters),
    errorLogging: false,
  });
}

/** The parsed tags of every templated part (document, headers, footers), as docxtemplater compiled them. */
function compiledTags(doc: Docxtemplater): StructuredTag[] {
  const compiled = (doc as unknown as { compiled: Record<string, { postparsed: StructuredTag[] }> }).compiled;
  return Object.values(compiled).flatMap((part) => part.postparsed);
}

function checkParts(zip: PizZip): TemplateProblem[] {
  const problems: TemplateProblem[] = REQUIRED_PARTS.filter((p) => !zip.file(p)).map((p) => ({
    code: "missing_part",
    location: p,
    message: `Thiếu phần ${p}: tệp không phải văn bản Word (.docx)`,
  }));
  const types = zip.file("[Content_Types].xml")?.asText() ?? "";
  if (types && !types.includes(MAIN_DOCUMENT_TYPE)) {
    problems.push({
      code: "not_a_document",
      location: "[Content_Types].xml",
      message: /macroEnabled/i.test(types)
        ? "Tệp có macro (.docm) không được chấp nhận; hãy lưu thành .docx"
        : "Tệp không phải văn bản Word (.docx): thiếu kiểu nội dung chính",
    });
  }
  return problems;
}

function flattenTags(parts: StructuredTag[], prefix = ""): string[] {
  const out = new Set<string>();
  for (const p of parts) {
    if (p.type !== "placeholder") continue;
    const name = `${prefix}${p.value.trim()}`;
    if (p.module === "loop") {
      out.add(`#${name}`);
      for (const inner of flattenTags(p.subparsed ?? [], `${name}[].`)) out.add(inner);
    } else out.add(p.module === "rawxml" ? `@${name}` : name);
  }
  return [...out];
}

function rawXmlTags(parts: StructuredTag[]): string[] {
  return parts.flatMap((p) => [
    ...(p.type === "placeholder" && p.module === "rawxml" ? [p.value.trim()] : []),
    ...rawXmlTags(p.subparsed ?? []),
  ]);
}

function renderSample(
  bytes: Buffer,
  data: object,
  scan: TemplateScan,
  formatters?: Formatters,
): TemplateProblem[] {
  let output: Buffer;
  try {
    output = renderDocx(bytes, data, formatters);
  } catch (err) {
    const rendered = asRenderError(err);
    if (!rendered) throw err;
    return rendered.errors.map((e) => problemOf(e, scan, "template_render"));
  }
  // What the render wrote must still be XML: a template that only breaks once filled is refused too.
  return scanTemplate(new PizZip(output))
    .problems.filter((p) => p.code === "xml_malformed")
    .map(({ code: _, message, ...place }) =>
      placed({ code: "rendered_xml_malformed", message: `Văn bản tạo từ mẫu bị hỏng: ${message}` }, place),
    );
}

function asRenderError(err: unknown): TemplateRenderError | undefined {
  const converted = toRenderError(err);
  return converted instanceof TemplateRenderError ? converted : undefined;
}

/** docxtemplater's error in Vietnamese, placed: by its offset where it has one, else where the tag is written. */
function problemOf(e: TemplateErrorDetail, scan: TemplateScan, code: string): TemplateProblem {
  const byTag = e.tag
    ? scan.tags.find((t) => t.raw === e.tag || t.raw.replace(/^[#^/@]/, "") === e.tag)
    : undefined;
  const place: Place =
    e.file && e.offset !== undefined
      ? placeOf(scan, e.file, e.offset)
      : (byTag ?? { part: e.file ?? "word/document.xml" });
  return placed(
    {
      code: e.id === "missing_value" ? "unknown_tag" : code,
      message: templateErrorMessage(e),
      ...(e.tag ? { tag: e.tag } : {}),
    },
    byTag && !e.file ? byTag : place,
  );
}
