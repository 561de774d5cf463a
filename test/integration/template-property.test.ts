// Templates cannot hurt the service, with inputs nobody wrote by hand: fast-check generates templates (random nesting of loops
// and conditions, tags split over runs at random places, unknown and broken tags, broken XML) inside the built-in
// công văn. For each, the check must answer with a verdict within its budget (the thread is terminated
// otherwise, which is a verdict too), and a template it accepts must render and open in LibreOffice.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import PizZip from "pizzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPdfConverter,
  findLibreOffice,
  type PdfConverter,
} from "../../src/documents/pdf/pdf-converter.js";
import { SAMPLE_ISSUER, SAMPLE_RECIPIENT } from "../../src/documents/samples.js";
import { sampleDataFor } from "../../src/documents/template-samples.js";
import { createTemplateThreads, type TemplateThreads } from "../../src/documents/template-thread.js";

const BASE = readFileSync(new URL("../../templates/cong-van.docx", import.meta.url));
const found = await findLibreOffice();
const sampleData = sampleDataFor("cong-van", {
  issuer: SAMPLE_ISSUER,
  recipient: SAMPLE_RECIPIENT,
  profile: "HD36-2018",
  issuedOn: "2026-03-05",
  draft: null,
})!;

type Node = { text: string } | { tag: string } | { loop: string; inverted: boolean; children: Node[] };

const LOOPS = ["body", "copies", "recipients", "marks.urgency", "marks.draft", "heading", "nope"];
const TAGS = [
  "text",
  "line",
  "doc.subject",
  "issuer.name",
  "signer.name",
  "doc | symbol",
  "doc.issuedOn | shortDate",
  "issuer.phone",
  "x()",
  "a.__proto__",
];
const BROKEN = ["{", "}", "{{doc.subject}}", "{#body", "{/}"];

const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.string({ maxLength: 12 }).map((text) => ({ text })),
    fc.constantFrom(...TAGS).map((tag) => ({ tag })),
    fc.constantFrom(...BROKEN).map((text) => ({ text })),
    fc.record({
      loop: fc.constantFrom(...LOOPS),
      inverted: fc.boolean(),
      children: fc.array(tie("node"), { maxLength: 4 }),
    }),
  ),
})).node;

function serialise(n: Node): string {
  if ("text" in n) return n.text;
  if ("tag" in n) return `{${n.tag}}`;
  return `{${n.inverted ? "^" : "#"}${n.loop}}${n.children.map(serialise).join("")}{/${n.loop}}`;
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The text cut into paragraphs and runs at the given places: how Word splits what a person typed. */
function paragraphsXml(text: string, cuts: number[], breaks: number[]): string {
  const paras: string[] = [];
  let start = 0;
  for (const b of [...new Set(breaks.map((x) => Math.floor(x * text.length)))]
    .sort((a, z) => a - z)
    .concat(text.length)) {
    const piece = text.slice(start, b);
    start = b;
    const points = [...new Set(cuts.map((c) => Math.floor(c * piece.length)))].sort((a, z) => a - z);
    const runs: string[] = [];
    let from = 0;
    for (const p of [...points, piece.length]) {
      runs.push(`<w:r><w:t xml:space="preserve">${escapeXml(piece.slice(from, p))}</w:t></w:r>`);
      from = p;
    }
    paras.push(`<w:p>${runs.join("")}</w:p>`);
  }
  return paras.join("");
}

const BREAKAGE = [
  (xml: string) => xml,
  (xml: string) => xml.replace("</w:p>", ""), // an unclosed paragraph
  (xml: string) => xml.replace("<w:t", '<w:t w:bad="1'), // a broken attribute
  (xml: string) => `${xml}<w:p><w:r>&</w:r></w:p>`, // a bare ampersand
];

const template = fc.record({
  nodes: fc.array(node, { minLength: 1, maxLength: 6 }),
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
  breaks: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
  breakage: fc.nat({ max: 12 }), // broken about a quarter of the time
});

function build(t: { nodes: Node[]; cuts: number[]; breaks: number[]; breakage: number }): Buffer {
  const zip = new PizZip(BASE);
  const doc = zip.file("word/document.xml")!.asText();
  const fragment = (BREAKAGE[t.breakage] ?? BREAKAGE[0]!)(
    paragraphsXml(t.nodes.map(serialise).join(" "), t.cuts, t.breaks),
  );
  zip.file("word/document.xml", doc.replace("<w:sectPr", `${fragment}<w:sectPr`));
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

let threads: TemplateThreads;
let pdf: PdfConverter | undefined;

describe("generated templates", () => {
  beforeAll(async () => {
    threads = createTemplateThreads(2);
    if (!("reason" in found)) pdf = await createPdfConverter({ processes: 1 });
  }, 60_000);
  afterAll(async () => {
    await threads.close();
    await pdf?.close();
  });

  it("always get a verdict, and an accepted one renders and opens in LibreOffice", async () => {
    const verdicts = { accepted: 0, refused: 0, overBudget: 0 };
    await fc.assert(
      fc.asyncProperty(template, async (t) => {
        const bytes = build(t);
        const outcome = await threads.run(
          { op: "inspect", bytes, options: { sampleData, layout: "cong-van" } },
          5_000,
        );
        if (!outcome.ok) {
          // A budget overrun is a verdict: the template is refused with the reason.
          expect(outcome).toHaveProperty("overBudget");
          verdicts.overBudget++;
          return;
        }
        expect("inspected" in outcome).toBe(true);
        if (!("inspected" in outcome)) return;
        for (const p of outcome.inspected.problems) expect(p.message).toMatch(/[ạ-ỹà-ýăđơư]/iu);
        if (outcome.inspected.problems.length) {
          verdicts.refused++;
          return;
        }
        verdicts.accepted++;
        const rendered = await threads.run({ op: "render", bytes, data: sampleData }, 5_000);
        expect(rendered.ok && "rendered" in rendered, JSON.stringify(rendered).slice(0, 500)).toBe(true);
        if (pdf && rendered.ok && "rendered" in rendered) {
          const out = await pdf.convert(Buffer.from(rendered.rendered));
          expect(out.subarray(0, 5).toString()).toBe("%PDF-");
        }
      }),
      { numRuns: 60 },
    );
    // The generator must reach both sides, or the property says little.
    expect(verdicts.accepted, JSON.stringify(verdicts)).toBeGreaterThan(0);
    expect(verdicts.refused, JSON.stringify(verdicts)).toBeGreaterThan(0);
  }, 600_000);
});
