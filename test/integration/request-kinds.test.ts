import PizZip from "pizzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLibreOffice } from "../../src/documents/pdf/pdf-converter.js";
import { REQUEST_KINDS } from "../../src/domain/kinds/index.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.js";

let smtp: SmtpSink;
let h: Harness;
let token: string;
let counterpart: string;
const hasLibreOffice = !("reason" in (await findLibreOffice()));

beforeAll(async () => {
  smtp = await startSmtpSink();
  h = await createHarness({ queue: "redis", smtpUrl: smtp.url, workers: true, pdf: hasLibreOffice });
  token = await h.token("CAN-THO", ["clerk", "approver"]);
  counterpart = await h.token("CATW", ["auditor"]);
}, 120_000);
afterAll(async () => {
  await h.close();
  await smtp.close();
});

const textOf = (docx: Buffer) =>
  new PizZip(docx)
    .file("word/document.xml")!
    .asText()
    .replace(/<[^>]+>/g, "");

describe.each(
  Object.values(REQUEST_KINDS)
    .filter((k) => !k.systemOnly)
    .map((k) => [k.kind, k] as const),
)("kind %s", (name, kind) => {
  it("is created, approved, rendered (DOCX and PDF) and downloaded", async () => {
    const created = await json(
      await h.call("POST", "/v1/requests", { token, body: { kind: name, to: "CATW", payload: kind.sample } }),
    );
    expect(created.status, JSON.stringify(created)).toBe("draft");
    expect(created.classification).toBe(kind.defaultClassification);
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token });
    expect((await h.call("POST", `/v1/requests/${created.id}/approve`, { token })).status).toBe(200);
    const classified = kind.defaultClassification !== "thuong";
    const detail = await eventually(async () => {
      const d = await json(await h.call("GET", `/v1/requests/${created.id}`, { token }));
      return d.status === (classified ? "issued" : "sent") ? d : undefined;
    }, 30_000);

    expect(detail.documents.map((d: { typeCode: string }) => d.typeCode)).toEqual(
      kind.documents.map((d) => d.type),
    );
    for (const doc of detail.documents) {
      expect(doc.symbol).toMatch(new RegExp(`^\\d{2,}-${doc.typeCode}/UBKTTU$`));
      const res = await h.call("GET", `/v1/documents/${doc.id}`, { token });
      expect(res.status).toBe(200);
      const text = textOf(Buffer.from(await res.arrayBuffer()));
      expect(text).toContain(`Số ${doc.symbol}`);
      expect(text).toContain("Cần Thơ, ngày 05 tháng 3 năm 2026");
      if (classified) expect(text).toContain("MẬT");
    }
    if (classified) {
      // Sensitive kinds default to MẬT: never e-mailed, and the reason is on the record.
      expect(detail.messages).toEqual([]);
      expect(detail.events.map((e: { action: string }) => e.action)).toContain("mail_withheld");
    } else {
      expect(detail.messages[0].status).toBe("sent");
      const mail = smtp.received.find((m) => m.parsed.messageId === detail.messages[0].messageId)!;
      // Where LibreOffice runs the letter waits for the PDFs and carries them; else the .docx.
      expect(mail.parsed.attachments.map((a) => a.filename)).toEqual(
        detail.documents.map((d: { filename: string }) =>
          hasLibreOffice ? d.filename.replace(/\.docx$/, ".pdf") : d.filename,
        ),
      );
      expect(
        (await h.call("GET", `/v1/documents/${detail.documents[0].id}`, { token: counterpart })).status,
      ).toBe(200);
    }
    if (hasLibreOffice) {
      for (const doc of detail.documents) {
        const pdf = await eventually(async () => {
          const res = await h.call("GET", `/v1/documents/${doc.id}.pdf`, { token });
          return res.status === 200 ? Buffer.from(await res.arrayBuffer()) : undefined;
        }, 60_000);
        expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      }
    }
  });
});

describe("PDF route without LibreOffice in the process", () => {
  it("answers 503 with a clear message when this deployment cannot make PDFs", async () => {
    const bare = await createHarness({ queue: "redis", workers: true });
    try {
      const t = await bare.token("CAN-THO", ["clerk", "approver"]);
      const kind = REQUEST_KINDS.staff_secondment!;
      const created = await json(
        await bare.call("POST", "/v1/requests", {
          token: t,
          body: { kind: "staff_secondment", to: "CATW", payload: kind.sample },
        }),
      );
      await bare.call("POST", `/v1/requests/${created.id}/submit`, { token: t });
      await bare.call("POST", `/v1/requests/${created.id}/approve`, { token: t });
      const detail = await eventually(async () => {
        const d = await json(await bare.call("GET", `/v1/requests/${created.id}`, { token: t }));
        return d.documents[0]?.status === "rendered" ? d : undefined;
      });
      const res = await bare.call("GET", `/v1/documents/${detail.documents[0].id}.pdf`, { token: t });
      const body = await json(res);
      expect(res.status).toBe(503);
      expect(body.error.code).toBe("not_available");
      expect(body.error.message).toContain("PDF");
      const ready = await json(await bare.call("GET", "/readyz"));
      expect(ready.details.pdf.available).toBe(false);
    } finally {
      await bare.close();
    }
  });
});
