import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { SAMPLE_ISSUER, SAMPLE_RECIPIENT } from "../../src/documents/samples.js";
import { createTemplateThreads } from "../../src/documents/template-thread.js";
import { sampleDataFor } from "../../src/documents/template-samples.js";

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

describe("a thread boots with rendering only and loads the inspection for its first inspection", () => {
  it("renders before any inspection, inspects after renders, and renders the same bytes again", async () => {
    const one = createTemplateThreads(1);
    try {
      const data = sampleDataFor("cong-van", {
        issuer: SAMPLE_ISSUER,
        recipient: SAMPLE_RECIPIENT,
        profile: "default",
        issuedOn: "2026-03-05",
        draft: null,
      });
      expect(data).toBeDefined();
      const render = () => one.run({ op: "render", bytes: template, data: data as object, withText: true });
      const first = await render();
      expect("rendered" in first, JSON.stringify(first).slice(0, 200)).toBe(true);
      const inspected = await one.run({ op: "inspect", bytes: template, options: {} });
      expect("inspected" in inspected, JSON.stringify(inspected).slice(0, 200)).toBe(true);
      if (!("inspected" in inspected)) return;
      expect(inspected.inspected.tags.length).toBeGreaterThan(0);
      const again = await render();
      expect("rendered" in again, JSON.stringify(again).slice(0, 200)).toBe(true);
      if (!("rendered" in first && "rendered" in again)) return;
      expect(Buffer.from(again.rendered).equals(Buffer.from(first.rendered))).toBe(true);
      expect(again.text).toBe(first.text);
    } finally {
      await one.close();
    }
  });
});
