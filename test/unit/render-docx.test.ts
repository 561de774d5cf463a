import { readFileSync } from "node:fs";
import Docxtemplater from "docxtemplater";
import fc from "fast-check";
import PizZip from "pizzip";
import { describe, expect, it } from "vitest";
import { buildLayout, layoutParts, zipParts } from "../../templates/build.js";
import type { DocumentData } from "../../src/documents/document-data-types.js";
import { renderDocx, TemplateRenderError } from "../../src/documents/render-docx.js";
import { createTemplateParser, TemplateTagError } from "../../src/documents/template-parser.js";

const TEMPLATE_PATH = new URL("../../templates/cong-van.docx", import.meta.url);

function sampleData(): DocumentData {
  return {
    issuer: {
      superior: "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG",
      name: "ỦY BAN KIỂM TRA",
      abbr: "UBKTTU",
      place: "Hà Nội",
    },
    doc: {
      number: "07",
      typeCode: "CV",
      issuerAbbr: "UBKTTU",
      symbol: "07-CV/UBKTTU",
      title: "",
      subject: "V/v đề nghị cử cán bộ tham gia Đoàn kiểm tra",
      subjectText: "đề nghị cử cán bộ tham gia Đoàn kiểm tra",
      issuedOn: "2026-03-05",
      place: "Hà Nội",
      dateLine: "Hà Nội, ngày 05 tháng 3 năm 2026",
    },
    marks: { confidentiality: "", urgency: "", draft: "" },
    addresseeInline: false,
    recipients: [
      { line: "- Ủy ban Kiểm tra Đảng ủy Công an tỉnh Nghệ An;" },
      { line: "- Ủy ban Kiểm tra Đảng ủy Công an tỉnh Hà Tĩnh." },
    ],
    body: [
      {
        text: "Thực hiện Chương trình kiểm tra, giám sát năm 2026 (Điều 5 & 6 Quy chế làm việc),",
        heading: false,
      },
      { text: "Đề nghị các đồng chí gửi danh sách cán bộ trước ngày 20 tháng 3 năm 2026.", heading: false },
    ],
    rows: [],
    afterTable: [],
    copies: [{ line: "- Như trên;" }, { line: "- Lưu VP." }],
    signer: { capacity: "T/M ỦY BAN KIỂM TRA", title: "PHÓ CHỦ NHIỆM", name: "Nguyễn Thị Hằng" },
  };
}

function documentXml(docx: Buffer): string {
  const file = new PizZip(docx).file("word/document.xml");
  if (!file) throw new Error("word/document.xml is missing");
  return file.asText();
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/**
 * The công văn package with word/document.xml replaced by one paragraph per given text, and the headers
 * emptied (the first-page header holds the draft mark's tags).
 */
function templateWith(...paragraphs: string[]): Buffer {
  const body = paragraphs.map((text) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`);
  const xml = `${XML_DECL}<w:document ${W}><w:body>${body.join("")}</w:body></w:document>`;
  const replace = (path: string, part: string) => {
    if (path === "word/document.xml") return xml;
    return /^word\/header\d\.xml$/.test(path) ? `${XML_DECL}<w:hdr ${W}><w:p/></w:hdr>` : part;
  };
  return zipParts(layoutParts("cong-van").map(([path, part]) => [path, replace(path, part)] as const));
}

function renderError(template: Buffer, data: object, formatters?: Parameters<typeof renderDocx>[2]) {
  try {
    renderDocx(template, data, formatters);
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(TemplateRenderError);
    return error as TemplateRenderError;
  }
  throw new Error("expected the render to fail");
}

describe("templates/build.ts", () => {
  it("builds the same bytes every time", () => {
    expect(buildLayout("cong-van").equals(buildLayout("cong-van"))).toBe(true);
  });

  it("matches the committed templates/cong-van.docx (run npm run build:templates)", () => {
    expect(buildLayout("cong-van").equals(readFileSync(TEMPLATE_PATH))).toBe(true);
  });
});

describe("renderDocx with cong-van.docx", () => {
  const template = readFileSync(TEMPLATE_PATH);

  it("fills the header, addressees, body and signature", () => {
    const xml = documentXml(renderDocx(template, sampleData()));
    for (const text of [
      "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG",
      "Số 07-CV/UBKTTU",
      "V/v đề nghị cử cán bộ tham gia Đoàn kiểm tra",
      "Hà Nội, ngày 05 tháng 3 năm 2026",
      "Kính gửi:",
      "- Ủy ban Kiểm tra Đảng ủy Công an tỉnh Nghệ An;",
      "- Ủy ban Kiểm tra Đảng ủy Công an tỉnh Hà Tĩnh.",
      "Điều 5 &amp; 6 Quy chế làm việc",
      "Đề nghị các đồng chí gửi danh sách cán bộ trước ngày 20 tháng 3 năm 2026.",
      "- Như trên;",
      "- Lưu VP.",
      "T/M ỦY BAN KIỂM TRA",
      "PHÓ CHỦ NHIỆM",
      "Nguyễn Thị Hằng",
    ]) {
      expect(xml).toContain(text);
    }
    expect(xml).not.toMatch(/[{}]/);
  });

  it("makes one paragraph per loop item and drops the loop-marker paragraphs", () => {
    const data = sampleData();
    data.body = ["Đoạn một.", "Đoạn hai.", "Đoạn ba."].map((text) => ({ text, heading: false }));
    const xml = documentXml(renderDocx(template, data));
    const paragraphsWith = (text: string) => xml.split("<w:p>").filter((p) => p.includes(text)).length;
    expect(paragraphsWith("Đoạn ")).toBe(3);
    expect(xml).not.toContain("#body");
  });

  it("is deterministic: same input, same bytes", () => {
    const first = renderDocx(template, sampleData());
    const second = renderDocx(template, sampleData());
    expect(documentXml(first)).toBe(documentXml(second));
    expect(first.equals(second)).toBe(true);
  });

  it("fails naming every missing tag, values and loops alike", () => {
    const data: Partial<DocumentData> = sampleData();
    const signer = { ...sampleData().signer, name: null as unknown as string };
    delete data.copies;
    const error = renderError(template, { ...data, signer });
    expect(error.errors.map((e) => e.tag).sort()).toEqual(["copies", "signer.name"]);
    expect(error.message).toContain("signer.name");
  });
});

// docxtemplater writes an empty text run as <w:t/>: the same run as <w:t xml:space="preserve"></w:t>.
const sameRuns = (xml: string) => xml.replaceAll('<w:t xml:space="preserve"></w:t>', "<w:t/>");

/** Each entry's bytes as stored in a zip (compressed), read from its local file headers. */
function storedBytes(zipBytes: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (let at = 0; zipBytes.readUInt32LE(at) === 0x04034b50; ) {
    const size = zipBytes.readUInt32LE(at + 18);
    const nameLength = zipBytes.readUInt16LE(at + 26);
    const start = at + 30 + nameLength + zipBytes.readUInt16LE(at + 28);
    entries.set(
      zipBytes.toString("utf8", at + 30, at + 30 + nameLength),
      zipBytes.subarray(start, start + size),
    );
    at = start + size;
  }
  return entries;
}

describe("renderDocx leaves the parts without tags as they are", () => {
  const template = readFileSync(TEMPLATE_PATH);
  const header = (text: string) =>
    `${XML_DECL}<w:hdr ${W}><w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p></w:hdr>`;
  const withHeaders = (first: string, other: string) =>
    zipParts(
      layoutParts("cong-van").map(([path, part]) => {
        if (path === "word/header1.xml") return [path, header(other)] as const;
        return [path, path === "word/header2.xml" ? header(first) : part] as const;
      }),
    );

  it("keeps every part it would template but finds no delimiter in byte for byte, compressed as stored", () => {
    const before = storedBytes(template);
    const after = storedBytes(renderDocx(template, sampleData()));
    // The parts docxtemplater templates in a docx ([Content_Types].xml and the rels it rewrites itself).
    const templated = [...before.keys()].filter((name) =>
      /^(word\/(settings|header\d|footer\d)|docProps\/\w+)\.xml$/.test(name),
    );
    const untagged = templated.filter((name) => {
      const text = new PizZip(template).file(name)!.asText();
      return !text.includes("{") && !text.includes("}");
    });
    expect(untagged).toEqual(
      expect.arrayContaining(["word/settings.xml", "docProps/core.xml", "word/footer1.xml"]),
    );
    for (const name of untagged) expect(after.get(name)?.equals(before.get(name)!), name).toBe(true);
    expect(after.get("word/document.xml")?.equals(before.get("word/document.xml")!)).toBe(false);
  });

  it("writes every header docxtemplater itself would write (generated header texts, with and without tags)", () => {
    const xmlText = fc
      .string({
        unit: fc.oneof(
          fc.constantFrom("{doc.symbol}", "&amp;", "&lt;", "\t", " "),
          fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
          fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
        ),
      })
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 cannot carry are dropped.
      .map((text) => text.replace(/[<>&{}\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/gu, ""));
    const headerTexts = fc.tuple(
      xmlText,
      fc.oneof(
        xmlText,
        xmlText.map((t) => `Số {doc.symbol} ${t}`),
      ),
    );
    fc.assert(
      fc.property(headerTexts, ([first, other]) => {
        const template = withHeaders(first, other);
        const ours = new PizZip(renderDocx(template, sampleData()));
        const plain = new Docxtemplater(new PizZip(template), {
          paragraphLoop: true,
          linebreaks: true,
          parser: (tag) => ({
            get: (scope: { doc: { symbol: string } }) =>
              tag === "doc.symbol" ? scope.doc.symbol : undefined,
          }),
        });
        plain.render(sampleData());
        for (const name of ["word/header1.xml", "word/header2.xml"])
          expect(sameRuns(ours.file(name)!.asText()), name).toBe(
            sameRuns(plain.getZip().file(name)!.asText()),
          );
      }),
      { numRuns: 60 },
    );
  });

  it("still fills a tag in a header, and still refuses a stray brace in a part with no tag", () => {
    const docx = renderDocx(withHeaders("Số {doc.symbol}", "Trang"), sampleData());
    expect(new PizZip(docx).file("word/header2.xml")!.asText()).toContain("Số 07-CV/UBKTTU");
    const error = renderError(withHeaders("Trang", "Trang }"), sampleData());
    expect(error.errors[0]?.file).toBe("word/header1.xml");
  });
});

describe("renderDocx tag resolution", () => {
  it("resolves a loop item first, then the enclosing data; `.` is the item", () => {
    const template = templateWith(
      "{#items}",
      "{name}/{abbr}/{issuer.abbr}",
      "{/items}",
      "{#codes}",
      "[{.}]",
      "{/codes}",
    );
    const data = {
      abbr: "ROOT",
      issuer: { abbr: "UBKTTU" },
      items: [{ name: "một", abbr: "A" }, { name: "hai" }],
      codes: ["CV", "KH"],
    };
    const xml = documentXml(renderDocx(template, data));
    expect(xml).toContain("một/A/UBKTTU");
    expect(xml).toContain("hai/ROOT/UBKTTU");
    expect(xml).toContain("[CV]");
    expect(xml).toContain("[KH]");
  });

  it("applies formatters from the registry, left to right", () => {
    const template = templateWith("{doc.issuedOn | dateLine | upper}");
    const formatters = {
      dateLine: (v: unknown) => `ngày ${String(v).slice(8, 10)} tháng ${String(v).slice(5, 7)}`,
      upper: (v: unknown) => String(v).toUpperCase(),
    };
    const xml = documentXml(renderDocx(template, { doc: { issuedOn: "2026-03-05" } }, formatters));
    expect(xml).toContain("NGÀY 05 THÁNG 03");
  });

  it("never reads inherited properties", () => {
    const error = renderError(templateWith("{toString}", "{doc.hasOwnProperty}", "{items.length.toFixed}"), {
      doc: {},
      items: [],
    });
    expect(error.errors.map((e) => e.tag)).toEqual([
      "toString",
      "doc.hasOwnProperty",
      "items.length.toFixed",
    ]);
  });

  it("refuses function values instead of calling them", () => {
    let called = false;
    const data = {
      name: () => {
        called = true;
        return "x";
      },
    };
    const error = renderError(templateWith("{name}"), data);
    expect(called).toBe(false);
    expect(error.errors[0]?.explanation).toMatch(/một hàm/);
  });

  it.each([
    "constructor",
    "a.__proto__",
    "a.prototype",
    "x()",
    "a[0]",
    "a['b']",
    "a = 1",
    "a + b",
    "a..b",
    "a | nope",
    "a | constructor",
    "a | toString",
  ])("rejects {%s} when the template is compiled", (tag) => {
    const error = renderError(templateWith(`{${tag}}`), { a: { b: 1 } }, { known: (v) => v });
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]?.id).toBe("scopeparser_compilation_failed");
    expect(error.errors[0]?.explanation).toContain(`{${tag}}`);
  });

  it("reports every bad tag of a template at once", () => {
    const error = renderError(templateWith("{x()}", "{#constructor}", "{/constructor}", "{ok}"), {
      ok: "ok",
    });
    expect(error.errors.map((e) => e.tag)).toEqual(["x()", "constructor"]);
  });
});

describe("createTemplateParser", () => {
  const parse = createTemplateParser({ dateLine: (v) => v });

  it("throws a TemplateTagError with a clear reason", () => {
    expect(() => parse("x()")).toThrow(TemplateTagError);
    expect(() => parse("a.__proto__")).toThrow(/“__proto__” là tên dành riêng/);
    expect(() => parse("a | nope")).toThrow(/không có định dạng “nope” \(có: dateLine\)/);
  });

  it("accepts Vietnamese names and spaces around pipes", () => {
    const parser = parse(" ngàyBanHành | dateLine ");
    expect(
      parser.get({ ngàyBanHành: "05/3/2026" }, { scopeList: [{ ngàyBanHành: "05/3/2026" }], num: 0 }),
    ).toBe("05/3/2026");
  });
});
