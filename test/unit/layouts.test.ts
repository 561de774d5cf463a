import { readFileSync } from "node:fs";
import PizZip from "pizzip";
import { describe, expect, it } from "vitest";
import { KIND_NAMES, findKind } from "../../src/domain/kinds/index.js";
import type { DocumentContent, DocumentContext, DocumentType } from "../../src/domain/kinds/kind.js";
import { LAYOUTS } from "../../src/domain/kinds/layouts.js";
import { documentData } from "../../src/documents/document-data.js";
import { renderDocx } from "../../src/documents/render-docx.js";
import {
  SAMPLE_BAO_CAO,
  SAMPLE_THONG_BAO,
  sampleContent,
  sampleContext,
} from "../../src/documents/samples.js";
import { styleProfile } from "../../src/documents/style-profiles.js";
import { buildLayout, LAYOUT_NAMES, type LayoutName, layoutPath } from "../../templates/build.js";

const profile = styleProfile("HD36-2018");
const templates = new Map(LAYOUT_NAMES.map((name) => [name, readFileSync(layoutPath(name))]));

interface Rendered {
  document: string;
  styles: string;
  firstHeader: string;
  defaultHeader: string;
}

function part(docx: Buffer, path: string): string {
  const file = new PizZip(docx).file(path);
  if (!file) throw new Error(`${path} is missing`);
  return file.asText();
}

function render(layout: LayoutName, content: DocumentContent, ctx: DocumentContext): Rendered {
  const docx = renderDocx(templates.get(layout)!, documentData(content, ctx, profile));
  return {
    document: part(docx, "word/document.xml"),
    styles: part(docx, "word/styles.xml"),
    defaultHeader: part(docx, "word/header1.xml"),
    firstHeader: part(docx, "word/header2.xml"),
  };
}

const paragraphsOf = (xml: string): string[] => xml.match(/<w:p>.*?<\/w:p>/gs) ?? [];
const textOf = (paragraph: string) =>
  [...paragraph.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");

/** The paragraph whose text is exactly `text` (or contains it, with `contains`). */
function paragraph(xml: string, text: string, contains = false): string {
  const found = paragraphsOf(xml).find((p) => (contains ? textOf(p).includes(text) : textOf(p) === text));
  if (!found) throw new Error(`no paragraph "${text}" in:\n${paragraphsOf(xml).map(textOf).join("\n")}`);
  return found;
}

const BOLD = "<w:b/>";
const ITALIC = "<w:i/>";
const CAPS = "<w:caps/>";
const size = (pt: number) => `<w:sz w:val="${pt * 2}"/>`;

// One document per type, each from the kind (or sample) that issues it.
const kindDocument = (kind: string, type: DocumentType) => {
  const k = findKind(kind)!;
  const spec = k.documents.find((d) => d.type === type)!;
  return {
    layout: spec.template as LayoutName,
    content: (ctx: DocumentContext) => spec.content(k.sample, ctx),
  };
};
const CASES: Array<{
  type: DocumentType;
  layout: LayoutName;
  content: (ctx: DocumentContext) => DocumentContent;
}> = [
  { type: "CV", ...kindDocument("staff_secondment", "CV") },
  { type: "KH", ...kindDocument("joint_inspection", "KH") },
  { type: "CTr", ...kindDocument("annual_program", "CTr") },
  { type: "TB", layout: "thong-bao", content: () => SAMPLE_THONG_BAO },
  { type: "BC", layout: "bao-cao", content: () => SAMPLE_BAO_CAO },
];

describe.each(CASES)("layout of a $type ($layout)", ({ type, layout, content }) => {
  const ctx = sampleContext(type, { issuedOn: "2026-02-03" });
  const doc = render(layout, content(ctx), ctx);

  it("sets A4 and the 20/20/30/15 mm margins in twips, titlePg, and numbers pages from 2 at the top centre", () => {
    expect(doc.document).toContain('<w:pgSz w:w="11906" w:h="16838"/>');
    expect(doc.document).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" /);
    expect(doc.document).toMatch(/<w:titlePg\/><\/w:sectPr>/);
    expect(doc.defaultHeader).toContain(" PAGE ");
    expect(doc.defaultHeader).toContain('<w:jc w:val="center"/>');
    expect(doc.firstHeader).not.toContain(" PAGE ");
  });

  it("sets Times New Roman in all four font slots", () => {
    const f = "Times New Roman";
    expect(doc.styles).toContain(`<w:rFonts w:ascii="${f}" w:hAnsi="${f}" w:eastAsia="${f}" w:cs="${f}"/>`);
  });

  it("prints the header: superior, bold issuer, *, number without a colon, ruled motto, italic date line", () => {
    expect(paragraph(doc.document, "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG")).toContain(CAPS);
    expect(paragraph(doc.document, "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG")).not.toContain(BOLD);
    expect(paragraph(doc.document, "ỦY BAN KIỂM TRA")).toContain(BOLD);
    paragraph(doc.document, "*");
    expect(paragraph(doc.document, `Số 07-${type}/UBKT`)).toContain(size(14));
    expect(doc.document).not.toContain("Số:");
    const motto = paragraph(doc.document, "ĐẢNG CỘNG SẢN VIỆT NAM");
    expect(motto).toContain(BOLD);
    expect(motto).toContain(size(15));
    expect(motto).toMatch(/<w:pBdr><w:bottom w:val="single"/);
    const date = paragraph(doc.document, "Hà Nội, ngày 03 tháng 02 năm 2026");
    expect(date).toContain(ITALIC);
  });

  it("prints the signature and the underlined, bold italic 12 pt Nơi nhận", () => {
    const capacity = paragraph(doc.document, "T/M ỦY BAN KIỂM TRA");
    expect(capacity).toContain(BOLD);
    expect(capacity).toContain(CAPS);
    expect(paragraph(doc.document, "PHÓ CHỦ NHIỆM")).toContain(CAPS);
    expect(paragraph(doc.document, "Nguyễn Thị Hằng")).toContain(BOLD);
    const label = paragraph(doc.document, "Nơi nhận:");
    for (const prop of ['<w:u w:val="single"/>', BOLD, ITALIC, size(12)]) expect(label).toContain(prop);
    expect(paragraph(doc.document, "- Lưu VP.")).toContain(size(12));
  });

  it("leaves no tag and no mark when none is set", () => {
    expect(doc.document).not.toMatch(/[{}]/);
    expect(doc.firstHeader).not.toMatch(/[{}]|Dự thảo/);
    for (const mark of ["MẬT", "KHẨN", "HỎA TỐC"])
      expect(paragraphsOf(doc.document).map(textOf)).not.toContain(mark);
  });

  it("prints the title block for every type but công văn, and Kính gửi only on a công văn", () => {
    const texts = paragraphsOf(doc.document).map(textOf);
    if (type === "CV") {
      // One addressee stands on the "Kính gửi:" line itself.
      expect(texts).toContain(`Kính gửi: ${ctx.recipient.name}.`);
      expect(paragraph(doc.document, "V/v ", true)).toContain(size(12));
      expect(paragraph(doc.document, "V/v ", true)).toContain(ITALIC);
      expect(paragraph(doc.document, "- Như trên;")).toBeTruthy();
      return;
    }
    expect(texts.some((t) => t.startsWith("Kính gửi:"))).toBe(false);
    expect(texts.some((t) => t.startsWith("V/v"))).toBe(false);
    const title = paragraph(
      doc.document,
      { KH: "KẾ HOẠCH", CTr: "CHƯƠNG TRÌNH", TB: "THÔNG BÁO", BC: "BÁO CÁO" }[type],
    );
    for (const prop of [BOLD, CAPS, size(16), '<w:jc w:val="center"/>']) expect(title).toContain(prop);
    const subject = paragraph(doc.document, content(ctx).subject);
    for (const prop of [BOLD, size(14), '<w:jc w:val="center"/>']) expect(subject).toContain(prop);
    expect(subject).not.toContain(CAPS);
    // The short rule under the subject: the next paragraph, empty, with a bottom border.
    const next = paragraphsOf(doc.document)[paragraphsOf(doc.document).indexOf(subject) + 1] ?? "";
    expect(textOf(next)).toBe("");
    expect(next).toContain("<w:pBdr><w:bottom");
    // No "Kính gửi", so no "Như trên": the addressee is the first item under "Nơi nhận:".
    expect(texts).not.toContain("- Như trên;");
    expect(texts).toContain(`- ${ctx.recipient.name};`);
  });
});

describe("layout details", () => {
  it("marks confidentiality and urgency under the number, bold caps, only when set", () => {
    const ctx = sampleContext("CV", { classification: "toi_mat", urgency: "hoa_toc" });
    const { content } = kindDocument("discipline_review", "CV");
    const doc = render("cong-van", content(ctx), ctx);
    const secret = paragraph(doc.document, "TỐI MẬT");
    for (const prop of [BOLD, CAPS, "<w:bdr "]) expect(secret).toContain(prop);
    expect(paragraph(doc.document, "HỎA TỐC")).toContain(BOLD);
    const order = ["Số 07-CV/UBKT", "TỐI MẬT", "HỎA TỐC", "ĐẢNG CỘNG SẢN VIỆT NAM"].map((t) =>
      doc.document.indexOf(`>${t}<`),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("prints Dự thảo lần 2 at the top of page 1 of a draft", () => {
    const ctx = sampleContext("KH", { draft: 2 });
    const { content } = kindDocument("joint_inspection", "KH");
    const doc = render("ke-hoach", content(ctx), ctx);
    expect(paragraph(doc.firstHeader, "Dự thảo lần 2")).toContain('<w:jc w:val="right"/>');
    expect(doc.defaultHeader).not.toContain("Dự thảo");
  });

  it("prints headings bold and flush left, other paragraphs justified with a 1 cm first-line indent", () => {
    const ctx = sampleContext("TB");
    const doc = render("thong-bao", SAMPLE_THONG_BAO, ctx);
    const headingPara = paragraph(doc.document, "I- ƯU ĐIỂM");
    expect(headingPara).toContain(BOLD);
    expect(headingPara).not.toContain("w:firstLine");
    const plain = paragraph(doc.document, "Việc tự kiểm tra", true);
    expect(plain).toContain('w:firstLine="567"');
    expect(plain).toContain('<w:jc w:val="both"/>');
    expect(plain).not.toContain(BOLD);
  });

  it("repeats the table row per item under a repeated header row (kế hoạch: the team)", () => {
    const ctx = sampleContext("KH");
    const k = findKind("joint_inspection")!;
    const team = (k.sample as { team: unknown[] }).team;
    const doc = render("ke-hoach", kindDocument("joint_inspection", "KH").content(ctx), ctx);
    expect(doc.document).toContain("<w:tblHeader/>");
    for (const header of ["STT", "Họ và tên", "Chức vụ", "Nhiệm vụ trong Đoàn"])
      paragraph(doc.document, header);
    expect(doc.document.match(/<w:tr>/g)).toHaveLength(1 + 1 + team.length + 1); // header, row, footer blocks
    paragraph(doc.document, "Trưởng đoàn");
    // The plan's closing section follows the table.
    expect(doc.document.indexOf("IV- THỜI GIAN")).toBeGreaterThan(doc.document.indexOf("Trưởng đoàn"));
  });

  it("prints computed rates in the báo cáo, and 'không xác định' for a zero total", () => {
    const doc = render("bao-cao", SAMPLE_BAO_CAO, sampleContext("BC"));
    for (const header of ["STT", "Nội dung", "Tổng số", "Có phối hợp", "Tỷ lệ"])
      paragraph(doc.document, header);
    for (const rate of ["92,06%", "14,78%", "8,84%", "không xác định"]) paragraph(doc.document, rate);
  });

  it("programme table of the chương trình", () => {
    const ctx = sampleContext("CTr");
    const doc = render("chuong-trinh", kindDocument("annual_program", "CTr").content(ctx), ctx);
    for (const header of ["STT", "Nội dung", "Thời gian", "Đơn vị chủ trì", "Đơn vị phối hợp"]) {
      paragraph(doc.document, header);
    }
    paragraph(doc.document, "Quý II/2026");
  });

  it.each(KIND_NAMES)("renders every document of %s from its sample without a hole", (name) => {
    const kind = findKind(name)!;
    for (const spec of kind.documents) {
      const ctx = sampleContext(spec.type, { classification: kind.defaultClassification });
      expect(LAYOUTS[spec.template as LayoutName].type).toBe(spec.type);
      const doc = render(spec.template as LayoutName, spec.content(kind.sample, ctx), ctx);
      expect(doc.document).not.toMatch(/[{}]/);
    }
  });
});

describe("templates/build.ts", () => {
  it.each(LAYOUT_NAMES)(
    "builds %s byte-identically to the committed file (npm run build:templates)",
    (name) => {
      const built = buildLayout(name);
      expect(built.equals(buildLayout(name))).toBe(true);
      expect(built.equals(templates.get(name)!)).toBe(true);
    },
  );
});

describe("sampleContent", () => {
  it.each(LAYOUT_NAMES)("has preview content for %s", (name) => {
    const ctx = sampleContext(LAYOUTS[name].type);
    const content = sampleContent(name, ctx);
    expect(content).toBeDefined();
    expect(render(name, content!, ctx).document).not.toMatch(/[{}]/);
  });
});
