// Does the font LibreOffice will print Times New Roman with cover Vietnamese? Debian's fonts-liberation 1.07 has
// no precomposed Vietnamese letters: every PDF then mixed Liberation Serif with DejaVu Serif and the motto wrapped
// on the same line. Checked at start with fontconfig (fc-match, fc-query) and reported in /readyz.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { codePointOf } from "../../domain/text.js";

const run = promisify(execFile);

/** Every letter of the Vietnamese alphabet, both cases, with every tone mark. */
export const VIETNAMESE_LETTERS = (() => {
  const out: string[] = [];
  for (let c = 0x1ea0; c <= 0x1ef9; c++) out.push(String.fromCodePoint(c));
  return [...out, ..."ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"];
})();

const STYLES = ["Regular", "Bold", "Italic", "Bold Italic"];

export type FontCoverage =
  | { ok: true; family: string; files: string[] }
  | { ok: false; family?: string; files?: string[]; missing?: string; reason: string };

/** fontconfig's charset ("20-7e a0-17f 1ea0-1ef9 …") as a membership test. */
export function charsetHas(charset: string): (c: string) => boolean {
  const ranges = charset
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((r) => r.split("-").map((h) => Number.parseInt(h, 16)) as [number, number?]);
  return (c) => {
    const code = codePointOf(c);
    return ranges.some(([from, to]) => code >= from && code <= (to ?? from));
  };
}

export async function checkPdfFont(
  family = "Times New Roman",
  env: NodeJS.ProcessEnv = process.env,
): Promise<FontCoverage> {
  const files: string[] = [];
  let matched: string | undefined;
  const missing = new Set<string>();
  try {
    for (const style of STYLES) {
      const { stdout } = await run("fc-match", ["-f", "%{family[0]}\t%{file}", `${family}:style=${style}`], {
        env,
      });
      const [name, file] = stdout.split("\t");
      if (!file) return { ok: false, reason: `fontconfig không tìm được phông cho “${family}”` };
      matched ??= name;
      files.push(file);
      const { stdout: charset } = await run("fc-query", ["-f", "%{charset}\n", file], { env });
      const has = charsetHas(charset.split("\n")[0] ?? "");
      for (const c of VIETNAMESE_LETTERS) if (!has(c)) missing.add(c);
    }
  } catch (err) {
    return {
      ok: false,
      reason: `không kiểm tra được phông (cần fontconfig: fc-match, fc-query): ${(err as Error).message}`,
    };
  }
  // Every style matched a file (or returned above), and the first match named the family.
  if (matched === undefined) throw new Error("fc-match named no font family");
  if (missing.size) {
    return {
      ok: false,
      family: matched,
      files,
      missing: [...missing].join(""),
      reason: `phông “${matched}” (thay cho ${family}) thiếu ${missing.size} chữ tiếng Việt: bản PDF sẽ lẫn phông khác; cài gói fonts-liberation2`,
    };
  }
  return { ok: true, family: matched, files };
}
