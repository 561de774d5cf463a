import type { Db } from "../db/db.js";
import { findDocumentSigning } from "../db/queries/document-signatures.js";
import { findSignaturePreparation } from "../db/queries/signature-preparations.js";
import { findSigningCertificate } from "../db/queries/signing-certificates.js";
import type { SigningSettings } from "./settings.js";
import { type PdfVerification, verifyPdf } from "./verify-pdf.js";

export type SignatureState = "signed" | "unsigned" | "awaiting_signer" | "pdf_pending" | "pdf_failed";

export interface DocumentSignature {
  documentId: string;
  state: SignatureState;
  /** One line for the page, in Vietnamese. */
  message: string;
  pdfSha256: string | null;
  signedAt: string | null;
  certificate: { id: string; commonName: string; issuer: string; serial: string; notAfter: string } | null;
  /** Checked on every read, against the roots configured now: the stored PDF's signatures as they are. */
  verification: PdfVerification | null;
}

export async function describeDocumentSignature(
  db: Db,
  signing: SigningSettings | undefined,
  documentId: string,
  now: Date,
): Promise<DocumentSignature | undefined> {
  const doc = await findDocumentSigning(db, documentId);
  if (!doc) return undefined;
  const certificateId =
    doc.signedBy ?? (await findSignaturePreparation(db, documentId))?.certificateId ?? null;
  const cert = certificateId ? await findSigningCertificate(db, certificateId) : undefined;
  const verification = doc.pdf ? verifyPdf(doc.pdf, signing?.trustedRoots ?? [], now) : null;
  const base = {
    documentId,
    pdfSha256: doc.pdfSha256,
    signedAt: doc.signedAt?.toISOString() ?? null,
    certificate: cert
      ? {
          id: cert.id,
          commonName: cert.commonName,
          issuer: cert.issuer,
          serial: cert.serial,
          notAfter: cert.notAfter.toISOString(),
        }
      : null,
    verification,
  };
  if (verification && doc.signedBy)
    return { ...base, state: "signed", message: `Văn bản đã được ký số — chữ ký ${verification.summary}` };
  if (doc.pdf)
    return {
      ...base,
      state: "unsigned",
      message: "Văn bản ban hành không có chữ ký số: ủy ban ban hành chưa đăng ký chứng thư số",
    };
  if (cert)
    return {
      ...base,
      state: "awaiting_signer",
      message: `Văn bản chờ ${cert.commonName} ký số bằng thiết bị`,
    };
  if (doc.pdfError)
    return { ...base, state: "pdf_failed", message: `Chưa có bản PDF được ký: ${doc.pdfError}` };
  return { ...base, state: "pdf_pending", message: "Bản PDF đang được tạo" };
}
