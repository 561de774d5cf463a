import Docxtemplater from "docxtemplater";
import PizZip from "pizzip";
import { FORMATTERS } from "./formatters.js";
import { renderDocx, TemplateRenderError, toRenderError } from "./render-docx.js";
import { createTemplateParser, type Formatters } from "./template-parser.js";
import { checkZip } from "./zip-guard.js";

export interface TemplateProblem {
  code: string;
  message: string;
  /** The part and offset in it, e.g. "word/document.xml@1234". */
  location?: string;
  tag?: string;
}

const MAIN_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const REQUIRED_PARTS = ["[Content_Types].xml", "_rels/.rels", "word/document.xml"];

interface StructuredTag {
  type: string;
  value: string;
  module?: string;
  subparsed?: StructuredTag[];
}

/**
 * Everything wrong with an uploaded template, all at once, in words its author can act on:
 * zip bomb → OOXML parts → docxtemplater syntax (every error, with its place) → forbidden tags → tags the data lacks.
 * An empty list means it can be accepted.
 */
export function inspectTemplate(
  bytes: Buffer,
  opts: { sampleData?: object; formatters?: Formatters } = {},
): { tags: string[]; problems: TemplateProblem[] } {
  const zipProblems = checkZip(bytes);
  if (zipProblems.length) {
    return {
      tags: [],
      problems: zipProblems.map((p) => ({
        code: p.code,
        message: p.message,
        ...(p.entry ? { location: p.entry } : {}),
      })),
    };
  }
  const zip = new PizZip(bytes);
  const partProblems = checkParts(zip);
  if (partProblems.length) return { tags: [], problems: partProblems };

  let doc: Docxtemplater;
  try {
    doc = compile(zip, opts.formatters ?? FORMATTERS);
  } catch (err) {
    const rendered = asRenderError(err);
    if (!rendered) throw err;
    return { tags: [], problems: rendered.errors.map((e) => problemOf(e, "template_syntax")) };
  }
  const structured = compiledTags(doc);
  const tags = flattenTags(structured);
  const problems: TemplateProblem[] = rawXmlTags(structured).map((t) => ({
    code: "raw_xml_tag",
    tag: `{@${t}}`,
    message: `Thẻ {@${t}} chèn XML thô vào văn bản và không được phép; dùng {${t}}`,
  }));
  if (opts.sampleData && !problems.length)
    problems.push(...missingFromData(bytes, opts.sampleData, opts.formatters));
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

function missingFromData(bytes: Buffer, data: object, formatters?: Formatters): TemplateProblem[] {
  try {
    renderDocx(bytes, data, formatters);
    return [];
  } catch (err) {
    const rendered = asRenderError(err);
    if (!rendered) throw err;
    return rendered.errors.map((e) =>
      e.id === "missing_value"
        ? {
            code: "unknown_tag",
            tag: e.tag,
            message: `Dữ liệu của loại văn bản này không có trường “${e.tag}”`,
          }
        : problemOf(e, "template_render"),
    );
  }
}

function asRenderError(err: unknown): TemplateRenderError | undefined {
  const converted = toRenderError(err);
  return converted instanceof TemplateRenderError ? converted : undefined;
}

function problemOf(e: TemplateRenderError["errors"][number], code: string): TemplateProblem {
  return {
    code: e.id === "missing_value" ? "unknown_tag" : code,
    message: e.explanation,
    ...(e.tag ? { tag: e.tag } : {}),
    ...(e.file ? { location: `${e.file}${e.offset !== undefined ? `@${e.offset}` : ""}` } : {}),
  };
}
