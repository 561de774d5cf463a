// The converter of a process that serves the API: its LibreOffice starts once the service answers (server.ts), so
// until then conversions wait, /readyz says LibreOffice is starting, and closing before the start starts nothing.
// Against a real LibreOffice (skipped, saying why, where none is installed).
import { readFileSync } from "node:fs";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPdfConverter,
  findLibreOffice,
  type PdfConverter,
  PdfUnavailableError,
  pdfReadinessDetails,
  startedLater,
} from "../../src/documents/pdf/pdf-converter.js";
import type { AppEnv } from "../../src/http/context.js";
import { systemRoutes } from "../../src/routes/system/index.js";
import { loadConfig } from "../../src/config.js";
import { openQueues, type Queues } from "../../src/runtime/queues.js";
import { renderDocx } from "../../src/documents/render-docx.js";
import { createTestDatabase, log } from "../support/harness.js";

const found = await findLibreOffice();
const skipReason = "reason" in found ? found.reason : undefined;
if (skipReason) console.warn(`test/integration/pdf-started-later.test.ts skipped: ${skipReason}`);
const describeWithOffice = skipReason ? describe.skip : describe;

const letter = renderDocx(readFileSync(new URL("../../templates/cong-van.docx", import.meta.url)), {
  issuer: { superior: "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG", name: "ỦY BAN KIỂM TRA", abbr: "UBKTTU" },
  doc: {
    number: "07",
    typeCode: "CV",
    subject: "V/v phối hợp",
    dateLine: "Hà Nội, ngày 05 tháng 3 năm 2026",
  },
  marks: { confidentiality: "", urgency: "", draft: "" },
  addresseeInline: false,
  recipients: [{ line: "- Ủy ban Kiểm tra Tỉnh ủy Nghệ An." }],
  body: [{ heading: false, text: "Đề nghị các đồng chí phối hợp." }],
  afterTable: [],
  copies: [{ line: "- Lưu VP." }],
  signer: { capacity: "T/M ỦY BAN KIỂM TRA", title: "PHÓ CHỦ NHIỆM", name: "Nguyễn Thị Hằng" },
});

const settled = (p: Promise<unknown>) =>
  Promise.race([
    p.then(
      () => true,
      () => true,
    ),
    new Promise((r) => setTimeout(() => r(false), 300)),
  ]);

describe("startedLater, before it begins", () => {
  it("starts nothing when closed before it began, and counts as available meanwhile", async () => {
    let starts = 0;
    const later = startedLater(async () => {
      starts++;
      return createPdfConverter({ processes: 0 });
    });
    expect(later.converter.available).toBe(true);
    expect(later.converter.starting).toBe(true);
    expect(later.converter.stats().processes).toBe(0);
    await later.converter.close();
    expect(starts).toBe(0);
  });

  it("becomes the converter its start gave: one that cannot convert says why and refuses the waiting ones", async () => {
    const later = startedLater(() => createPdfConverter({ processes: 0 }));
    const waiting = later.converter.convert(letter);
    waiting.catch(() => {});
    expect(await settled(waiting)).toBe(false);
    await later.begin();
    expect(later.converter.available).toBe(false);
    expect(later.converter.starting).toBe(false);
    expect(later.converter.reason).toMatch(/PDF_PROCESSES=0/);
    await expect(waiting).rejects.toBeInstanceOf(PdfUnavailableError);
    expect(pdfReadinessDetails(later.converter)).toEqual({
      pdf: { available: false, reason: later.converter.reason },
    });
  });
});

describeWithOffice(`startedLater with LibreOffice${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let queues: Queues;
  let started: PdfConverter | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    queues = openQueues(loadConfig({ DATABASE_URL: database.url }), database.url, log);
  });
  afterAll(async () => {
    await started?.close();
    await queues.close();
    await database.drop();
  });

  /** /readyz as the service answers it, with this converter's details. */
  function readyz(converter: PdfConverter) {
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set("deps", {
        db: database.pool,
        queues,
        mailMode: "outbox",
        readinessDetails: () => pdfReadinessDetails(converter),
      } as unknown as AppEnv["Variables"]["deps"]);
      await next();
    });
    app.route("/", systemRoutes);
    return app.request("/readyz");
  }

  it("holds a conversion asked for before the start, says it is starting, then converts it", async () => {
    const later = startedLater(() => createPdfConverter({ processes: 1 }));
    const waiting = later.converter.convert(letter);
    expect(await settled(waiting)).toBe(false);
    const before = await readyz(later.converter);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({
      checks: { database: "ok", queue: "ok", pdf: "LibreOffice đang khởi động" },
      down: ["pdf"],
      details: { pdf: { available: true, starting: true, processes: 0 } },
    });

    started = await later.begin();
    expect(await later.begin()).toBe(started); // one start, however often it is asked for
    const pdf = await waiting;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(later.converter.starting).toBe(false);
    expect(later.converter.isolation).toBe(started.isolation);
    const after = await readyz(later.converter);
    expect(after.status).toBe(200);
    const details = ((await after.json()) as { details: { pdf: Record<string, unknown> } }).details.pdf;
    expect(details).toMatchObject({ available: true, processes: 1 });
    expect(details.starting).toBeUndefined();
  }, 60_000);
});
