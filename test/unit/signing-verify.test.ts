// The verifier against PDFs signed here and then damaged in ways fast-check picks: any changed byte in the signed
// ranges or in the signature itself makes it "không hợp lệ"; nothing it is given makes it throw.
import { createHash, createPrivateKey, X509Certificate } from "node:crypto";
import fc from "fast-check";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { createDetachedCms } from "../../src/signing/cms.js";
import { coveredBytes, embedCms, preparePdf } from "../../src/signing/pdf-signature.js";
import { pdfDate, trimDer, verifyPdf } from "../../src/signing/verify-pdf.js";
import {
  forgeDetachedCms,
  makeCa,
  makeSignerCert,
  privateKeyDer,
  type TestCert,
} from "../support/test-pki.js";

let ca: TestCert;
let signer: TestCert;
let roots: X509Certificate[];
let signed: Buffer;
let byteRange: [number, number, number, number];

beforeAll(async () => {
  ca = makeCa();
  // Valid over the fixed instants below, whatever day the test runs: a certificate dated from today would make a
  // signature dated earlier "not yet valid" from the day after they were written.
  signer = makeSignerCert(ca, {
    commonName: "Phạm Thu Trang",
    notBefore: new Date("2026-01-01T00:00:00Z"),
    notAfter: new Date("2036-01-01T00:00:00Z"),
  });
  roots = [new X509Certificate(ca.pem)];
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText("Cong van so 15-CV/UBKT");
  const key = createPrivateKey({ key: privateKeyDer(signer), format: "der", type: "pkcs8" });
  const prepared = await preparePdf(
    Buffer.from(await doc.save()),
    { signer: "Phạm Thu Trang", committee: "Ủy ban Kiểm tra", signedAt: new Date("2026-12-01T03:00:00Z") },
    (digest) => createDetachedCms({ digest, certDer: signer.der, chainDer: [ca.der], key }),
  );
  signed = prepared.pdf;
  byteRange = prepared.byteRange;
}, 30_000);

/** When the file is read: the chain of a signature that claims no time is checked as of it. */
const READ_AT = new Date("2026-12-01T03:00:00Z");

describe("verifyPdf", () => {
  it("accepts the untouched file: signer, time, whole file, trusted chain, PAdES attributes", () => {
    const v = verifyPdf(signed, roots, READ_AT);
    expect(v.status, v.summary).toBe("valid");
    expect(v.signatures[0]).toMatchObject({
      signer: { commonName: "Phạm Thu Trang" },
      signedAt: "2026-12-01T03:00:00.000Z",
      coversWholeFile: true,
      chainTrusted: true,
      subFilter: "ETSI.CAdES.detached",
      signingCertificateV2: true,
    });
  });

  it("says the chain is not trusted when its root is not configured", () => {
    const v = verifyPdf(signed, [new X509Certificate(makeCa("Gốc khác").pem)], READ_AT);
    expect(v.status).toBe("invalid");
    expect(v.signatures[0]!.chainTrusted).toBe(false);
    expect(v.signatures[0]!.digestMatches).toBe(true);
  });

  it("finds any changed byte in the signed ranges", () => {
    const [, a, b, c] = byteRange;
    const position = fc.oneof(fc.integer({ min: 0, max: a - 1 }), fc.integer({ min: b, max: b + c - 1 }));
    fc.assert(
      fc.property(position, fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const damaged = Buffer.from(signed);
        damaged[at]! ^= flip;
        const v = verifyPdf(damaged, roots, READ_AT);
        expect(v.status).not.toBe("valid");
      }),
      { numRuns: 150 },
    );
  });

  // Not every byte of a CMS is signed: a copy of the root among its certificates is not used when the root is
  // configured (fast-check found that). What is signed: the signed attributes (the message digest) and the value.
  it("finds any changed hex digit of the message digest or of the signature value", () => {
    const [, a] = byteRange;
    const cms = trimDer(Buffer.from(signed.subarray(a + 1, byteRange[2] - 1).toString("latin1"), "hex"));
    const digestAt = cms.indexOf(createHash("sha256").update(coveredBytes(signed, byteRange)).digest());
    expect(digestAt).toBeGreaterThan(0);
    const hexIndex = fc.oneof(
      fc.integer({ min: digestAt * 2, max: (digestAt + 32) * 2 - 1 }),
      fc.integer({ min: (cms.length - 256) * 2, max: cms.length * 2 - 1 }),
    );
    fc.assert(
      fc.property(hexIndex, fc.constantFrom(..."0123456789abcdef"), (i, digit) => {
        const at = a + 1 + i;
        fc.pre(String.fromCharCode(signed[at]!).toLowerCase() !== digit);
        const damaged = Buffer.from(signed);
        damaged[at] = digit.charCodeAt(0);
        expect(verifyPdf(damaged, roots, READ_AT).status).not.toBe("valid");
      }),
      { numRuns: 150 },
    );
  });

  it("never throws, whatever bytes it gets", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: signed.length }),
        fc.uint8Array({ maxLength: 64 }),
        (cut, junk) => {
          const v = verifyPdf(Buffer.concat([signed.subarray(0, cut), Buffer.from(junk)]), roots, READ_AT);
          expect(["valid", "invalid", "unsigned"]).toContain(v.status);
          if (cut < signed.length) expect(v.status).not.toBe("valid");
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a CMS over other bytes, embedded in the prepared PDF, does not verify", async () => {
    const prepared = await preparePdf(signed, { signer: "X", committee: "Y", signedAt: READ_AT });
    const cms = forgeDetachedCms(signer, Buffer.from("other content"));
    const v = verifyPdf(embedCms(prepared.pdf, prepared.byteRange, cms), roots, READ_AT);
    expect(v.status).toBe("invalid");
    expect(v.summary).toContain("mã băm không khớp");
  });
});

describe("pdfDate", () => {
  it("reads the PDF date forms", () => {
    expect(pdfDate("D:20261201100000+07'00'")?.toISOString()).toBe("2026-12-01T03:00:00.000Z");
    expect(pdfDate("D:20261201030000Z")?.toISOString()).toBe("2026-12-01T03:00:00.000Z");
    expect(pdfDate("garbage")).toBeUndefined();
  });
});
