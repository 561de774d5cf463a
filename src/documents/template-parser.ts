// Our own docxtemplater parser: a tag is a dotted path with optional `| formatter` pipes, nothing else.
// Templates are uploaded by people, so no expression language (angular-expressions has had four RCE CVEs):
// no calls, no brackets, no operators, no prototype access, formatters only from a closed registry.

export type Formatter = (value: unknown) => unknown;
export type Formatters = Readonly<Record<string, Formatter>>;

/** Thrown when a tag is not a plain path with known formatters; docxtemplater reports it at compile time. */
export class TemplateTagError extends Error {
  readonly tag: string;

  constructor(tag: string, reason: string) {
    super(`thẻ “{${tag}}” không được phép: ${reason}`);
    this.name = "TemplateTagError";
    this.tag = tag;
  }
}

/** The subset of docxtemplater's parser context we rely on (docxtemplater.d.ts, DXT.ParserContext). */
export interface ScopeContext {
  scopeList: readonly unknown[];
  num: number;
}

export interface TagParser {
  get(scope: unknown, context?: ScopeContext): unknown;
}

interface CompiledTag {
  path: readonly string[]; // empty for `.`, the current item
  pipes: readonly Formatter[];
}

// Letters (Vietnamese included), digits, `_` and `$`; never starting with a digit.
const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;
const FORBIDDEN_NAMES = new Set(["constructor", "__proto__", "prototype"]);
const MAX_CACHED_TAGS = 10_000;

function checkName(tag: string, name: string, what: string): void {
  if (!IDENTIFIER.test(name)) {
    const shown = name === "" ? "tên rỗng" : `“${name}”`;
    throw new TemplateTagError(
      tag,
      `${shown} không phải ${what} hợp lệ; dùng đường dẫn có dấu chấm như a.b.c và nếu cần “| định dạng”`,
    );
  }
  if (FORBIDDEN_NAMES.has(name)) {
    throw new TemplateTagError(tag, `“${name}” là tên dành riêng`);
  }
}

function compilePath(tag: string, source: string): string[] {
  if (source === ".") return [];
  const segments = source.split(".").map((s) => s.trim());
  for (const segment of segments) checkName(tag, segment, "tên trường");
  return segments;
}

function compilePipe(tag: string, name: string, formatters: Formatters): Formatter {
  checkName(tag, name, "tên định dạng");
  const formatter = Object.hasOwn(formatters, name) ? formatters[name] : undefined;
  if (typeof formatter !== "function") {
    const known = Object.keys(formatters).sort().join(", ") || "không có";
    throw new TemplateTagError(tag, `không có định dạng “${name}” (có: ${known})`);
  }
  return formatter;
}

export function compileTag(tag: string, formatters: Formatters): CompiledTag {
  const [pathSource = "", ...pipeSources] = tag.split("|").map((s) => s.trim());
  return {
    path: compilePath(tag, pathSource),
    pipes: pipeSources.map((name) => compilePipe(tag, name, formatters)),
  };
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

function resolvePath(scope: unknown, path: readonly string[]): unknown {
  let current = scope;
  for (const segment of path) {
    if (!isObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

// docxtemplater calls a function value with (scope, scopeManager): data must never become code.
function rejectFunction(tag: string, value: unknown): unknown {
  if (typeof value === "function") {
    throw new TemplateTagError(tag, "giá trị là một hàm; mẫu chỉ nhận dữ liệu, không nhận mã");
  }
  return value;
}

function evaluate(tag: string, compiled: CompiledTag, scope: unknown, context?: ScopeContext): unknown {
  const scopes = context?.scopeList ?? [scope];
  const innermost = context?.num ?? scopes.length - 1;
  // The loop item first, then its parents: `{text}` in `{#body}` reads body[i].text, then the root.
  let value: unknown;
  for (let i = innermost; i >= 0 && value == null; i--) {
    value = resolvePath(scopes[i], compiled.path);
  }
  if (value == null) return undefined; // the nullGetter decides what a missing value means
  rejectFunction(tag, value);
  for (const pipe of compiled.pipes) value = rejectFunction(tag, pipe(value));
  return value;
}

/**
 * A docxtemplater `parser` option. Compiled tags are cached per parser (per formatter registry),
 * so build one parser per registry and reuse it across renders.
 */
export function createTemplateParser(formatters: Formatters = {}): (tag: string) => TagParser {
  const cache = new Map<string, CompiledTag>();
  return (rawTag: string): TagParser => {
    const tag = rawTag.trim();
    let compiled = cache.get(tag);
    if (!compiled) {
      compiled = compileTag(tag, formatters);
      if (cache.size >= MAX_CACHED_TAGS) cache.clear();
      cache.set(tag, compiled);
    }
    const ready = compiled;
    return { get: (scope, context) => evaluate(tag, ready, scope, context) };
  };
}
