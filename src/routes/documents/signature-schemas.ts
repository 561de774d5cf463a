import { z } from "@hono/zod-openapi";

/** One signature of a PDF as the verifier checked it (src/signing/verify-pdf.ts). */
export const SignatureCheckSchema = z.object({
  valid: z.boolean(),
  reasons: z.array(z.string()).describe("Vì sao không hợp lệ; rỗng khi hợp lệ"),
  signer: z
    .object({
      commonName: z.string(),
      organization: z.string().nullable(),
      subject: z.string(),
      serial: z.string(),
    })
    .nullable(),
  issuer: z.string().nullable(),
  certificateSha256: z.string().nullable(),
  signedAt: z.string().nullable(),
  byteRange: z.array(z.number().int()),
  coversWholeFile: z.boolean(),
  subFilter: z.string().nullable(),
  digestMatches: z.boolean(),
  signatureValid: z.boolean(),
  chainTrusted: z.boolean(),
  chain: z.array(z.string()),
  signingCertificateV2: z.boolean(),
});

export const PdfVerificationSchema = z
  .object({
    status: z.enum(["unsigned", "valid", "invalid"]),
    summary: z.string(),
    signatures: z.array(SignatureCheckSchema),
  })
  .openapi("PdfVerification");

export const DocumentSignatureSchema = z
  .object({
    documentId: z.uuid(),
    state: z.enum(["signed", "unsigned", "awaiting_signer", "pdf_pending", "pdf_failed"]),
    message: z.string(),
    pdfSha256: z.string().nullable(),
    signedAt: z.string().nullable(),
    certificate: z
      .object({
        id: z.string(),
        commonName: z.string(),
        issuer: z.string(),
        serial: z.string(),
        notAfter: z.string(),
      })
      .nullable(),
    verification: PdfVerificationSchema.nullable().describe("Kiểm tra lại mỗi lần đọc"),
  })
  .openapi("DocumentSignature");

/** What a signer's device signs: the digest of the PDF's signed bytes, and the prepared PDF to sign into. */
export const SignaturePreparationSchema = z
  .object({
    documentId: z.uuid(),
    digestAlgorithm: z.literal("SHA-256"),
    digestHex: z.string(),
    digestBase64: z.string(),
    byteRange: z.array(z.number().int()).describe("Phần được ký (ByteRange)"),
    signingTime: z.string(),
    certificateSha256: z.string(),
    preparedPdfBase64: z.string(),
  })
  .openapi("SignaturePreparation");

export const RequestSignaturesSchema = z
  .object({
    documents: z.array(DocumentSignatureSchema.nullable()),
    replies: z.array(
      z.object({
        inboundId: z.uuid(),
        attachmentId: z.uuid(),
        filename: z.string().nullable(),
        sha256: z.string(),
        verification: PdfVerificationSchema,
      }),
    ),
  })
  .openapi("RequestSignatures");

export type RequestSignatures = z.infer<typeof RequestSignaturesSchema>;
export type DocumentSignature = z.infer<typeof DocumentSignatureSchema>;
