import type { X509Certificate } from "node:crypto";
import type { Db } from "../db/db.js";
import { findActiveSigningMaterial, replaceSigningCertificate } from "../db/queries/signing-certificates.js";
import { AppError } from "../errors.js";
import {
  CertificateProblem,
  checkSigningCertificate,
  describeCertificate,
  pickSignerCertificate,
  readPkcs12,
} from "./certificates.js";
import { sealKey } from "./key-vault.js";
import { readPemBundle, type SigningSettings } from "./settings.js";

export type CertificateUpload =
  | { mode: "stored_key"; pkcs12: Buffer; password: string; sealPng: Buffer | null }
  | { mode: "external"; certificatePem: string; chainPem: string; sealPng: Buffer | null };

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Checks an uploaded certificate (and key) and makes it the committee's active one. Every refusal is a 4xx that
 * names the field; nothing is written unless all checks pass. The key is sealed before it reaches a query.
 */
export async function registerCertificate(
  db: Db,
  signing: SigningSettings | undefined,
  p: { committeeId: number; upload: CertificateUpload; uploadedBy: string; now: Date },
): Promise<{ id: string; created: boolean }> {
  if (signing?.trustedRoots.length === 0 || !signing)
    throw new AppError(
      "not_available",
      "Máy chủ chưa cấu hình SIGNING_TRUSTED_ROOTS: không kiểm tra được chuỗi chứng thư",
    );
  const { upload } = p;
  if (upload.sealPng && !upload.sealPng.subarray(0, 8).equals(PNG_MAGIC))
    throw invalid("sealPngBase64", "Hình con dấu phải là tệp PNG");
  try {
    if (upload.mode === "stored_key") {
      if (!signing.keySecret)
        throw new AppError(
          "not_available",
          "Máy chủ chưa cấu hình SIGNING_KEY_SECRET: không nhận khóa ký để lưu",
        );
      const { certs, key } = readPkcs12(upload.pkcs12, upload.password);
      const { cert, chain } = pickSignerCertificate(certs, key);
      const facts = checkSigningCertificate(
        { cert, chain, field: "pkcs12Base64" },
        signing.trustedRoots,
        p.now,
      );
      const pkcs8 = key.export({ format: "der", type: "pkcs8" });
      const same = await sameAsActive(db, p.committeeId, "stored_key", facts.sha256, upload.sealPng);
      if (same) return { id: same, created: false };
      return await created(
        replaceSigningCertificate(db, {
          ...facts,
          committeeId: p.committeeId,
          mode: "stored_key",
          certDer: cert,
          certSha256: facts.sha256,
          chainDer: chain,
          key: sealKey(signing.keySecret, pkcs8, facts.sha256),
          sealPng: upload.sealPng,
          uploadedBy: p.uploadedBy,
        }),
      );
    }
    const [leaf, ...chainCerts] = [
      ...readPem(upload.certificatePem, "certificatePem"),
      ...readPem(upload.chainPem, "chainPem"),
    ];
    if (!leaf) throw new CertificateProblem("certificatePem", "Không có chứng thư số trong certificatePem");
    const cert = leaf.raw;
    const chain = chainCerts.map((c) => c.raw);
    const facts = checkSigningCertificate(
      { cert, chain, field: "certificatePem" },
      signing.trustedRoots,
      p.now,
    );
    const same = await sameAsActive(db, p.committeeId, "external", facts.sha256, upload.sealPng);
    if (same) return { id: same, created: false };
    return await created(
      replaceSigningCertificate(db, {
        ...describeCertificate(cert),
        committeeId: p.committeeId,
        mode: "external",
        certDer: cert,
        certSha256: facts.sha256,
        chainDer: chain,
        key: null,
        sealPng: upload.sealPng,
        uploadedBy: p.uploadedBy,
      }),
    );
  } catch (err) {
    if (err instanceof CertificateProblem) throw invalid(err.field, err.message);
    throw err;
  }
}

const created = async (id: Promise<string>) => ({ id: await id, created: true });

/** The same certificate (and seal) uploaded again is the active one already: nothing is written twice. */
async function sameAsActive(db: Db, committeeId: number, mode: string, sha256: string, seal: Buffer | null) {
  const active = await findActiveSigningMaterial(db, committeeId);
  const activeSeal = active?.sealPng ?? null;
  const sameSeal = activeSeal === null ? seal === null : seal !== null && activeSeal.equals(seal);
  return active && active.mode === mode && active.certSha256 === sha256 && sameSeal ? active.id : undefined;
}

function readPem(pem: string, field: string): X509Certificate[] {
  try {
    return readPemBundle(pem);
  } catch {
    throw new CertificateProblem(field, "Chứng thư số (PEM) không đọc được");
  }
}

function invalid(field: string, message: string): AppError {
  return new AppError("validation_failed", message, [{ field, message }]);
}
