import { createHash, createPrivateKey } from "node:crypto";
import type { Db } from "../db/db.js";
import { findCommitteeOnDate } from "../db/queries/committees.js";
import { findDocumentSigning, storeSignedPdf } from "../db/queries/document-signatures.js";
import { storeDocumentPdf } from "../db/queries/documents.js";
import { deleteSignaturePreparation, insertSignatureWait } from "../db/queries/signature-preparations.js";
import { findActiveSigningMaterial, type SigningMaterial } from "../db/queries/signing-certificates.js";
import { PdfConversionError } from "../documents/pdf/pdf-converter.js";
import { createDetachedCms } from "./cms.js";
import { KeyUnsealError, unsealKey } from "./key-vault.js";
import { preparePdf, type VisibleMark } from "./pdf-signature.js";
import type { SigningSettings } from "./settings.js";
import { verifyPdf } from "./verify-pdf.js";

export type IssuedPdf =
  | { kind: "unsigned"; pdf: Buffer }
  | { kind: "signed"; pdf: Buffer; certificateId: string; signedAt: Date }
  | { kind: "awaiting_signer"; certificateId: string };

/** A committee that has a certificate but cannot sign now: no letter goes out unsigned or badly signed. */
export class SigningRefusedError extends PdfConversionError {
  override name = "SigningRefusedError";
}

export interface DocumentToSign {
  id: string;
  issuerCommitteeId: number;
  issuedOn: string;
}

/**
 * The issuing committee's signature on a document's PDF, inside the PDF step: signed with the stored key, left
 * waiting for a signer who keeps the key, or unsigned where the committee has no certificate.
 */
export async function signIssuedPdf(
  deps: { db: Db; signing?: SigningSettings | undefined; now: Date },
  documentId: string,
  pdf: Buffer,
): Promise<IssuedPdf> {
  const doc = await findDocumentSigning(deps.db, documentId);
  if (!doc) throw new PdfConversionError("Không tìm thấy văn bản");
  const material = await findActiveSigningMaterial(deps.db, doc.issuerCommitteeId);
  if (!material) return { kind: "unsigned", pdf };
  refuseUnusable(material, deps.now);
  if (material.mode === "external") {
    await insertSignatureWait(deps.db, { documentId: doc.id, certificateId: material.id, unsignedPdf: pdf });
    return { kind: "awaiting_signer", certificateId: material.id };
  }
  const mark = await visibleMark(deps, doc, material);
  const key = openKey(deps.signing, material);
  const prepared = await preparePdf(pdf, mark, (digest) =>
    createDetachedCms({ digest, certDer: material.certDer, chainDer: material.chainDer, key }),
  );
  // Checked as a reader will check it: a letter with a signature that does not hold is never stored.
  const check = verifyPdf(prepared.pdf, deps.signing?.trustedRoots ?? [], deps.now);
  if (check.status !== "valid") throw new SigningRefusedError(`Chữ ký vừa tạo ${check.summary}`);
  return { kind: "signed", pdf: prepared.pdf, certificateId: material.id, signedAt: mark.signedAt };
}

/** The PDF and, where it was signed, who signed it: one statement, written once. */
export async function storeIssuedPdf(
  db: Db,
  documentId: string,
  issued: Exclude<IssuedPdf, { kind: "awaiting_signer" }>,
) {
  const sha256 = createHash("sha256").update(issued.pdf).digest("hex");
  // A document that waited for a token signer whose certificate was since replaced is issued as things stand now.
  await deleteSignaturePreparation(db, documentId);
  if (issued.kind === "unsigned") return storeDocumentPdf(db, documentId, issued.pdf, sha256);
  return storeSignedPdf(db, documentId, {
    pdf: issued.pdf,
    sha256,
    certificateId: issued.certificateId,
    signedAt: issued.signedAt,
  });
}

function refuseUnusable(material: SigningMaterial, now: Date): void {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  if (now > material.notAfter)
    throw new SigningRefusedError(
      `Chứng thư số của ủy ban đã hết hạn ngày ${day(material.notAfter)}: tải lên chứng thư mới rồi tạo lại bản PDF`,
    );
  if (now < material.notBefore)
    throw new SigningRefusedError(
      `Chứng thư số của ủy ban chưa có hiệu lực (từ ngày ${day(material.notBefore)})`,
    );
}

function openKey(signing: SigningSettings | undefined, m: SigningMaterial) {
  if (!signing?.keySecret)
    throw new SigningRefusedError("Máy chủ chưa cấu hình SIGNING_KEY_SECRET: không ký được");
  const { keyCiphertext: ciphertext, keyIv: iv, keyTag: tag } = m;
  if (!ciphertext || !iv || !tag) throw new Error(`Signing certificate ${m.id} keeps no sealed key`);
  try {
    const der = unsealKey(
      signing.keySecret,
      { ciphertext, iv, tag, secretId: m.keySecretId ?? "" },
      m.certSha256,
    );
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch (err) {
    if (err instanceof KeyUnsealError) throw new SigningRefusedError(err.message);
    throw err;
  }
}

export async function visibleMark(
  deps: { db: Db; signing?: SigningSettings | undefined; now: Date },
  doc: DocumentToSign,
  material: SigningMaterial,
): Promise<VisibleMark> {
  const committee = await findCommitteeOnDate(deps.db, doc.issuerCommitteeId, doc.issuedOn);
  return {
    signer: material.commonName,
    committee: committee?.name ?? material.commonName,
    signedAt: deps.now,
    sealPng: material.sealPng,
    ...(deps.signing?.fontPath ? { fontPath: deps.signing.fontPath } : {}),
  };
}
