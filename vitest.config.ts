import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The JSON report is what .ci/run counts ("N passed, N failed"); the default one is for people.
    reporters: ["default", "json"],
    outputFile: { json: "test-output/vitest.json" },
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], sequence: { groupOrder: 0 } } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file owns a database and queue prefix; two at a time keeps the 2 cores honest.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          // Real processes broken on purpose (test/faults/support): each file owns its PostgreSQL, Redis and SMTP.
          name: "faults",
          include: ["test/faults/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 240_000,
          maxWorkers: 1,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
