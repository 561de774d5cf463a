import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldVi } from "../../src/search/fold.js";
import { searchTerms, tsqueryOf } from "../../src/search/query.js";
import { snippetOf } from "../../src/search/snippet.js";
import { proposeLetterFields } from "../../src/registers/propose.js";

const VIETNAMESE = [
  ..."aàáạảãâầấậẩẫăằắặẳẵeèéẹẻẽêềếệểễiìíịỉĩoòóọỏõôồốộổỗơờớợởỡuùúụủũưừứựửữyỳýỵỷỹdđ AĂÂĐEÊOÔƠUƯ0123456789,.-",
];
const vietnameseText = fc.array(fc.constantFrom(...VIETNAMESE), { maxLength: 80 }).map((a) => a.join(""));

describe("Vietnamese folding for search", () => {
  it("folds tone marks, hats and đ, whatever the case and the old or new tone placement", () => {
    expect(foldVi("Kỷ LUẬT Đảng")).toBe("ky luat dang");
    expect(foldVi("uỷ ban")).toBe(foldVi("ủy ban"));
    expect(searchTerms("  Kỷ-luật,  ĐẢNG viên!! kỷ ")).toEqual(["ky", "luat", "dang", "vien"]);
    expect(tsqueryOf(["ky", "luat"])).toBe("ky & luat");
    expect(tsqueryOf(searchTerms("!!! ..."))).toBeNull();
  });

  it("keeps every offset: one character in, one out, and only ASCII letters and digits in the terms", () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        const folded = foldVi(text);
        expect(folded.length).toBe(text.length);
        expect(foldVi(folded)).toBe(folded);
        for (const t of searchTerms(text)) expect(t).toMatch(/^[a-z0-9]+$/);
      }),
    );
  });

  it("marks exactly the words that match, in the original spelling", () => {
    fc.assert(
      fc.property(vietnameseText, vietnameseText, (before, after) => {
        const text = `${before} Xem xét kỷ luật ${after}`;
        const s = snippetOf(text, ["ky", "luat"], 400);
        const marked = s.highlights.map(([a, b]) => foldVi(s.text.slice(a, b)));
        expect(marked.length).toBeGreaterThanOrEqual(2);
        for (const m of marked) expect(["ky", "luat"]).toContain(m);
      }),
    );
  });
});

describe("proposals for a received letter", () => {
  it("reads the number, date, issuer and subject of a party letter", () => {
    const text = [
      "TỈNH ỦY NGHỆ AN",
      "ỦY BAN KIỂM TRA",
      "*",
      "Số 15-CV/UBKTTU",
      "V/v đề nghị cử cán bộ tham gia Đoàn kiểm tra",
      "ĐẢNG CỘNG SẢN VIỆT NAM",
      "Nghệ An, ngày 05 tháng 3 năm 2026",
    ].join("\n");
    expect(proposeLetterFields(text)).toEqual({
      symbol: "15-CV/UBKTTU",
      issuedOn: "2026-03-05",
      issuerName: "ỦY BAN KIỂM TRA TỈNH ỦY NGHỆ AN",
      summary: "đề nghị cử cán bộ tham gia Đoàn kiểm tra",
    });
  });

  it("reads a state-format number and a titled document, and refuses an impossible date", () => {
    const p = proposeLetterFields(
      "ỦY BAN NHÂN DÂN\nSố: 12/UBND-VP\nKẾ HOẠCH\nKiểm tra chuyên đề năm 2026\nngày 31 tháng 2 năm 2026",
    );
    expect(p.symbol).toBe("12/UBND-VP");
    expect(p.summary).toBe("Kiểm tra chuyên đề năm 2026");
    expect(p.issuedOn).toBeNull();
  });

  it("proposes nothing for a file without text, and never throws on any text", () => {
    expect(proposeLetterFields(null)).toEqual({
      symbol: null,
      issuedOn: null,
      issuerName: null,
      summary: null,
    });
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => void proposeLetterFields(s)));
  });
});
