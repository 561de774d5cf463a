// A PDF whose attempts run out (the converter down) says so on the document, instead of "being made" forever,
// and the failed job does not keep the reconciler from trying again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLibreOffice } from "../../src/documents/pdf/find-libreoffice.js";
import { createPdfConverter } from "../../src/documents/pdf/pdf-converter.js";
import { reconcile } from "../../src/jobs/reconcile.js";
import { openMailTransport } from "../../src/runtime/mail-transport.js";
import { workerDeps } from "../../workers/deps.js";
import { type RunningWorkers, startWorkers } from "../../workers/index.js";
import { createHarness, eventually, type Harness, json, log } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

const found = await findLibreOffice();
const skipReason = "reason" in found ? found.reason : undefined;

let h: Harness;
let workers: RunningWorkers;
let token: string;

beforeAll(async () => {
  if (skipReason) return;
  h = await createHarness({ queue: "redis", workers: false });
  token = await h.token("HUE", ["clerk", "approver"]);
  // A converter that came up and then went away: every conversion is refused as unavailable (retried).
  const pdf = await createPdfConverter({ processes: 1 });
  await pdf.close();
  const transport = openMailTransport(h.cfg);
  workers = await startWorkers(workerDeps({ cfg: h.cfg, db: h.db, queues: h.queues, transport, log, pdf }));
});
afterAll(async () => {
  await workers?.close();
  await h?.close();
});

describe.skipIf(skipReason)("a PDF that cannot be made", () => {
  it("says why on the document once its attempts are used up, and is re-derived", async () => {
    const r = await json(await h.call("POST", "/v1/requests", { token, body: staffSecondmentBody() }));
    await h.call("POST", `/v1/requests/${r.id}/submit`, { token });
    await h.call("POST", `/v1/requests/${r.id}/approve`, { token });
    const { rows } = await eventually(async () => {
      const q = await h.db.query("select id from documents where request_id = $1 and bytes is not null", [
        r.id,
      ]);
      return q.rowCount ? q : undefined;
    }, 30_000);
    const documentId = rows[0].id as string;
    // Three attempts, 5 s then 10 s apart.
    await eventually(async () => {
      const q = await h.db.query("select pdf_attempt_error from documents where id = $1", [documentId]);
      return q.rows[0].pdf_attempt_error !== null;
    }, 60_000);
    const res = await h.call("GET", `/v1/documents/${documentId}.pdf`, { token });
    expect(res.status).toBe(503);
    const body = await json(res);
    expect(body.error.code).toBe("unavailable");
    expect(body.error.message).toMatch(/Chưa tạo được bản PDF .*đã đóng.*thử lại/);
    // The failed job under the document's id does not block the next try.
    const again = await reconcile(h.db, h.queues, { pdf: true });
    expect(again.pdfs).toMatchObject({ due: 1, replaced: 1 });
  }, 120_000);
});
