import { createHash, verify as cryptoVerify, X509Certificate } from "node:crypto";
import { buildChain, nameAttribute, oneLine } from "./chain.js";
import { CmsParseError, certificateId, DIGEST_NAMES, OID, parseCms, type ParsedCms } from "./cms.js";
import { keyUsageOf, subjectKeyIdOf } from "./certificates.js";
import { coveredBytes } from "./pdf-signature.js";

export interface SignatureCheck {
  valid: boolean;
  /** Why it is not valid, in Vietnamese; empty when valid. */
  reasons: string[];
  signer: { commonName: string; organization: string | null; subject: string; serial: string } | null;
  issuer: string | null;
  certificateSha256: string | null;
  /** The claimed time (/M of the signature dictionary, else the signing-time attribute), ISO 8601. */
  signedAt: string | null;
  byteRange: number[];
  coversWholeFile: boolean;
  subFilter: string | null;
  digestMatches: boolean;
  signatureValid: boolean;
  chainTrusted: boolean;
  chain: string[];
  signingCertificateV2: boolean;
}

export interface PdfVerification {
  status: "unsigned" | "valid" | "invalid";
  /** One line for a page: "hợp lệ", "không hợp lệ: …" or "không có chữ ký số". */
  summary: string;
  signatures: SignatureCheck[];
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/**
 * Every signature of a PDF checked: integrity of the covered bytes, the signer's signature, coverage, chain. The
 * chain is checked at the time a signature claims; one that claims none is checked at `now` (the reading).
 */
export function verifyPdf(pdf: Buffer, roots: readonly X509Certificate[], now: Date): PdfVerification {
  const text = pdf.toString("latin1");
  const signatures = [...text.matchAll(BYTE_RANGE)].map((m) =>
    checkSignature(pdf, text, m.index, [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])], roots, now),
  );
  if (signatures.length === 0) return { status: "unsigned", summary: "không có chữ ký số", signatures };
  const bad = signatures.flatMap((s) => s.reasons);
  return bad.length === 0
    ? { status: "valid", summary: "hợp lệ", signatures }
    : { status: "invalid", summary: `không hợp lệ: ${bad.join("; ")}`, signatures };
}

function checkSignature(
  pdf: Buffer,
  text: string,
  at: number,
  byteRange: number[],
  roots: readonly X509Certificate[],
  now: Date,
): SignatureCheck {
  const [start, firstLength, second, secondLength] = byteRange as [number, number, number, number];
  const dict = dictionaryAround(text, at);
  const result: SignatureCheck = {
    valid: false,
    reasons: [],
    signer: null,
    issuer: null,
    certificateSha256: null,
    signedAt: pdfDate(/\/M\s*\(([^)]*)\)/.exec(dict)?.[1])?.toISOString() ?? null,
    byteRange,
    coversWholeFile: start === 0 && second + secondLength === pdf.length,
    subFilter: /\/SubFilter\s*\/([\w.]+)/.exec(dict)?.[1] ?? null,
    digestMatches: false,
    signatureValid: false,
    chainTrusted: false,
    chain: [],
    signingCertificateV2: false,
  };
  const inFile = second + secondLength <= pdf.length && firstLength < second && pdf[firstLength] === 0x3c;
  if (!inFile) return fail(result, "ByteRange không khớp với tệp (tệp bị cắt hoặc sửa)");
  if (!result.coversWholeFile)
    result.reasons.push("chữ ký không bao trùm toàn bộ tệp (có nội dung thêm sau khi ký)");
  let cms: ParsedCms;
  try {
    cms = parseCms(trimDer(Buffer.from(pdf.subarray(firstLength + 1, second - 1).toString("latin1"), "hex")));
  } catch (err) {
    return fail(result, err instanceof CmsParseError ? err.message : "không đọc được chữ ký");
  }
  checkCms(result, cms, coveredBytes(pdf, byteRange), roots, now);
  result.valid = result.reasons.length === 0;
  return result;
}

/** Integrity, signer, key usage, chain, for one parsed CMS over `covered`. */
export function checkCms(
  result: SignatureCheck,
  cms: ParsedCms,
  covered: Buffer,
  roots: readonly X509Certificate[],
  now: Date,
) {
  const digestName = DIGEST_NAMES[cms.signer.digestOid];
  if (!digestName) return fail(result, `thuật toán băm ${cms.signer.digestOid} không được hỗ trợ`);
  const digest = createHash(digestName).update(covered).digest();
  result.digestMatches = cms.signer.messageDigest?.equals(digest) ?? false;
  if (!result.digestMatches)
    result.reasons.push("nội dung tệp đã bị thay đổi sau khi ký (mã băm không khớp)");
  const certDer = cms.certificates.find((c) => namesSigner(cms, c));
  if (!certDer) return fail(result, "chữ ký không kèm chứng thư số của người ký");
  const cert = new X509Certificate(certDer);
  result.signer = {
    commonName: nameAttribute(cert.subject, "CN") ?? oneLine(cert.subject),
    organization: nameAttribute(cert.subject, "O") ?? null,
    subject: oneLine(cert.subject),
    serial: cert.serialNumber,
  };
  result.issuer = oneLine(cert.issuer);
  result.certificateSha256 = createHash("sha256").update(certDer).digest("hex");
  result.signedAt ??= cms.signer.signingTime?.toISOString() ?? null;
  result.signingCertificateV2 = cms.signer.essCertHashes.some(
    (h) => h.toString("hex") === result.certificateSha256,
  );
  if (cms.signer.essCertHashes.length > 0 && !result.signingCertificateV2)
    result.reasons.push("thuộc tính signing-certificate-v2 không khớp với chứng thư của người ký");
  result.signatureValid = verifySignerSignature(cms, cert, digestName);
  if (!result.signatureValid) result.reasons.push("chữ ký không khớp với khóa công khai của chứng thư");
  const usage = keyUsageOf(certDer);
  if (usage && !usage.digitalSignature && !usage.nonRepudiation)
    result.reasons.push("chứng thư số không được cấp để ký");
  const signedAt = result.signedAt ? new Date(result.signedAt) : now;
  const pool = cms.certificates.map((c) => new X509Certificate(c));
  const chain = buildChain(cert, pool, roots, signedAt);
  result.chainTrusted = chain.trusted;
  result.chain = chain.path.map((c) => oneLine(c.subject));
  if (!chain.trusted) result.reasons.push(`chuỗi chứng thư không tin cậy: ${chain.problem}`);
  return result;
}

/** Whether the CMS's signer identifier names this certificate (issuer and serial, or subject key identifier). */
function namesSigner(cms: ParsedCms, certDer: Buffer): boolean {
  if (cms.signer.sidKeyId) return subjectKeyIdOf(certDer)?.equals(cms.signer.sidKeyId) ?? false;
  const id = certificateId(certDer);
  return (
    id.serialHex === cms.signer.sidSerialHex &&
    id.issuerDer.equals(cms.signer.sidIssuerDer ?? Buffer.alloc(0))
  );
}

function verifySignerSignature(cms: ParsedCms, cert: X509Certificate, digestName: string): boolean {
  const known: string[] = [OID.rsaEncryption, OID.sha256WithRsa, OID.ecdsaWithSha256];
  if (!known.includes(cms.signer.signatureOid)) return false;
  try {
    return cryptoVerify(digestName, cms.signer.signedAttrsDer, cert.publicKey, cms.signer.signature);
  } catch {
    return false;
  }
}

function fail(result: SignatureCheck, reason: string): SignatureCheck {
  result.reasons.push(reason);
  result.valid = false;
  return result;
}

/** The signature dictionary's text: from the object start before the ByteRange to its end. */
function dictionaryAround(text: string, at: number): string {
  const begin = text.lastIndexOf(" obj", at);
  const end = text.indexOf("endobj", at);
  return text
    .slice(begin < 0 ? Math.max(0, at - 2000) : begin, end < 0 ? at + 2000 : end)
    .replace(/\/Contents\s*<[0-9a-fA-F\s]*>/, "");
}

/** /Contents is padded with zeros past the DER: cut at the length its header says. */
export function trimDer(bytes: Buffer): Buffer {
  const [tag, first] = bytes;
  if (tag !== 0x30 || first === undefined) return bytes;
  if (first < 0x80) return bytes.subarray(0, 2 + first);
  const n = first & 0x7f;
  if (n === 0 || n > 4 || bytes.length < 2 + n) return bytes;
  let length = 0;
  for (const b of bytes.subarray(2, 2 + n)) length = length * 256 + b;
  return bytes.subarray(0, Math.min(bytes.length, 2 + n + length));
}

/** A PDF date: D:YYYYMMDDHHmmSS with Z or ±HH'mm'. */
export function pdfDate(s: string | undefined): Date | undefined {
  const m = s && /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s);
  if (!m) return undefined;
  const zone = !m[7] || m[7] === "Z" ? "Z" : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, "").slice(3, 5)}`;
  const iso = `${m[1]}-${m[2] ?? "01"}-${m[3] ?? "01"}T${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}${zone}`;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
