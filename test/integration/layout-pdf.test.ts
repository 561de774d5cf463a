// Every layout for every committee of the registry, rendered, converted by LibreOffice, and read
// back from the PDF (pdftotext -layout, pdffonts): the motto and the headers on one line where they must be, one
// font family, the signature block on one page. Conversions go through the real pool, a batch at a time.
import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { committeeRegistrySeed } from "../../src/db/seed/committee-registry.js";
import { documentData } from "../../src/documents/document-data.js";
import { headerSuperiorLines } from "../../src/documents/header-layout.js";
import {
  createPdfConverter,
  findLibreOffice,
  type PdfConverter,
} from "../../src/documents/pdf/pdf-converter.js";
import { renderDocx } from "../../src/documents/render-docx.js";
import { SAMPLE_RECIPIENT, sampleContent } from "../../src/documents/samples.js";
import { styleProfile } from "../../src/documents/style-profiles.js";
import type { CommitteeSnapshot, DocumentContext } from "../../src/domain/kinds/kind.js";
import { LAYOUT_NAMES, LAYOUTS } from "../../src/domain/kinds/layouts.js";
import { readFileSync } from "node:fs";

const found = await findLibreOffice();
const pdftools = spawnSync("pdffonts", ["-v"]).status !== null && !spawnSync("pdffonts", ["-v"]).error;
const skipReason = "reason" in found ? found.reason : pdftools ? undefined : "poppler-utils is not installed";
if (skipReason) console.warn(`test/integration/layout-pdf.test.ts skipped: ${skipReason}`);
const describeWithOffice = skipReason ? describe.skip : describe;

const profile = styleProfile("HD36-2018");
const BATCH = 40; // under the pool's queue limit (100)

interface Case {
  label: string;
  superior: string;
  signer: string;
  docx: Buffer;
  pdf?: Buffer;
  /** pdftotext -layout of the PDF, pages separated by form feeds. */
  text?: string;
  /** The fonts pdffonts lists, without the subset prefix. */
  fonts?: string[];
}

// Each committee of the shipped registry that issues today, with every name it has had since the 34 provincial
// units began on 1/7/2025 (Đồng Nai twice).
function issuers(): CommitteeSnapshot[] {
  const current = (v: { validTo: string | null }) => v.validTo === null || v.validTo >= "2025-07-01";
  return committeeRegistrySeed()
    .filter(current)
    .flatMap((c) =>
      c.versions.filter(current).map((v) => ({
        code: c.code,
        name: v.name,
        shortName: v.shortName,
        superiorLine: v.superiorLine,
        issuerLine: v.issuerLine,
        issuerAbbr: c.issuerAbbr,
        placeName: v.placeName,
        signerName: "Nguyễn Thị Thanh Hương",
        signerTitle: "PHÓ CHỦ NHIỆM",
        email: c.email,
      })),
    );
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const issuer of issuers()) {
    for (const layout of LAYOUT_NAMES) {
      const ctx: DocumentContext = {
        issuer,
        recipient: issuer.code === "CATW" ? SAMPLE_RECIPIENT : { ...SAMPLE_RECIPIENT, ...centralRecipient() },
        number: 28,
        typeCode: LAYOUTS[layout].type,
        issuedOn: "2026-12-28",
        classification: "thuong",
        urgency: "thuong",
        copyTo: ["Thường trực Tỉnh ủy;", "Lưu hồ sơ đoàn.."],
        draft: null,
      };
      const content = sampleContent(layout, ctx);
      if (!content) throw new Error(`no sample for ${layout}`);
      const template = readFileSync(new URL(`../../templates/${layout}.docx`, import.meta.url));
      out.push({
        label: `${layout} / ${issuer.code} (${issuer.superiorLine})`,
        superior: issuer.superiorLine,
        signer: issuer.signerName,
        docx: renderDocx(template, documentData(content, ctx, profile)),
      });
    }
  }
  return out;
}

function centralRecipient(): Partial<CommitteeSnapshot> {
  return { code: "CATW", name: "Ủy ban Kiểm tra Đảng ủy Công an Trung ương" };
}

const exec = promisify(execFile);

/** pdftotext -layout and pdffonts of one PDF (poppler reads files), four at a time: the checks then read text. */
async function readBack(cases: Case[], dir: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) {
      const c = cases[i]!;
      const file = path.join(dir, `${i}.pdf`);
      await writeFile(file, c.pdf!);
      const [text, fonts] = await Promise.all([
        exec("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { maxBuffer: 8 << 20 }),
        exec("pdffonts", [file]),
      ]);
      c.text = text.stdout.normalize("NFC");
      c.fonts = fonts.stdout
        .split("\n")
        .slice(2)
        .filter(Boolean)
        .map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ""));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

let pdf: PdfConverter;
let all: Case[];
let dir: string;

describeWithOffice("every layout for every committee, read back from the PDF", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "phoihop-layouts-"));
    pdf = await createPdfConverter({ processes: 2 });
    all = cases();
    for (let i = 0; i < all.length; i += BATCH) {
      const batch = all.slice(i, i + BATCH);
      const pdfs = await Promise.all(batch.map((c) => pdf.convert(c.docx)));
      batch.forEach((c, j) => {
        c.pdf = pdfs[j];
      });
    }
    await readBack(all, dir);
  }, 900_000);
  afterAll(async () => {
    await pdf?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("renders them all", () => {
    expect(all.length).toBeGreaterThanOrEqual(35 * LAYOUT_NAMES.length);
    expect(all.every((c) => c.pdf && c.pdf.length > 1000)).toBe(true);
  });

  it("prints the motto on one line and each header line where the layout put it", () => {
    const failures: string[] = [];
    for (const c of all) {
      const lines = c.text!.split("\n");
      if (!lines.some((l) => l.includes("ĐẢNG CỘNG SẢN VIỆT NAM"))) failures.push(`${c.label}: motto wraps`);
      for (const part of headerSuperiorLines(profile, c.superior)) {
        if (!lines.some((l) => l.includes(part))) failures.push(`${c.label}: "${part}" is not on one line`);
      }
      if (!lines.some((l) => l.includes("ỦY BAN KIỂM TRA"))) failures.push(`${c.label}: issuer line wraps`);
    }
    expect(failures).toEqual([]);
  });

  it("keeps the central committee's name on one line", () => {
    expect(headerSuperiorLines(profile, "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG")).toEqual([
      "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG",
    ]);
    expect(headerSuperiorLines(profile, "THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH")).toEqual([
      "THÀNH ỦY",
      "THÀNH PHỐ HỒ CHÍ MINH",
    ]);
  });

  it("uses one font family (Vietnamese letters included)", () => {
    const families = new Set(all.flatMap((c) => c.fonts!.map((f) => f.replace(/-.*$/, ""))));
    expect([...families]).toEqual(["LiberationSerif"]);
  });

  it("keeps the signature block and Nơi nhận on one page, and ends the text with ./.", () => {
    const failures: string[] = [];
    for (const c of all) {
      const pages = c.text!.split("\f");
      const page = pages.find((p) => p.includes(c.signer));
      if (!page) failures.push(`${c.label}: no signer`);
      else if (!page.includes("T/M ỦY BAN KIỂM TRA") || !page.includes("Nơi nhận:"))
        failures.push(`${c.label}: signature block split across pages`);
      const text = pages.join("\n");
      if (!text.includes("./.")) failures.push(`${c.label}: no ./.`);
      if (/;;|(?<![./])\.\.(?![./])/.test(text)) failures.push(`${c.label}: doubled punctuation`);
    }
    expect(failures).toEqual([]);
  });
});
