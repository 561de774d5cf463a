import { createHash, createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from "node:crypto";
import forge from "node-forge";
import { buildChain, nameAttribute, oneLine } from "./chain.js";
import { fromDer, toDer } from "./cms.js";

/** A certificate problem a person can fix, naming the request field it came from. */
export class CertificateProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CertificateFacts {
  subject: string;
  commonName: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  sha256: string;
}

export function describeCertificate(der: Buffer): CertificateFacts {
  const x = new X509Certificate(der);
  return {
    subject: oneLine(x.subject),
    commonName: nameAttribute(x.subject, "CN") ?? oneLine(x.subject),
    issuer: oneLine(x.issuer),
    serial: x.serialNumber,
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
    sha256: createHash("sha256").update(der).digest("hex"),
  };
}

/** The certificates and the one private key of a PKCS#12 file (RSA keys: what forge and the Ban Cơ yếu use). */
export function readPkcs12(p12: Buffer, password: string): { certs: Buffer[]; key: KeyObject } {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString("binary")), false, password);
  } catch (err) {
    const wrongPassword = /MAC could not be verified|Invalid password|decrypt/i.test((err as Error).message);
    throw wrongPassword
      ? new CertificateProblem("password", "Mật khẩu của tệp PKCS#12 không đúng")
      : new CertificateProblem(
          "pkcs12Base64",
          "Tệp không phải PKCS#12 (.p12/.pfx) đọc được hoặc khóa không phải RSA",
        );
  }
  const bags = (name: string) => {
    const type = forge.pki.oids[name];
    if (!type) throw new Error(`node-forge names no OID ${name}`);
    return parsed.getBags({ bagType: type })[type] ?? [];
  };
  const certBags = bags("certBag");
  const keyBags = [...bags("pkcs8ShroudedKeyBag"), ...bags("keyBag")];
  const certs = certBags.flatMap((b) => (b.cert ? [certToDer(b.cert)] : []));
  const keys = keyBags.flatMap((b) => (b.key ? [b.key] : []));
  if (certs.length === 0) throw new CertificateProblem("pkcs12Base64", "Tệp PKCS#12 không có chứng thư số");
  if (keys.length !== 1)
    throw new CertificateProblem(
      "pkcs12Base64",
      `Tệp PKCS#12 phải có đúng một khóa bí mật (có ${keys.length})`,
    );
  const pkcs8 = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keys[0] as forge.pki.rsa.PrivateKey));
  return { certs, key: createPrivateKey({ key: toDer(pkcs8), format: "der", type: "pkcs8" }) };
}

function certToDer(cert: forge.pki.Certificate): Buffer {
  return toDer(forge.pki.certificateToAsn1(cert));
}

/** The certificate whose public key is the key's: the signer's; the rest is its chain. */
export function pickSignerCertificate(certs: Buffer[], key: KeyObject): { cert: Buffer; chain: Buffer[] } {
  const want = exportPublic(key);
  const cert = certs.find((c) => exportPublic(new X509Certificate(c).publicKey) === want);
  if (!cert)
    throw new CertificateProblem("pkcs12Base64", "Khóa bí mật không khớp với chứng thư số nào trong tệp");
  return { cert, chain: certs.filter((c) => c !== cert) };
}

function exportPublic(key: KeyObject): string {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  return pub.export({ format: "der", type: "spki" }).toString("hex");
}

export interface KeyUsage {
  digitalSignature: boolean;
  nonRepudiation: boolean;
}

/** The value (DER inside the OCTET STRING) of a certificate's extension, read from the DER. */
function extensionValue(certDer: Buffer, oid: string): Buffer | undefined {
  const tbs = (fromDer(certDer).value as forge.asn1.Asn1[])[0]?.value;
  if (!Array.isArray(tbs)) throw new Error("A certificate DER without its to-be-signed part");
  const extensions = tbs.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
  const list = ((extensions?.value as forge.asn1.Asn1[] | undefined)?.[0]?.value ?? []) as forge.asn1.Asn1[];
  for (const ext of list) {
    const parts = ext.value as forge.asn1.Asn1[];
    const [id] = parts;
    const value = parts.at(-1);
    if (!id || !value) throw new Error("A certificate extension without its OID or value");
    if (forge.asn1.derToOid(id.value as string) === oid) return Buffer.from(value.value as string, "binary");
  }
  return undefined;
}

/** The keyUsage extension (RFC 5280 §4.2.1.3); undefined where the certificate has none. */
export function keyUsageOf(certDer: Buffer): KeyUsage | undefined {
  const value = extensionValue(certDer, "2.5.29.15");
  if (!value) return undefined;
  const first = (fromDer(value).value as string).charCodeAt(1) || 0;
  return { digitalSignature: (first & 0x80) !== 0, nonRepudiation: (first & 0x40) !== 0 };
}

/** The subjectKeyIdentifier (RFC 5280 §4.2.1.2), which a CMS signer may be named by instead of issuer and serial. */
export function subjectKeyIdOf(certDer: Buffer): Buffer | undefined {
  const value = extensionValue(certDer, "2.5.29.14");
  return value ? Buffer.from(fromDer(value).value as string, "binary") : undefined;
}

/** Refuses a certificate that cannot sign now: validity, key usage and a chain to a configured root. */
export function checkSigningCertificate(
  p: { cert: Buffer; chain: Buffer[]; field: string },
  roots: readonly X509Certificate[],
  now: Date,
): CertificateFacts {
  const facts = describeCertificate(p.cert);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  if (now < facts.notBefore)
    throw new CertificateProblem(
      p.field,
      `Chứng thư số chưa có hiệu lực (hiệu lực từ ngày ${day(facts.notBefore)})`,
    );
  if (now > facts.notAfter)
    throw new CertificateProblem(p.field, `Chứng thư số đã hết hạn ngày ${day(facts.notAfter)}`);
  const usage = keyUsageOf(p.cert);
  if (!usage || !(usage.digitalSignature || usage.nonRepudiation)) {
    throw new CertificateProblem(
      p.field,
      "Chứng thư số không được cấp để ký (thiếu mục đích sử dụng digitalSignature hoặc nonRepudiation)",
    );
  }
  const chain = buildChain(
    new X509Certificate(p.cert),
    p.chain.map((c) => new X509Certificate(c)),
    roots,
    now,
  );
  if (!chain.trusted)
    throw new CertificateProblem(p.field, `Chuỗi chứng thư không tin cậy: ${chain.problem}`);
  return facts;
}
