import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createTemplateThreads } from "../../src/documents/template-thread.js";

const template = readFileSync(new URL("../../templates/cong-van.docx", import.meta.url));
const threads = createTemplateThreads(2);
afterAll(() => threads.close());

describe("template threads under concurrent callers", () => {
  it("answers every task with its own reply, never another task's", async () => {
    // Inspections and renders (with no data: render errors) side by side: a reply that went to the wrong caller
    // shows as the other kind of answer.
    const tasks = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0
        ? ({ op: "inspect", bytes: template, options: {} } as const)
        : ({ op: "render", bytes: template, data: { subject: `thư số ${i}` } } as const),
    );
    const outcomes = await Promise.all(tasks.map((t) => threads.run(t)));
    outcomes.forEach((outcome, i) => {
      const expected = i % 2 === 0 ? "inspected" : "renderErrors";
      expect(expected in outcome, `task ${i}: ${JSON.stringify(outcome).slice(0, 200)}`).toBe(true);
    });
  });
});

describe("the time budget", () => {
  it("counts the task, not the thread's start: a start slowed past the budget is no verdict on the template", async () => {
    const fresh = createTemplateThreads(1);
    try {
      // The first task spawns the thread; this process is then kept busy for longer than the budget while the
      // thread loads its code — as a worker on a loaded machine is. The budget starts once the thread is ready.
      const outcome = fresh.run({ op: "inspect", bytes: template, options: {} }, 1_500);
      // One turn of the loop: the thread is spawned (and, before the budget counted the task alone, sent its task).
      await new Promise<void>((resolve) => setImmediate(resolve));
      const busyUntil = Date.now() + 2_500;
      while (Date.now() < busyUntil) {
        // Blocking on purpose: timers and the thread's messages wait behind it.
      }
      const answer = await outcome;
      expect("inspected" in answer, JSON.stringify(answer).slice(0, 200)).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});
