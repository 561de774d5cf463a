// Digitally signed letters against real PostgreSQL, Redis, LibreOffice and poppler's pdfsig. The CA and
// every certificate are made here (node-forge); nothing is a shipped fixture.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes, X509Certificate } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLibreOffice } from "../../src/documents/pdf/pdf-converter.js";
import { notifyExpiringCertificates } from "../../src/signing/expiry.js";
import { coveredBytes, embedCms } from "../../src/signing/pdf-signature.js";
import { verifyPdf } from "../../src/signing/verify-pdf.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { sealPng } from "../support/seal-png.js";
import { signIn } from "../support/web.js";
import {
  forgeDetachedCms,
  makeCa,
  makePkcs12,
  makeSignerCert,
  privateKeyDer,
  privateKeyPem,
  type TestCert,
} from "../support/test-pki.js";

const found = await findLibreOffice();
const skipReason = "reason" in found ? found.reason : undefined;
if (skipReason) console.warn(`test/integration/signing.test.ts skipped: ${skipReason}`);
const describeWithOffice = skipReason ? describe.skip : describe;

const NOW = new Date("2026-03-05T03:00:00Z");
const valid = { notBefore: new Date("2026-01-01T00:00:00Z"), notAfter: new Date("2027-12-31T00:00:00Z") };

let h: Harness;
let ca: TestCert;
let dir: string;
let clerk: string;
let approver: string;
let admin: string;
const password = "mật-khẩu-đúng";

function pdfsig(pdf: Buffer): string {
  const file = join(dir, `${randomBytes(4).toString("hex")}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync("pdfsig", [file], { encoding: "utf8" });
  return `${r.stdout}${r.stderr}`;
}

async function issueLetter(): Promise<{ requestId: string; documentId: string }> {
  // The team's time starts after whatever day the test's clock says (a period already past is refused).
  const body = staffSecondmentBody();
  (body.payload as { period: object }).period = { from: "2026-06-01", to: "2026-06-30" };
  const created = await json(await h.call("POST", "/v1/requests", { token: clerk, body }));
  expect(created.id, JSON.stringify(created)).toBeTruthy();
  expect((await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerk })).status).toBe(200);
  const approved = await h.call("POST", `/v1/requests/${created.id}/approve`, { token: approver });
  expect(approved.status, await approved.clone().text()).toBe(200);
  const detail = await json(await h.call("GET", `/v1/requests/${created.id}`, { token: clerk }));
  return { requestId: created.id, documentId: detail.documents[0].id };
}

async function signatureWhen(documentId: string, state: string) {
  return eventually(async () => {
    const s = await json(await h.call("GET", `/v1/documents/${documentId}/signature`, { token: clerk }));
    return s.state === state ? s : undefined;
  }, 60_000);
}

async function uploadP12(p12: Buffer, pw = password, token = admin) {
  return h.call("POST", "/v1/signing-certificates", {
    token,
    body: { mode: "stored_key", pkcs12Base64: p12.toString("base64"), password: pw },
  });
}

async function activeCount(): Promise<number> {
  const { rows } = await h.db.query(
    "select count(*)::int as n from signing_certificates where retired_at is null",
  );
  return rows[0].n;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "phoihop-sign-"));
  ca = makeCa();
  writeFileSync(join(dir, "roots.pem"), ca.pem);
  h = await createHarness({
    queue: "redis",
    workers: true,
    pdf: !skipReason,
    clock: fixedClock(NOW.toISOString()),
    env: {
      SIGNING_KEY_SECRET: randomBytes(32).toString("hex"),
      SIGNING_TRUSTED_ROOTS: join(dir, "roots.pem"),
    },
  });
  clerk = await h.token("NGHE-AN", ["clerk"]);
  approver = await h.token("NGHE-AN", ["approver"]);
  admin = (await h.user("NGHE-AN", ["admin"], "Quản Trị Viên")).token;
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describeWithOffice("letters signed with the committee's certificate", () => {
  let signer: TestCert;

  it("issues an unsigned letter where the committee has no certificate, and says so", async () => {
    const { requestId, documentId } = await issueLetter();
    const s = await signatureWhen(documentId, "unsigned");
    expect(s.message).toContain("không có chữ ký số");
    const page = await (await signIn(h, clerk)).get(`/yeu-cau/${requestId}`);
    expect(page.html).toContain("Văn bản ban hành không có chữ ký số");
    expect(s.verification.status).toBe("unsigned");
    expect(
      pdfsig(
        Buffer.from(
          await (await h.call("GET", `/v1/documents/${documentId}.pdf`, { token: clerk })).arrayBuffer(),
        ),
      ),
    ).toMatch(/does not contain any signatures/);
  }, 90_000);

  it("refuses bad certificates with a Vietnamese 400 naming the field, and writes nothing", async () => {
    const cases: [string, Buffer, string, RegExp][] = [
      ["wrong password", makePkcs12(makeSignerCert(ca, valid), [ca], password), "sai", /Mật khẩu/],
      [
        "expired",
        makePkcs12(
          makeSignerCert(ca, { notBefore: new Date("2024-01-01"), notAfter: new Date("2025-01-01") }),
          [ca],
          password,
        ),
        password,
        /đã hết hạn/,
      ],
      [
        "not yet valid",
        makePkcs12(
          makeSignerCert(ca, { notBefore: new Date("2026-06-01"), notAfter: new Date("2028-01-01") }),
          [ca],
          password,
        ),
        password,
        /chưa có hiệu lực/,
      ],
      [
        "no signing key usage",
        makePkcs12(makeSignerCert(ca, { ...valid, keyUsage: { keyEncipherment: true } }), [ca], password),
        password,
        /không được cấp để ký/,
      ],
      [
        "key not matching",
        makePkcs12(makeSignerCert(ca, valid), [ca], password, makeSignerCert(ca, valid).keys.privateKey),
        password,
        /không khớp/,
      ],
      [
        "chain to an unknown root",
        (() => {
          const other = makeCa("Một CA lạ");
          return makePkcs12(makeSignerCert(other, valid), [other], password);
        })(),
        password,
        /không tin cậy/,
      ],
    ];
    for (const [name, p12, pw, message] of cases) {
      const res = await uploadP12(p12, pw);
      const body = await json(res);
      expect(res.status, `${name}: ${JSON.stringify(body)}`).toBe(400);
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.message, name).toMatch(message);
      expect(body.error.details[0].field, name).toMatch(/pkcs12Base64|password/);
    }
    expect(await activeCount()).toBe(0);
    const clerkTry = await uploadP12(makePkcs12(makeSignerCert(ca, valid), [ca], password), password, clerk);
    expect(clerkTry.status).toBe(403);
    expect(await activeCount()).toBe(0);
  }, 120_000);

  it("registers the committee's certificate and shows subject, issuer and validity", async () => {
    signer = makeSignerCert(ca, {
      ...valid,
      commonName: "Nguyễn Thị Hằng",
      organization: "Ủy ban Kiểm tra Tỉnh ủy Nghệ An",
    });
    const p12 = makePkcs12(signer, [ca], password).toString("base64");
    const notPng = await h.call("POST", "/v1/signing-certificates", {
      token: admin,
      body: {
        mode: "stored_key",
        pkcs12Base64: p12,
        password,
        sealPngBase64: Buffer.from("GIF89a").toString("base64"),
      },
    });
    expect(notPng.status).toBe(400);
    expect((await json(notPng)).error.details[0].field).toBe("sealPngBase64");
    const res = await h.call("POST", "/v1/signing-certificates", {
      token: admin,
      body: { mode: "stored_key", pkcs12Base64: p12, password, sealPngBase64: sealPng().toString("base64") },
    });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.hasSeal).toBe(true);
    const again = await h.call("POST", "/v1/signing-certificates", {
      token: admin,
      body: { mode: "stored_key", pkcs12Base64: p12, password, sealPngBase64: sealPng().toString("base64") },
    });
    expect(again.status).toBe(200);
    expect((await json(again)).id).toBe(body.id);
    expect(body).toMatchObject({
      mode: "stored_key",
      commonName: "Nguyễn Thị Hằng",
      issuer: "CN=Phoihop Test Root CA, O=Phoihop Test",
      validUntil: "2027-12-31T00:00:00.000Z",
      active: true,
    });
    expect(JSON.stringify(body)).not.toMatch(/ciphertext|password|PRIVATE/i);
    const list = await json(await h.call("GET", "/v1/signing-certificates", { token: clerk }));
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([body.id]);
    const elsewhere = await json(
      await h.call("GET", "/v1/signing-certificates", { token: await h.token("HA-TINH", ["admin"]) }),
    );
    expect(elsewhere.items).toEqual([]);
  });

  it("shows the certificates to the committee's admin at /chu-ky-so, and refuses a bad upload there", async () => {
    const web = await signIn(h, admin);
    const page = await web.get("/chu-ky-so");
    expect(page.status).toBe(200);
    expect(page.html).toContain("bằng chứng thư của Nguyễn Thị Hằng, hiệu lực đến");
    expect(page.html).toContain("Đang dùng");
    const p12 = makePkcs12(makeSignerCert(ca, valid), [ca], password);
    const refused = await web.post("/chu-ky-so", {
      p12: new Blob([new Uint8Array(p12)], { type: "application/x-pkcs12" }),
      password: "sai",
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("Mật khẩu của tệp PKCS#12 không đúng");
    expect((await (await signIn(h, clerk)).get("/chu-ky-so")).status).toBe(403);
  });

  it("signs the issued PDF (PAdES, whole file, trusted chain), as pdfsig and our verifier agree", async () => {
    const { requestId, documentId } = await issueLetter();
    const s = await signatureWhen(documentId, "signed");
    const page = await (await signIn(h, clerk)).get(`/yeu-cau/${requestId}`);
    expect(page.html).toContain("Văn bản đã được ký số — chữ ký hợp lệ");
    expect(page.html).toContain("Ký bởi Nguyễn Thị Hằng");
    expect(page.html).toContain("chữ ký bao trùm toàn bộ tệp, chuỗi chứng thư tin cậy.");
    const pdf = Buffer.from(
      await (await h.call("GET", `/v1/documents/${documentId}.pdf`, { token: clerk })).arrayBuffer(),
    );
    expect(s.pdfSha256).toBe(createHash("sha256").update(pdf).digest("hex"));
    const stranger = await h.call("GET", `/v1/documents/${documentId}/signature`, {
      token: await h.token("HA-TINH", ["admin"]),
    });
    expect(stranger.status).toBe(404);
    const poppler = pdfsig(pdf);
    expect(poppler).toContain("Signature Validation: Signature is Valid.");
    expect(poppler).toContain("Total document signed");
    expect(poppler).toContain("Signature Type: ETSI.CAdES.detached");
    expect(poppler).toContain("Signer Certificate Common Name: Nguyễn Thị Hằng");
    const [sig] = s.verification.signatures;
    expect(s.verification.status, JSON.stringify(s.verification)).toBe("valid");
    expect(sig).toMatchObject({
      valid: true,
      coversWholeFile: true,
      chainTrusted: true,
      digestMatches: true,
      signatureValid: true,
      signingCertificateV2: true,
      subFilter: "ETSI.CAdES.detached",
      signedAt: NOW.toISOString(),
    });
    expect(sig.signer.commonName).toBe("Nguyễn Thị Hằng");
    const text = spawnSync("pdftotext", ["-l", "1", "-", "-"], {
      input: pdf,
      encoding: "utf8",
    }).stdout.normalize("NFC");
    expect(text).toContain("Ký bởi: Nguyễn Thị Hằng");
    expect(text).toContain("Thời gian ký: 2026-03-05T10:00:00+07:00");
    const images = spawnSync("pdfimages", ["-f", "1", "-l", "1", "-list", "-"], {
      input: pdf,
      encoding: "utf8",
    });
    expect(images.stdout.split("\n").filter((l) => /^\s+1\s/.test(l)).length, images.stdout).toBeGreaterThan(
      0,
    );

    // One byte changed after signing: both say invalid.
    const altered = Buffer.from(pdf);
    const at = sig.byteRange[1] - 200;
    altered[at] = altered[at] === 0x41 ? 0x42 : 0x41;
    expect(pdfsig(altered)).not.toContain("Signature is Valid.");
    const mine = verifyPdf(altered, [new X509Certificate(ca.pem)], NOW);
    expect(mine.status).toBe("invalid");
    expect(mine.summary).toContain("không hợp lệ");
    expect(mine.signatures[0]!.digestMatches).toBe(false);

    // Bytes appended after signing (an incremental update): not covering the whole file.
    const appended = Buffer.concat([pdf, Buffer.from("\n% added later\n")]);
    expect(verifyPdf(appended, [new X509Certificate(ca.pem)], NOW).signatures[0]!.coversWholeFile).toBe(
      false,
    );
    expect(pdfsig(appended)).not.toContain("Total document signed");
  }, 90_000);

  it("never stores the key in the clear: the database dump holds no raw key bytes", () => {
    const dump = spawnSync("pg_dump", ["--data-only", h.cfg.DATABASE_URL!], {
      encoding: "latin1",
      maxBuffer: 1 << 28,
    });
    expect(dump.status, dump.stderr).toBe(0);
    expect(dump.stdout).toContain("signing_certificates");
    const key = privateKeyDer(signer);
    const hex = key.toString("hex");
    // The whole PKCS#8, and a 32-byte window from its middle (the primes), neither in hex nor base64.
    for (const needle of [hex, hex.slice(hex.length / 2, hex.length / 2 + 64)])
      expect(dump.stdout.includes(needle)).toBe(false);
    expect(dump.stdout.includes(key.toString("base64").slice(400, 460))).toBe(false);
    expect(dump.stdout).toContain(signer.der.toString("hex").slice(0, 64)); // the certificate itself is there
  });

  it("tells the committee's admins once, ahead of time, that the certificate expires", async () => {
    expect(await notifyExpiringCertificates(h.db, new Date("2027-11-15T00:00:00Z"), 30)).toBe(0);
    expect(await notifyExpiringCertificates(h.db, new Date("2027-12-10T00:00:00Z"), 30)).toBe(1);
    expect(await notifyExpiringCertificates(h.db, new Date("2027-12-11T00:00:00Z"), 30)).toBe(0);
    const { rows } = await h.db.query(
      "select title, urgent from notifications where event_type = 'signing_certificate_expiring'",
    );
    expect(rows).toEqual([{ title: "Chứng thư số “Nguyễn Thị Hằng” hết hạn sau 21 ngày", urgent: true }]);
  });
});

describeWithOffice("a signer who keeps the key on a token", () => {
  let tokenHolder: TestCert;
  let documentId: string;

  it("registers the signer's certificate only (no key reaches the server)", async () => {
    tokenHolder = makeSignerCert(ca, { ...valid, commonName: "Trần Văn Bình" });
    const res = await h.call("POST", "/v1/signing-certificates", {
      token: admin,
      body: { mode: "external", certificatePem: tokenHolder.pem },
    });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ mode: "external", commonName: "Trần Văn Bình" });
  });

  it("waits for the signer, prepares the digest, refuses a CMS that does not match, embeds the one that does", async () => {
    ({ documentId } = await issueLetter());
    const waiting = await signatureWhen(documentId, "awaiting_signer");
    expect(waiting.message).toContain("Trần Văn Bình");
    const noPdf = await h.call("GET", `/v1/documents/${documentId}.pdf`, { token: clerk });
    expect(noPdf.status).not.toBe(200);

    const early = await h.call("POST", `/v1/documents/${documentId}/signature`, {
      token: approver,
      body: { cmsBase64: forgeDetachedCms(tokenHolder, Buffer.from("x")).toString("base64") },
    });
    expect(early.status).toBe(409);

    const prep = await json(
      await h.call("POST", `/v1/documents/${documentId}/signature/prepare`, { token: approver }),
    );
    expect(prep.digestHex, JSON.stringify(prep)).toMatch(/^[0-9a-f]{64}$/);
    const prepared = Buffer.from(prep.preparedPdfBase64, "base64");
    const covered = coveredBytes(prepared, prep.byteRange);
    expect(createHash("sha256").update(covered).digest("hex")).toBe(prep.digestHex);

    const post = (cms: Buffer, token = approver) =>
      h.call("POST", `/v1/documents/${documentId}/signature`, {
        token,
        body: { cmsBase64: cms.toString("base64") },
      });
    const wrongContent = await post(
      forgeDetachedCms(tokenHolder, Buffer.concat([covered, Buffer.from("!")])),
    );
    expect(wrongContent.status).toBe(400);
    expect((await json(wrongContent)).error.message).toContain("không khớp với mã băm");
    const stranger = makeSignerCert(ca, valid);
    const wrongSigner = await post(forgeDetachedCms(stranger, covered));
    expect(wrongSigner.status).toBe(400);
    expect((await json(wrongSigner)).error.message).toContain("chứng thư số đã đăng ký");
    const garbage = await post(randomBytes(64));
    expect(garbage.status).toBe(400);
    expect((await json(garbage)).error.details[0].field).toBe("cmsBase64");
    expect((await post(forgeDetachedCms(tokenHolder, covered), clerk)).status).toBe(403);
    const other = await post(forgeDetachedCms(tokenHolder, covered), await h.token("HA-TINH", ["approver"]));
    expect(other.status).toBe(404);

    const ok = await post(forgeDetachedCms(tokenHolder, covered));
    const signed = await json(ok);
    expect(ok.status, JSON.stringify(signed)).toBe(200);
    expect(signed.state).toBe("signed");
    expect(signed.verification.signatures[0]).toMatchObject({
      valid: true,
      coversWholeFile: true,
      chainTrusted: true,
    });

    const pdf = Buffer.from(
      await (await h.call("GET", `/v1/documents/${documentId}.pdf`, { token: clerk })).arrayBuffer(),
    );
    const poppler = pdfsig(pdf);
    expect(poppler).toContain("Signature Validation: Signature is Valid.");
    expect(poppler).toContain("Total document signed");
    expect(poppler).toContain("Signer Certificate Common Name: Trần Văn Bình");
    expect((await post(forgeDetachedCms(tokenHolder, covered))).status).toBe(409);
  }, 120_000);
  it("accepts a CMS made by another implementation (OpenSSL -cades; also naming the signer by key identifier)", async () => {
    const { documentId: second } = await issueLetter();
    await signatureWhen(second, "awaiting_signer");
    const prep = await json(
      await h.call("POST", `/v1/documents/${second}/signature/prepare`, { token: approver }),
    );
    const covered = coveredBytes(Buffer.from(prep.preparedPdfBase64, "base64"), prep.byteRange);
    const files = {
      data: join(dir, "covered.bin"),
      cert: join(dir, "holder.pem"),
      key: join(dir, "holder.key"),
    };
    writeFileSync(files.data, covered);
    writeFileSync(files.cert, tokenHolder.pem);
    writeFileSync(files.key, privateKeyPem(tokenHolder));
    const opensslCms = (...extra: string[]) => {
      const args = ["cms", "-sign", "-binary", "-in", files.data, "-signer", files.cert, "-inkey", files.key];
      const made = spawnSync("openssl", [
        ...args,
        "-md",
        "sha256",
        "-outform",
        "DER",
        "-nosmimecap",
        ...extra,
      ]);
      expect(made.status, made.stderr.toString()).toBe(0);
      return made.stdout;
    };
    // Named by its subject key identifier: our verifier finds the signer (poppler 22.12's pdfsig does not).
    const byKeyId = embedCms(
      Buffer.from(prep.preparedPdfBase64, "base64"),
      prep.byteRange,
      opensslCms("-cades", "-keyid"),
    );
    expect(verifyPdf(byKeyId, [new X509Certificate(ca.pem)], NOW).signatures[0]).toMatchObject({
      valid: true,
      signer: { commonName: "Trần Văn Bình" },
    });
    const cms = opensslCms("-cades");
    const res = await h.call("POST", `/v1/documents/${second}/signature`, {
      token: approver,
      body: { cmsBase64: cms.toString("base64") },
    });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.verification.signatures[0]).toMatchObject({ valid: true, signingCertificateV2: true });
    const pdf = Buffer.from(
      await (await h.call("GET", `/v1/documents/${second}.pdf`, { token: clerk })).arrayBuffer(),
    );
    expect(pdfsig(pdf)).toContain("Signature Validation: Signature is Valid.");
  }, 120_000);
});

describeWithOffice("PDFs attached to replies are verified the same way", () => {
  async function signedPdfFromCounterpart(): Promise<Buffer> {
    const { PDFDocument } = await import("pdf-lib");
    const { preparePdf } = await import("../../src/signing/pdf-signature.js");
    const { createDetachedCms } = await import("../../src/signing/cms.js");
    const { createPrivateKey } = await import("node:crypto");
    const counterpart = makeSignerCert(ca, {
      ...valid,
      commonName: "Lê Văn Cường",
      organization: "UBKT Đảng ủy CATW",
    });
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]).drawText("Tra loi");
    const key = createPrivateKey({ key: privateKeyDer(counterpart), format: "der", type: "pkcs8" });
    const prepared = await preparePdf(
      Buffer.from(await doc.save()),
      { signer: "Lê Văn Cường", committee: "UBKT Đảng ủy CATW", signedAt: NOW },
      (digest) => createDetachedCms({ digest, certDer: counterpart.der, chainDer: [], key }),
    );
    return prepared.pdf;
  }

  it("shows on the request who signed each PDF of a reply, and which are not valid", async () => {
    const { requestId } = await issueLetter();
    const token = await eventually(async () => {
      const { rows } = await h.db.query("select token from dispatches where request_id = $1", [requestId]);
      return rows[0]?.token as string | undefined;
    }, 60_000);
    const good = await signedPdfFromCounterpart();
    const tampered = Buffer.from(good);
    tampered[200] = tampered[200] === 0x20 ? 0x0a : 0x20;
    const part = (name: string, bytes: Buffer) =>
      [
        "--b1",
        `Content-Type: application/pdf; name="${name}"`,
        `Content-Disposition: attachment; filename="${name}"`,
        "Content-Transfer-Encoding: base64",
        "",
        bytes.toString("base64").replace(/.{76}/g, "$&\r\n"),
      ].join("\r\n");
    const raw = Buffer.from(
      [
        "From: UBKT Dang uy CATW <ubkt-catw@uy-ban-kiem-tra.example>",
        `To: reply+${token}@phoihop.example`,
        "Subject: Re: cử cán bộ",
        `Message-ID: <${randomBytes(6).toString("hex")}@mail.catw.example>`,
        "Date: Fri, 06 Mar 2026 09:00:00 +0700",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b1"',
        "",
        "--b1",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Đồng ý cử cán bộ, văn bản trả lời gửi kèm.",
        part("tra-loi.pdf", good),
        part("tra-loi-sua.pdf", tampered),
        "--b1--",
        "",
      ].join("\r\n"),
    );
    const posted = await h.call("POST", "/v1/inbound/mime", {
      token: await h.token("CATW", ["mail_gateway"]),
      body: raw,
      headers: { "content-type": "message/rfc822" },
    });
    expect(posted.status, await posted.clone().text()).toBe(202);
    const signatures = await eventually(async () => {
      const s = await json(await h.call("GET", `/v1/requests/${requestId}/signatures`, { token: clerk }));
      return s.replies?.length === 2 ? s : undefined;
    }, 30_000);
    const byName = Object.fromEntries(
      signatures.replies.map((r: { filename: string; verification: unknown }) => [
        r.filename,
        r.verification,
      ]),
    );
    expect(byName["tra-loi.pdf"]).toMatchObject({ status: "valid", summary: "hợp lệ" });
    expect(byName["tra-loi.pdf"].signatures[0].signer.commonName).toBe("Lê Văn Cường");
    expect(byName["tra-loi-sua.pdf"].status).toBe("invalid");
    expect(byName["tra-loi-sua.pdf"].summary).toContain("không hợp lệ");
    const page = await (await signIn(h, clerk)).get(`/yeu-cau/${requestId}`);
    expect(page.html).toContain("Tệp tra-loi.pdf:");
    expect(page.html).toContain("chữ ký số hợp lệ");
    expect(page.html).toMatch(/Tệp tra-loi-sua\.pdf:.*chữ ký số không hợp lệ/s);
    expect(pdfsig(good)).toContain("Signature is Valid.");
    expect(pdfsig(tampered)).not.toContain("Signature is Valid.");
    const stranger = await h.call("GET", `/v1/requests/${requestId}/signatures`, {
      token: await h.token("HA-TINH", ["clerk"]),
    });
    expect(stranger.status).toBe(404);
  }, 120_000);
});

describeWithOffice("a certificate that can no longer sign", () => {
  it("issues no PDF rather than a badly signed one when the certificate expired, and says why", async () => {
    const shortLived = makeSignerCert(ca, {
      notBefore: valid.notBefore,
      notAfter: new Date("2026-04-01T00:00:00Z"),
    });
    expect((await uploadP12(makePkcs12(shortLived, [ca], password))).status).toBe(201);
    const clock = h.clock as ReturnType<typeof fixedClock>;
    clock.set("2026-04-02T03:00:00Z");
    try {
      const { documentId } = await issueLetter();
      const s = await signatureWhen(documentId, "pdf_failed");
      expect(s.message).toContain("đã hết hạn ngày 2026-04-01");
      const pdf = await h.call("GET", `/v1/documents/${documentId}.pdf`, { token: clerk });
      expect(pdf.status).toBe(409);
      expect((await json(pdf)).error.message).toContain("hết hạn");
    } finally {
      clock.set(NOW);
    }
  }, 90_000);

  it("refuses to store a letter whose fresh signature would not verify, or whose key the secret does not open", async () => {
    const { signIssuedPdf, SigningRefusedError } = await import("../../src/signing/sign-document.js");
    const { signingSettings } = await import("../../src/signing/settings.js");
    const { PDFDocument } = await import("pdf-lib");
    const { rows } = await h.db.query(
      "select d.id from documents d join committees c on c.id = d.issuer_committee_id where c.code = 'NGHE-AN' limit 1",
    );
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    const pdf = Buffer.from(await doc.save());
    const settings = signingSettings(h.cfg);
    const otherRoots = { ...settings, trustedRoots: [new X509Certificate(makeCa("Gốc khác").pem)] };
    await expect(signIssuedPdf({ db: h.db, signing: otherRoots, now: NOW }, rows[0].id, pdf)).rejects.toThrow(
      /không hợp lệ: chuỗi chứng thư không tin cậy/,
    );
    const otherSecret = { ...settings, keySecret: randomBytes(32) };
    const attempt = signIssuedPdf({ db: h.db, signing: otherSecret, now: NOW }, rows[0].id, pdf);
    await expect(attempt).rejects.toBeInstanceOf(SigningRefusedError);
    await expect(attempt).rejects.toThrow(/SIGNING_KEY_SECRET khác/);
    const signed = await signIssuedPdf({ db: h.db, signing: settings, now: NOW }, rows[0].id, pdf);
    expect(signed.kind).toBe("signed");
  });

  it("lets only an admin stop using it, and refuses keys where no SIGNING_KEY_SECRET is configured", async () => {
    const [active] = (await json(await h.call("GET", "/v1/signing-certificates", { token: clerk }))).items;
    expect((await h.call("DELETE", `/v1/signing-certificates/${active.id}`, { token: clerk })).status).toBe(
      403,
    );
    expect((await h.call("DELETE", `/v1/signing-certificates/${active.id}`, { token: admin })).status).toBe(
      204,
    );
    expect((await h.call("DELETE", `/v1/signing-certificates/${active.id}`, { token: admin })).status).toBe(
      404,
    );
    expect(await activeCount()).toBe(0);
    const { registerCertificate } = await import("../../src/signing/register-certificate.js");
    const { rows } = await h.db.query("select id from committees where code = 'NGHE-AN'");
    const attempt = registerCertificate(
      h.db,
      { trustedRoots: [new X509Certificate(ca.pem)], expiryNoticeDays: 30 },
      {
        committeeId: rows[0].id,
        upload: {
          mode: "stored_key",
          pkcs12: makePkcs12(makeSignerCert(ca, valid), [ca], password),
          password,
          sealPng: null,
        },
        uploadedBy: null as unknown as string,
        now: NOW,
      },
    );
    await expect(attempt).rejects.toMatchObject({
      code: "not_available",
      message: expect.stringContaining("SIGNING_KEY_SECRET"),
    });
    expect(await activeCount()).toBe(0);
  });
});

describe("the OpenAPI document", () => {
  it("lists the signing routes", async () => {
    const spec = await json(await h.call("GET", "/openapi.json"));
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/v1/signing-certificates",
        "/v1/signing-certificates/{id}",
        "/v1/documents/{id}/signature",
        "/v1/documents/{id}/signature/prepare",
        "/v1/requests/{id}/signatures",
      ]),
    );
  });
});
