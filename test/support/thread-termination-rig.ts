// Run as a process of its own (`node --import tsx … <rounds>`): it stops template threads in the middle of their
// zlib work, again and again, and prints what each task answered. A thread stopped inside native zlib once aborted
// the whole process (zlib-gate.ts), so the test that runs this reads the exit code, not only the output.
import { readFileSync } from "node:fs";
import PizZip from "pizzip";
import { createTemplateThreads, type ThreadOutcome } from "../../src/documents/template-thread.js";

const rounds = Number(process.argv[2] ?? 30);

/**
 * The project's letter with 970 tiny extra parts (the limit is 1,000 entries): an inspection begins by inflating
 * every entry (zip-guard.ts), a few milliseconds of little else than zlib calls.
 */
function zlibHeavyTemplate(): Buffer {
  const zip = new PizZip(readFileSync(new URL("../../templates/cong-van.docx", import.meta.url)));
  for (let i = 0; i < 970; i++) zip.file(`word/ghi-chu/${i}.xml`, `<ghi-chu so="${i}"/>`);
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

const kind = (o: ThreadOutcome) =>
  "inspected" in o
    ? "inspected"
    : "overBudget" in o
      ? "overBudget"
      : "unavailable" in o
        ? "unavailable"
        : "other";

// Four threads stopped side by side, as a loaded machine runs them: measured, the old pool took this process down in
// 2 of 4 runs of 40 rounds this way (3 of 4 of 30 rounds in another session), and in 0 of 16 runs of 40 rounds with
// one thread.
const THREADS = 4;
const threads = createTemplateThreads(THREADS);
const task = { op: "inspect", bytes: zlibHeavyTemplate(), options: {} } as const;
const counts: Record<string, number> = {};
const count = (o: ThreadOutcome) => {
  counts[kind(o)] = (counts[kind(o)] ?? 0) + 1;
};
const inspectSideBySide = async (budgetMs?: number) => {
  const side = Array.from({ length: THREADS }, () => threads.run(task, budgetMs));
  for (const outcome of await Promise.all(side)) count(outcome);
};
await inspectSideBySide();
for (let i = 0; i < rounds; i++) {
  // 1–3 ms: the threads are stopped while they inflate the entries, the first thing an inspection does.
  await inspectSideBySide(1 + (i % 3));
}
await inspectSideBySide();
await threads.close();
process.stdout.write(`${JSON.stringify(counts)}\n`);
