import PizZip from "pizzip";
import { describe, expect, it } from "vitest";
import { FORMATTERS } from "../../src/documents/formatters.js";
import { renderDocx, TemplateRenderError } from "../../src/documents/render-docx.js";
import {
  mmToTwips,
  parseStyleProfile,
  StyleProfileSchema,
  styleProfile,
  styleProfiles,
} from "../../src/documents/style-profiles.js";
import { countWithWords, formatPercent, formatRate, UNDEFINED_RATE } from "../../src/domain/vn-format.js";
import { layoutParts, zipParts } from "../../templates/build.js";

const f = (name: string, value: unknown) => FORMATTERS[name]!(value);

describe("vn-format numbers", () => {
  it("prints rates as the committees publish them", () => {
    expect(formatRate(58, 63)).toBe("92,06%");
    expect(formatRate(13, 147)).toBe("8,84%");
    expect(formatRate(17, 115)).toBe("14,78%");
    expect(formatRate(0, 0)).toBe(UNDEFINED_RATE);
    expect(formatPercent(0.5)).toBe("50,00%");
  });
  it("writes counts with words", () => {
    expect(countWithWords(2)).toBe("02 (hai)");
    expect(countWithWords(15)).toBe("15 (mười lăm)");
  });
});

describe("template formatters", () => {
  it("formats dates", () => {
    expect(f("longDate", "2026-02-03")).toBe("ngày 03 tháng 02 năm 2026");
    expect(f("shortDate", "2026-03-05")).toBe("05/3/2026");
    expect(f("dateLine", { place: "Hà Nội", issuedOn: "2026-03-05" })).toBe(
      "Hà Nội, ngày 05 tháng 3 năm 2026",
    );
    expect(f("dateLine", "2026-03-05")).toBe("ngày 05 tháng 3 năm 2026");
  });
  it("formats numbers, percentages and counts", () => {
    expect(f("number", 1234567)).toBe("1.234.567");
    expect(f("number", "1234567")).toBe("1.234.567");
    expect(f("percent", 58 / 63)).toBe("92,06%");
    expect(f("percent", { part: 13, total: 147 })).toBe("8,84%");
    expect(f("percent", { part: 0, total: 0 })).toBe("không xác định");
    expect(f("words", 2)).toBe("02 (hai)");
  });
  it("upper-cases Vietnamese, lists recipients, writes the symbol", () => {
    expect(f("upper", "ủy ban kiểm tra tỉnh ủy đắk lắk")).toBe("ỦY BAN KIỂM TRA TỈNH ỦY ĐẮK LẮK");
    expect(f("recipients", ["A", "B"])).toBe("- A;\n- B.");
    expect(f("recipients", ["A"])).toBe("A.");
    expect(f("symbol", { number: "07", typeCode: "KH", issuerAbbr: "UBKTTU" })).toBe("07-KH/UBKTTU");
  });
  it("refuses a value of the wrong kind, naming what it expected", () => {
    expect(() => f("longDate", "05/3/2026")).toThrow(/longDate.*ISO date/);
    expect(() => f("number", "nhiều")).toThrow(/number.*a number/);
    expect(() => f("symbol", {})).toThrow(/symbol/);
  });
  it("are what renderDocx uses by default, so uploaded templates can pipe through them", () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      '<w:p><w:r><w:t xml:space="preserve">{doc | dateLine} – {rate | percent} – {n | words}</w:t></w:r></w:p></w:body></w:document>';
    const template = zipParts(
      layoutParts("cong-van").map(([p, part]) => [p, p === "word/document.xml" ? xml : part] as const),
    );
    const data = {
      doc: { place: "Hà Nội", issuedOn: "2026-02-20" },
      rate: { part: 58, total: 63 },
      n: 2,
      marks: { draft: "" },
    };
    const out = new PizZip(renderDocx(template, data)).file("word/document.xml")!.asText();
    expect(out).toContain("Hà Nội, ngày 20 tháng 02 năm 2026 – 92,06% – 02 (hai)");
    expect(() => renderDocx(template, { ...data, n: "hai" })).toThrow(TemplateRenderError);
  });
});

describe("style profiles", () => {
  it("loads HD36-2018 from its JSON file", () => {
    const p = styleProfile("HD36-2018");
    expect(p.text.signerCapacity).toBe("T/M ỦY BAN KIỂM TRA");
    expect(p.text.subjectPrefix).toBe("V/v ");
    expect(p.text.archiveLine).toBe("Lưu VP");
    expect([...styleProfiles().keys()]).toContain("HD36-2018");
    expect(styleProfile("NO-SUCH").code).toBe("HD36-2018");
  });
  it("converts the A4 page and margins to the usual twips", () => {
    expect([210, 297, 20, 30, 15, 10].map(mmToTwips)).toEqual([11906, 16838, 1134, 1701, 850, 567]);
  });
  it("rejects a profile with a missing element or columns wider than the text, naming the fields", () => {
    type Json = Record<string, Record<string, unknown>>;
    const noMotto = structuredClone(styleProfile("HD36-2018")) as unknown as Json;
    delete noMotto.elements!.motto;
    expect(() => parseStyleProfile(noMotto, "bad.json")).toThrow(/bad\.json[\s\S]*elements\.motto/);
    const wide = structuredClone(styleProfile("HD36-2018")) as unknown as Json;
    wide.header!.leftMm = 100;
    expect(() => parseStyleProfile(wide, "wide.json")).toThrow(/wide\.json[\s\S]*header: leftMm \+ rightMm/);
    expect(StyleProfileSchema.safeParse(styleProfile("HD36-2018")).success).toBe(true);
  });
});
