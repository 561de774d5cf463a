import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { DocumentData } from "../../src/documents/document-data-types.js";
import { renderDocx, TemplateRenderError } from "../../src/documents/render-docx.js";
import { createRenderPool } from "../../src/documents/render-pool.js";

const template = readFileSync(new URL("../../templates/cong-van.docx", import.meta.url));

function letter(body: string[], signerName = "Nguyễn Thị Hằng"): DocumentData {
  return {
    issuer: {
      superior: "ĐẢNG ỦY CÔNG AN TỈNH NGHỆ AN",
      name: "ỦY BAN KIỂM TRA",
      abbr: "UBKTĐU",
      place: "Vinh",
    },
    doc: {
      number: "12",
      typeCode: "CV",
      issuerAbbr: "UBKTĐU",
      symbol: "12-CV/UBKTĐU",
      title: "",
      subject: "V/v phối hợp kiểm tra",
      subjectText: "phối hợp kiểm tra",
      issuedOn: "2026-04-02",
      place: "Vinh",
      dateLine: "Vinh, ngày 02 tháng 4 năm 2026",
    },
    marks: { confidentiality: "", urgency: "", draft: "" },
    recipients: [{ line: "- Ủy ban Kiểm tra Đảng ủy Công an Trung ương." }],
    body: body.map((text) => ({ text, heading: false })),
    rows: [],
    afterTable: [],
    copies: [{ line: "- Như trên;" }, { line: "- Lưu VP." }],
    signer: { capacity: "T/M ỦY BAN KIỂM TRA", title: "CHỦ NHIỆM", name: signerName },
  };
}

describe("render pool (worker threads)", () => {
  const pool = createRenderPool(2);
  afterAll(() => pool.close());

  it("writes the same bytes as renderDocx in the event loop, for any body text", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: "grapheme", minLength: 1 }), { minLength: 1, maxLength: 8 }),
        async (body) => {
          const data = letter(body);
          const [a, b] = await Promise.all([pool.render(template, data), pool.render(template, data)]);
          const here = renderDocx(template, data);
          expect(a.equals(here)).toBe(true);
          expect(b.equals(here)).toBe(true);
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);

  it("keeps many renders apart: each caller gets its own letter", { timeout: 60_000 }, async () => {
    const names = Array.from({ length: 12 }, (_, i) => `Người ký ${i}`);
    const results = await Promise.all(names.map((n) => pool.render(template, letter(["Nội dung."], n))));
    for (const [i, bytes] of results.entries()) {
      expect(bytes.equals(renderDocx(template, letter(["Nội dung."], names[i])))).toBe(true);
    }
  });

  it("fails a letter with a hole with the same TemplateRenderError, naming the tag", async () => {
    const data = { ...letter(["x"]), signer: { capacity: "T/M", title: "CHỦ NHIỆM" } };
    const error = await pool.render(template, data).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect((error as TemplateRenderError).errors.map((e) => e.tag)).toEqual(["signer.name"]);
  });

  it("renders data that cannot cross to a thread in the event loop instead", async () => {
    const data = { ...letter(["x"]), extra: () => "never called" };
    const bytes = await pool.render(template, data);
    expect(bytes.equals(renderDocx(template, data))).toBe(true);
  });
});
