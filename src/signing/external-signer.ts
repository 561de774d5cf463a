import { createHash } from "node:crypto";
import type pg from "pg";
import { withTransaction } from "../db/db.js";
import { findDocumentSigning, storeSignedPdf } from "../db/queries/document-signatures.js";
import {
  deleteSignaturePreparation,
  findSignaturePreparation,
  storePreparedPdf,
} from "../db/queries/signature-preparations.js";
import { findActiveSigningMaterial } from "../db/queries/signing-certificates.js";
import { AppError } from "../errors.js";
import { CmsParseError, parseCms } from "./cms.js";
import { asByteRange, embedCms, preparePdf } from "./pdf-signature.js";
import type { SigningSettings } from "./settings.js";
import { visibleMark } from "./sign-document.js";
import { checkCms, type PdfVerification, type SignatureCheck, verifyPdf } from "./verify-pdf.js";

/**
 * Step 1 of signing with a key that never reaches the server (a USB token): the PDF with its visible mark and an
 * empty signature, and the SHA-256 of the bytes its ByteRange covers. A new prepare replaces the previous one.
 */
export async function prepareExternalSignature(
  deps: { db: pg.Pool; signing?: SigningSettings | undefined; now: Date },
  documentId: string,
) {
  const { preparation, material, doc } = await waitingDocument(deps.db, documentId);
  const mark = await visibleMark(deps, doc, material);
  const prepared = await preparePdf(preparation.unsignedPdf, mark);
  await storePreparedPdf(deps.db, {
    documentId,
    certificateId: material.id,
    preparedPdf: prepared.pdf,
    byteRange: prepared.byteRange,
    digestSha256: prepared.digest.toString("hex"),
  });
  return {
    documentId,
    digestAlgorithm: "SHA-256" as const,
    digestHex: prepared.digest.toString("hex"),
    digestBase64: prepared.digest.toString("base64"),
    byteRange: prepared.byteRange,
    signingTime: mark.signedAt.toISOString(),
    certificateSha256: material.certSha256,
    preparedPdfBase64: prepared.pdf.toString("base64"),
  };
}

/**
 * Step 2: the detached CMS made on the token. It must sign the prepared digest, with the committee's registered
 * certificate, validly and with a trusted chain; only then is it embedded and the signed PDF stored, once.
 */
export async function acceptExternalSignature(
  deps: { db: pg.Pool; signing?: SigningSettings | undefined; now: Date },
  documentId: string,
  cmsDer: Buffer,
): Promise<PdfVerification> {
  const { preparation, material } = await waitingDocument(deps.db, documentId);
  if (!preparation.preparedPdf || !preparation.byteRange || !preparation.digestSha256)
    throw new AppError("conflict", "Văn bản chưa được chuẩn bị để ký: gọi POST …/signature/prepare trước");
  const refuse = (message: string) =>
    new AppError("validation_failed", message, [{ field: "cmsBase64", message }]);
  let cms: ReturnType<typeof parseCms>;
  try {
    cms = parseCms(cmsDer);
  } catch (err) {
    throw refuse(
      `Chữ ký CMS không đọc được: ${err instanceof CmsParseError ? err.message : "sai định dạng"}`,
    );
  }
  if (cms.signer.messageDigest?.toString("hex") !== preparation.digestSha256)
    throw refuse(
      "Chữ ký CMS không khớp với mã băm của bản đã chuẩn bị (đã ký một tệp khác hoặc bản chuẩn bị cũ)",
    );
  // A token may leave out the certificates: the registered ones complete the set.
  cms.certificates.push(material.certDer, ...material.chainDer);
  const check = emptyCheck();
  const [, gapStart, gapEnd] = asByteRange(preparation.byteRange);
  const covered = Buffer.concat([
    preparation.preparedPdf.subarray(0, gapStart),
    preparation.preparedPdf.subarray(gapEnd),
  ]);
  checkCms(check, cms, covered, deps.signing?.trustedRoots ?? [], deps.now);
  if (check.certificateSha256 !== material.certSha256)
    throw refuse("Chữ ký không được tạo bằng chứng thư số đã đăng ký của ủy ban");
  if (check.reasons.length > 0) throw refuse(`Chữ ký không hợp lệ: ${check.reasons.join("; ")}`);
  let signed: Buffer;
  try {
    signed = embedCms(preparation.preparedPdf, preparation.byteRange, cmsDer);
  } catch (err) {
    throw refuse(`Chữ ký CMS quá lớn: ${(err as Error).message}`);
  }
  const verification = verifyPdf(signed, deps.signing?.trustedRoots ?? [], deps.now);
  if (verification.status !== "valid") throw refuse(`Tệp sau khi ghép chữ ký ${verification.summary}`);
  await withTransaction(deps.db, async (tx) => {
    const stored = await storeSignedPdf(tx, documentId, {
      pdf: signed,
      sha256: createHash("sha256").update(signed).digest("hex"),
      certificateId: material.id,
      signedAt: preparation.preparedAt ?? deps.now,
    });
    if (!stored) throw new AppError("conflict", "Văn bản đã có bản PDF được ký");
    await deleteSignaturePreparation(tx, documentId);
  });
  return verification;
}

async function waitingDocument(db: pg.Pool, documentId: string) {
  const doc = await findDocumentSigning(db, documentId);
  if (!doc) throw new AppError("not_found", "Không tìm thấy văn bản");
  const preparation = await findSignaturePreparation(db, documentId);
  if (!preparation) {
    throw new AppError(
      "conflict",
      doc.pdf
        ? "Văn bản đã có bản PDF, không chờ ký"
        : "Văn bản không chờ ký bằng thiết bị (chưa có bản PDF hoặc ủy ban không đăng ký người ký ngoài)",
    );
  }
  const material = await findActiveSigningMaterial(db, doc.issuerCommitteeId);
  if (material?.mode !== "external")
    throw new AppError("conflict", "Ủy ban không còn chứng thư số của người ký ngoài đang hiệu lực");
  return { doc, preparation, material };
}

function emptyCheck(): SignatureCheck {
  return {
    valid: false,
    reasons: [],
    signer: null,
    issuer: null,
    certificateSha256: null,
    signedAt: null,
    byteRange: [],
    coversWholeFile: true,
    subFilter: null,
    digestMatches: false,
    signatureValid: false,
    chainTrusted: false,
    chain: [],
    signingCertificateV2: false,
  };
}
