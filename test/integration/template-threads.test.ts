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
