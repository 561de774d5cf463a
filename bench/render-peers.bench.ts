// The peers' letter: one letter written for each of the template engines a team would weigh against ours —
// carbone, easy-template-x and bare docxtemplater — each in its own tag syntax, from the same package (cong-van.docx's
// styles, headers and settings), the same data and the same text, timed in the same run, alternating batches.
// A flat data shape, because easy-template-x resolves no dotted tag without a custom resolver.
// Run: npm run bench -- render-peers
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import carbone from "carbone";
import Docxtemplater from "docxtemplater";
import { TemplateHandler } from "easy-template-x";
import PizZip from "pizzip";
import { renderDocx } from "../src/documents/render-docx.js";
import { data as letter, letterText } from "./render.bench.js";

const BATCH = 50;
const WARM_UP = 200;

// The letter of the render bench (render.bench.ts), flattened.
const data = {
  superior: letter.issuer.superior,
  issuer: letter.issuer.name,
  symbol: `Số ${letter.doc.symbol}`,
  subject: letter.doc.subject,
  dateLine: letter.doc.dateLine,
  recipients: letter.recipients.map(({ line }) => ({ line })),
  body: letter.body.map(({ text }) => ({ text })),
  copies: letter.copies.map(({ line }) => ({ line })),
  capacity: letter.signer.capacity,
  title: letter.signer.title,
  signer: letter.signer.name,
};
type Loop = "recipients" | "body" | "copies";
const ITEM: Record<Loop, "line" | "text"> = { recipients: "line", body: "text", copies: "line" };

/** How an engine writes a field, and a paragraph repeated once per item of a loop. */
interface Syntax {
  field(name: string): string;
  /** The paragraphs (their text) that make one paragraph per item. */
  loop(name: Loop): string[];
}
const MUSTACHE: Syntax = {
  field: (name) => `{${name}}`,
  loop: (name) => [`{#${name}}`, `{${ITEM[name]}}`, `{/${name}}`],
};
// carbone repeats what lies between the [i] and the [i+1] markers; the [i+1] paragraph is removed.
const CARBONE: Syntax = {
  field: (name) => `{d.${name}}`,
  loop: (name) => [`{d.${name}[i].${ITEM[name]}}`, `{d.${name}[i+1].${ITEM[name]}}`],
};

const FIELDS_BEFORE = ["superior", "issuer", "symbol", "subject", "dateLine"];
const FIELDS_AFTER = ["capacity", "title", "signer"];
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function paragraph(text: string): string {
  return (
    '<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="both"/></w:pPr>' +
    `<w:r><w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`
  );
}

/** cong-van.docx with its document, headers and footers replaced by the peers' letter in one engine's syntax. */
function templateIn(syntax: Syntax): Buffer {
  const zip = new PizZip(readFileSync(new URL("../templates/cong-van.docx", import.meta.url)));
  const texts = [
    ...FIELDS_BEFORE.map((f) => syntax.field(f)),
    ...syntax.loop("recipients"),
    ...syntax.loop("body"),
    "Nơi nhận:",
    ...syntax.loop("copies"),
    ...FIELDS_AFTER.map((f) => syntax.field(f)),
  ];
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W} ${R}><w:body>` +
      texts.map(paragraph).join("") +
      '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="851" w:bottom="1134" ' +
      'w:left="1701" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>',
  );
  for (const part of Object.keys(zip.files).filter((n) => /^word\/(header|footer)\d*\.xml$/.test(n)))
    zip.file(
      part,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr ${W}>${paragraph("")}</w:hdr>`,
    );
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

const mustacheTemplate = templateIn(MUSTACHE);
const carboneTemplate = templateIn(CARBONE);

function ours(): Buffer {
  return renderDocx(mustacheTemplate, data);
}

function bareDocxtemplater(): Buffer {
  const doc = new Docxtemplater(new PizZip(mustacheTemplate), { paragraphLoop: true, linebreaks: true });
  doc.render(data);
  return doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
}

const easyTemplate = new TemplateHandler();
function easyTemplateX(): Promise<Buffer> {
  return easyTemplate.process(mustacheTemplate, data);
}

// carbone renders from a file on disk (its normal use), and hands the document to a callback.
let carbonePath = "";
function carboneRender(): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    carbone.render(carbonePath, data, {}, (error: Error | null, result: Buffer) =>
      error ? reject(error) : resolve(result),
    ),
  );
}

type Variant = { label: string; render: () => Buffer | Promise<Buffer>; ms: number; bytes: number };

/** The letter's text without the empty paragraphs an engine leaves where its loop tags stood. */
function visibleLines(docx: Buffer): string {
  return letterText(docx)
    .split("\n")
    .filter((l) => l.trim())
    .join("\n");
}

async function timeBatch(v: Variant, count: number): Promise<void> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await v.render();
  v.ms += Number(process.hrtime.bigint() - start) / 1e6;
}

export async function runRenderPeersBench(N = 1000): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "phoihop-peers-"));
  carbonePath = path.join(dir, "peers-letter.docx");
  writeFileSync(carbonePath, carboneTemplate);
  try {
    const variants: Variant[] = [
      { label: "renderDocx (ours)", render: ours, ms: 0, bytes: 0 },
      { label: "carbone 3.8", render: carboneRender, ms: 0, bytes: 0 },
      { label: "easy-template-x 7.2", render: easyTemplateX, ms: 0, bytes: 0 },
      { label: "docxtemplater + pizzip, defaults", render: bareDocxtemplater, ms: 0, bytes: 0 },
    ];
    const expected = visibleLines(ours());
    // The text they must all write: every field and item, and no tag left over.
    const wanted = [
      data.dateLine,
      data.signer,
      ...data.body.map((b) => b.text),
      ...data.copies.map((c) => c.line),
    ];
    const differs: string[] =
      wanted.every((w) => expected.includes(w)) && !/[{}]/.test(expected) ? [] : ["ours"];
    for (const v of variants) {
      const out = await v.render();
      v.bytes = out.length;
      if (visibleLines(out) !== expected) differs.push(v.label);
    }
    for (let i = 0; i < WARM_UP; i++) for (const v of variants) await v.render();
    for (let done = 0, round = 0; done < N; done += BATCH, round++) {
      const count = Math.min(BATCH, N - done);
      // Each batch in a different order, so that no engine always runs after the same one.
      const order = variants.map((_, k) => variants[(k + round) % variants.length]!);
      for (const v of order) await timeBatch(v, count);
    }
    console.log(
      `render the peers' letter (flat data, 20 paragraphs), one core, N=${N} each after ${WARM_UP} warm-up`,
    );
    for (const v of variants) {
      const perLetter = v.ms / N;
      console.log(
        `  ${v.label.padEnd(34)} ${perLetter.toFixed(3)} ms/letter, ${(1000 / perLetter).toFixed(0).padStart(4)} letters/s, ${v.bytes} bytes`,
      );
    }
    const [mine, ...peers] = variants;
    const behind = peers.filter((p) => p.ms < mine!.ms).map((p) => p.label);
    console.log(
      `  ours / fastest peer: ${(Math.min(...peers.map((p) => p.ms)) / mine!.ms).toFixed(2)}× ` +
        `(goal: ahead of every peer${behind.length ? `; behind ${behind.join(", ")}` : ": met"}); ` +
        (differs.length ? `NOT THE SAME TEXT: ${differs.join(", ")}` : "same text (checked)"),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runRenderPeersBench(Number(process.argv[2] ?? 1000));
