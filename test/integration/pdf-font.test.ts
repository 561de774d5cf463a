// The service checks that the font LibreOffice prints Times New Roman with covers Vietnamese,
// and says so in /readyz. Real fontconfig against the fonts installed here (CI installs fonts-liberation2; the
// old fonts-liberation 1.07 lacks the precomposed letters and stands in for the broken machine).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { charsetHas, checkPdfFont } from "../../src/documents/pdf/font-check.js";
import { createHarness, json } from "../support/harness.js";

const hasFontconfig = !spawnSync("fc-match", ["--version"]).error;
const OLD_LIBERATION = "/usr/share/fonts/truetype/liberation";
const describeWithFc = hasFontconfig ? describe : describe.skip;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describeWithFc("the PDF font covers Vietnamese", () => {
  it("finds Liberation Serif 2 for Times New Roman, covering every Vietnamese letter", async () => {
    const coverage = await checkPdfFont();
    expect(coverage, JSON.stringify(coverage)).toMatchObject({ ok: true, family: "Liberation Serif" });
  });

  it.skipIf(!existsSync(`${OLD_LIBERATION}/LiberationSerif-Regular.ttf`))(
    "says which letters are missing when only fonts-liberation 1.07 is there",
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "phoihop-fc-"));
      dirs.push(dir);
      const conf = path.join(dir, "fonts.conf");
      writeFileSync(
        conf,
        `<?xml version="1.0"?><fontconfig><dir>${OLD_LIBERATION}</dir><cachedir>${dir}/cache</cachedir></fontconfig>`,
      );
      const env = { ...process.env, FONTCONFIG_FILE: conf };
      expect(
        execFileSync("fc-match", ["-f", "%{file}", "Times New Roman"], { env, encoding: "utf8" }),
      ).toContain("/liberation/");
      const coverage = await checkPdfFont("Times New Roman", env);
      expect(coverage.ok).toBe(false);
      if (coverage.ok) return;
      expect(coverage.missing).toContain("ạ");
      expect(coverage.reason).toMatch(/fonts-liberation2/);
    },
  );

  it("reads fontconfig's charset ranges", () => {
    const has = charsetHas("20-7e a0-17f 1ea0-1ef9");
    expect(["A", "đ", "ạ", "ỹ"].every(has)).toBe(true);
    expect(has("\u1efa")).toBe(false);
  });

  it("reports the font in /readyz where PDFs are made", async () => {
    const h = await createHarness({ queue: "postgres", pdf: true });
    try {
      const body = await json(await h.call("GET", "/readyz"));
      if (!body.details.pdf.available) return; // no LibreOffice here: nothing is printed, nothing to check
      expect(body.details.pdfFont).toMatchObject({ ok: true, family: "Liberation Serif" });
    } finally {
      await h.close();
    }
  });
});
