import Docxtemplater from "docxtemplater";
import PizZip from "pizzip";
import { FORMATTERS } from "./formatters.js";
import { createTemplateParser, type Formatters, type TagParser } from "./template-parser.js";
import { deflateRaw, inflateRaw } from "./zlib-gate.js";

export interface TemplateErrorDetail {
  id: string; // docxtemplater's error id, or "missing_value"
  tag: string | undefined;
  explanation: string;
  file: string | undefined;
  offset: number | undefined;
}

/** A template that cannot be rendered: bad tags, missing values, unbalanced loops, … Never retried. */
export class TemplateRenderError extends Error {
  readonly errors: readonly TemplateErrorDetail[];

  constructor(errors: readonly TemplateErrorDetail[]) {
    const first = errors.slice(0, 3).map((e) => e.explanation);
    const more = errors.length > 3 ? ` (+${errors.length - 3} more)` : "";
    super(`Template cannot be rendered: ${first.join("; ")}${more}`);
    this.name = "TemplateRenderError";
    this.errors = errors;
  }
}

// PizZip (JSZip 2) looks compressions up by name in a registry; ours deflates and inflates with Node's
// native zlib (through the thread's gate, zlib-gate.ts) instead of pako (pako's inflate was 5 % of a report's render). Same magic as pizzip's
// DEFLATE, so template parts that were not rewritten keep their already-compressed bytes.
const NODE_DEFLATE = "NODE_DEFLATE";
// Level 1, not zlib's default 6: the rewritten parts are small XML, where level 1 costs about half the time for
// about 4 % more bytes (cong-van: 5,955 instead of 5,717 bytes; measured render 1.10–1.16× bare docxtemplater
// instead of 0.96–1.11× in the same session, 2 cores; DOCX-only letters end to end 42.9–45.8 instead of 40.6–40.7/s,
// the worker's peak RSS then 230–233 instead of 210–213 MiB with more letters in flight, while a render loop alone
// peaks no higher). Bytes stay deterministic.
const DEFLATE_LEVEL = 1;
const compressions = (PizZip as unknown as { compressions: Record<string, unknown> }).compressions;
if (!compressions[NODE_DEFLATE]) {
  // pizzip reads an entry with the first compression of its magic, in the registry's order: ours goes
  // before pako's DEFLATE (kept, after it, for a caller that asks for it by name).
  const { DEFLATE, ...others } = compressions;
  for (const name of Object.keys(compressions)) delete compressions[name];
  Object.assign(compressions, others, {
    [NODE_DEFLATE]: {
      magic: "\x08\x00",
      compressInputType: "uint8array",
      uncompressInputType: "uint8array",
      compress: (input: Uint8Array) => deflateRaw(input, { level: DEFLATE_LEVEL }),
      uncompress: (input: Uint8Array) => inflateRaw(input),
    },
    DEFLATE,
  });
}

/**
 * A docxtemplater module that leaves the parts with no tag delimiter at all ("{" or "}") out of templating: a
 * letter's settings, properties and most headers and footers hold none, yet docxtemplater lexes, renders and
 * re-encodes each of them (6 of cong-van's 8 parts). A part without a delimiter renders to itself (docxtemplater would
 * at most write an empty run's <w:t xml:space="preserve"></w:t> as <w:t/>), so it is kept as the template has it,
 * compressed bytes and all; a stray "}" still reaches docxtemplater, which names it. Render 1.20–1.30× bare
 * docxtemplater instead of 1.07× (cong-van, one core, 2 cores machine).
 * (docxtemplater reads `templatedFiles` after sending "before-preparse"; the render tests check the output.)
 */
function onlyPartsWithTags() {
  let doc: { templatedFiles: string[]; zip: PizZip } | undefined;
  return {
    name: "OnlyPartsWithTags",
    optionsTransformer<O>(options: O, docxtemplater: unknown): O {
      doc = docxtemplater as typeof doc;
      return options;
    },
    on(event: string): void {
      if (event !== "before-preparse" || !doc) return;
      const { zip } = doc;
      doc.templatedFiles = doc.templatedFiles.filter((name) => {
        const bytes = storedContent(zip.files[name]);
        return bytes === undefined || bytes.includes(OPEN_BRACE) || bytes.includes(CLOSE_BRACE);
      });
    },
  };
}

// Bytes never found inside a UTF-8 sequence, so a part's bytes hold one exactly when its text does.
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * A part's uncompressed bytes, leaving the entry as it is: pizzip's own readers (asText, asUint8Array) replace an
 * entry's compressed data with its content, and the part would then be compressed again on generate.
 */
function storedContent(entry: PizZip.ZipObject | undefined): Uint8Array | undefined {
  if (!entry) return undefined;
  const data = (entry as unknown as { _data?: { getContent?: () => Uint8Array | string } })._data;
  const content = typeof data?.getContent === "function" ? data.getContent() : entry.asUint8Array();
  return typeof content === "string" ? Buffer.from(content, "latin1") : content;
}

const CONTENT_TYPES = "[Content_Types].xml";
const FALLBACK_ENTRY_DATE = new Date(2026, 0, 1);
const parsers = new WeakMap<Formatters, (tag: string) => TagParser>();

// One parser per formatter registry, so compiled tags are reused across renders.
function parserFor(formatters: Formatters): (tag: string) => TagParser {
  let parser = parsers.get(formatters);
  if (!parser) {
    parser = createTemplateParser(formatters);
    parsers.set(formatters, parser);
  }
  return parser;
}

interface DocxtemplaterError {
  message?: string;
  properties?: {
    id?: string;
    xtag?: string;
    explanation?: string;
    file?: string;
    offset?: number;
    rootError?: { message?: string };
    errors?: DocxtemplaterError[];
  };
}

function toDetail(error: DocxtemplaterError): TemplateErrorDetail {
  const p = error.properties ?? {};
  return {
    id: p.id ?? "unknown",
    tag: p.xtag,
    // Our parser's own message ("Tag {x()} is not allowed: …") says more than docxtemplater's wrapper.
    explanation: p.rootError?.message ?? p.explanation ?? error.message ?? String(error),
    file: p.file,
    offset: p.offset,
  };
}

export function toRenderError(error: unknown): unknown {
  const e = error as DocxtemplaterError;
  if (e?.properties?.id === "multi_error" && Array.isArray(e.properties.errors)) {
    return new TemplateRenderError(e.properties.errors.map(toDetail));
  }
  if (e?.properties?.id) return new TemplateRenderError([toDetail(e)]);
  return error;
}

interface NullPart {
  value: string;
  module?: string;
  offset?: number;
}

/**
 * Renders a docx template with our restricted parser. Any missing value fails the render, naming every
 * missing tag: a document with a hole is never issued. Pure: same template + data → same bytes. Templates get
 * the closed FORMATTERS registry (formatters.ts) unless a caller passes its own.
 */
export function renderDocx(template: Buffer, data: object, formatters: Formatters = FORMATTERS): Buffer {
  const missing: TemplateErrorDetail[] = [];
  // Record instead of throwing at the first hole, then fail below with the complete list.
  const nullGetter = (part: NullPart) => {
    missing.push({
      id: "missing_value",
      tag: part.value,
      explanation: `No value for tag "{${part.module === "loop" ? "#" : ""}${part.value}}"`,
      file: undefined,
      offset: part.offset,
    });
    return part.module === "loop" ? [] : "";
  };
  const zip = new PizZip(template);
  const entryDate = zip.files["word/document.xml"]?.date ?? FALLBACK_ENTRY_DATE;
  try {
    const doc = new Docxtemplater(zip, {
      paragraphLoop: true,
      linebreaks: true,
      parser: parserFor(formatters),
      nullGetter,
      errorLogging: false,
      modules: [onlyPartsWithTags()],
    });
    doc.render(data);
  } catch (error) {
    throw toRenderError(error);
  }
  if (missing.length > 0) throw new TemplateRenderError(missing);
  normaliseEntries(zip, entryDate);
  return zip.generate({
    type: "nodebuffer",
    compression: NODE_DEFLATE as "DEFLATE",
    fileOrder: packageOrder as unknown as (files: string[]) => string[],
  });
}

// docxtemplater stamps rewritten parts with the current time and adds folder entries (createFolders);
// both would make the bytes depend on the clock and neither belongs in a docx.
function normaliseEntries(zip: PizZip, date: Date): void {
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) {
      delete zip.files[name]; // not zip.remove(): on a folder it removes the files inside too
    } else {
      entry.date = date;
    }
  }
}

// pizzip passes the files record, not the string[] its index.d.ts declares for generate().
function packageOrder(files: Record<string, unknown>): string[] {
  return Object.keys(files).sort(byPackageOrder);
}

// [Content_Types].xml first, as Word writes it; the rest by name, so the order never depends on
// which parts docxtemplater happened to rewrite.
function byPackageOrder(a: string, b: string): number {
  if (a === CONTENT_TYPES || b === CONTENT_TYPES) return a === CONTENT_TYPES ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
