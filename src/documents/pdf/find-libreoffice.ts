// Finds the LibreOffice the PDF pool runs (soffice.bin itself) and a python3 that can `import uno` to drive it.
import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access, realpath } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const SOFFICE_CANDIDATES = ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"];

/** Where LibreOffice and a python3 that can `import uno` are, or why they are not usable. */
export async function findLibreOffice(
  preferred?: string,
): Promise<{ officeBin: string; python: string } | { reason: string }> {
  const onPath = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, "soffice"));
  const soffice = await firstExecutable(preferred ? [preferred] : [...onPath, ...SOFFICE_CANDIDATES]);
  if (!soffice) return { reason: "không tìm thấy LibreOffice (soffice); cài gói libreoffice-writer-nogui" };
  // soffice is a launcher script; the pool runs soffice.bin itself so the pid it kills is the office.
  const programDir = path.dirname(await realpath(soffice));
  const officeBin = await firstExecutable([path.join(programDir, "soffice.bin")]);
  if (!officeBin) return { reason: `không thấy soffice.bin cạnh ${soffice}` };
  // The system python first: a pyenv or venv python3 on PATH usually cannot import Debian's uno.
  for (const python of ["/usr/bin/python3", "python3", path.join(programDir, "python")]) {
    if (await canRun(python, ["-c", "import uno"])) return { officeBin, python };
  }
  return { reason: "python3 không nạp được mô-đun uno; cài gói python3-uno (cùng phiên bản LibreOffice)" };
}

async function firstExecutable(candidates: string[]): Promise<string | undefined> {
  for (const candidate of candidates) {
    if (await succeeds(access(candidate, constants.X_OK))) return candidate;
  }
  return undefined;
}

export function canRun(file: string, args: string[]): Promise<boolean> {
  return succeeds(run(file, args, { timeout: 15_000 }));
}

function succeeds(promise: Promise<unknown>): Promise<boolean> {
  return promise.then(
    () => true,
    () => false,
  );
}
