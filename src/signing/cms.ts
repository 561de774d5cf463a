import { createHash, type KeyObject, sign as cryptoSign } from "node:crypto";
import forge from "node-forge";

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

export const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
  sha1: "1.3.14.3.2.26",
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256WithRsa: "1.2.840.113549.1.1.11",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
} as const;

export const DIGEST_NAMES: Record<string, string> = {
  [OID.sha256]: "sha256",
  [OID.sha384]: "sha384",
  [OID.sha512]: "sha512",
  [OID.sha1]: "sha1",
};

const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;
const seq = (v: Asn1[]) => asn1.create(U, T.SEQUENCE, true, v);
const set = (v: Asn1[]) => asn1.create(U, T.SET, true, v);
const oid = (o: string) => asn1.create(U, T.OID, false, asn1.oidToDer(o).getBytes());
const octets = (b: Buffer) => asn1.create(U, T.OCTETSTRING, false, b.toString("binary"));
const int = (n: number) => asn1.create(U, T.INTEGER, false, asn1.integerToDer(n).getBytes());
const nul = () => asn1.create(U, T.NULL, false, "");
const explicit = (tag: number, v: Asn1[]) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, v);

export const toDer = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), "binary");
export const fromDer = (der: Buffer): Asn1 => asn1.fromDer(der.toString("binary"), false);

/** The pieces of an X.509 certificate a CMS signer names: its issuer and serial, straight from its DER. */
function issuerAndSerial(certDer: Buffer): { issuer: Asn1; serial: Asn1 } {
  const tbs = children(children(fromDer(certDer))[0]);
  const offset = tbs[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const serial = tbs[offset];
  const issuer = tbs[offset + 2];
  if (!serial || !issuer) throw new Error("A certificate without a serial number or an issuer");
  return { serial, issuer };
}

function attribute(type: string, value: Asn1): Asn1 {
  return seq([oid(type), set([value])]);
}

/**
 * The signed attributes of a PAdES baseline (B-B) signature: content type, message digest and the ESS
 * signing-certificate-v2 that binds the signer's certificate. No signing-time: PAdES puts the claimed time in the
 * signature dictionary's /M (ETSI EN 319 142-1 §5.3). DER sorts a SET OF by its members' encodings.
 */
export function signedAttributes(digest: Buffer, certDer: Buffer): Asn1 {
  const { issuer, serial } = issuerAndSerial(certDer);
  const certHash = createHash("sha256").update(certDer).digest();
  const essCertIdV2 = seq([octets(certHash), seq([seq([explicit(4, [issuer])]), serial])]);
  const attrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(digest)),
    attribute(OID.signingCertificateV2, seq([seq([essCertIdV2])])),
  ];
  const sorted = attrs.map(toDer).sort(Buffer.compare).map(fromDer);
  return set(sorted);
}

/** A detached CMS SignedData over `digest` (SHA-256 of the PDF's byte ranges), signed with an RSA key. */
export function createDetachedCms(p: {
  digest: Buffer;
  certDer: Buffer;
  chainDer: Buffer[];
  key: KeyObject;
}) {
  const attrs = signedAttributes(p.digest, p.certDer);
  const signature = cryptoSign("sha256", toDer(attrs), p.key);
  const { issuer, serial } = issuerAndSerial(p.certDer);
  const signedAttrs = attrs;
  signedAttrs.tagClass = asn1.Class.CONTEXT_SPECIFIC;
  signedAttrs.type = 0;
  const signerInfo = seq([
    int(1),
    seq([issuer, serial]),
    seq([oid(OID.sha256), nul()]),
    signedAttrs,
    seq([oid(OID.rsaEncryption), nul()]),
    octets(signature),
  ]);
  const certificates = asn1.create(
    asn1.Class.CONTEXT_SPECIFIC,
    0,
    true,
    [p.certDer, ...p.chainDer].map(fromDer),
  );
  const signedData = seq([
    int(1),
    set([seq([oid(OID.sha256), nul()])]),
    seq([oid(OID.data)]),
    certificates,
    set([signerInfo]),
  ]);
  return toDer(seq([oid(OID.signedData), explicit(0, [signedData])]));
}

export interface ParsedSignerInfo {
  digestOid: string;
  signatureOid: string;
  signature: Buffer;
  /** The DER a signer signs: the signed attributes re-tagged as a SET. */
  signedAttrsDer: Buffer;
  messageDigest?: Buffer;
  signingTime?: Date;
  /** SHA-256 hashes named by signing-certificate-v2 (empty when the attribute is absent). */
  essCertHashes: Buffer[];
  sidIssuerDer?: Buffer;
  sidSerialHex?: string;
  /** The signer named by its subjectKeyIdentifier ([0] in SignerIdentifier) instead. */
  sidKeyId?: Buffer;
}

export interface ParsedCms {
  certificates: Buffer[];
  signer: ParsedSignerInfo;
}

export class CmsParseError extends Error {}

const bytesOf = (node: Asn1) => Buffer.from(node.value as string, "binary");
const children = (node: Asn1 | undefined): Asn1[] =>
  Array.isArray(node?.value) ? (node.value as Asn1[]) : [];

/** Reads a CMS SignedData with one signer; anything else is a CmsParseError with the reason in Vietnamese. */
export function parseCms(der: Buffer): ParsedCms {
  let root: Asn1;
  try {
    root = fromDer(der);
  } catch {
    throw new CmsParseError("chữ ký không phải cấu trúc CMS (ASN.1) đọc được");
  }
  const [type, wrapped] = children(root);
  if (!type || asn1.derToOid(type.value as string) !== OID.signedData)
    throw new CmsParseError("chữ ký không phải CMS SignedData");
  const signedData = children(children(wrapped)[0]);
  const certificates = signedData
    .filter((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0)
    .flatMap((n) => children(n).map(toDer));
  const signerInfos = children(signedData[signedData.length - 1]);
  if (signerInfos.length !== 1) throw new CmsParseError(`CMS có ${signerInfos.length} người ký, cần đúng 1`);
  return { certificates, signer: parseSignerInfo(children(signerInfos[0])) };
}

function parseSignerInfo(fields: Asn1[]): ParsedSignerInfo {
  const [, sid, digestAlg, maybeAttrs] = fields;
  const attrsNode =
    maybeAttrs?.tagClass === asn1.Class.CONTEXT_SPECIFIC && maybeAttrs.type === 0 ? maybeAttrs : undefined;
  if (!attrsNode) throw new CmsParseError("CMS không có thuộc tính được ký (signed attributes)");
  const rest = fields.slice(4);
  const signatureAlg = rest[0];
  const signature = rest[1];
  if (!signatureAlg || !signature) throw new CmsParseError("CMS thiếu chữ ký của người ký");
  const digestOid = children(digestAlg)[0];
  const signatureOid = children(signatureAlg)[0];
  if (!digestOid || !signatureOid) throw new CmsParseError("CMS không nêu thuật toán băm hoặc thuật toán ký");
  const reTagged = toDer(attrsNode);
  reTagged[0] = 0x31;
  const info: ParsedSignerInfo = {
    digestOid: asn1.derToOid(digestOid.value as string),
    signatureOid: asn1.derToOid(signatureOid.value as string),
    signature: bytesOf(signature),
    signedAttrsDer: reTagged,
    essCertHashes: [],
  };
  const [sidIssuer, sidSerial, ...more] = children(sid);
  if (sid?.tagClass === asn1.Class.UNIVERSAL && sidIssuer && sidSerial && more.length === 0) {
    info.sidIssuerDer = toDer(sidIssuer);
    info.sidSerialHex = bytesOf(sidSerial).toString("hex");
  } else if (sid?.tagClass === asn1.Class.CONTEXT_SPECIFIC && sid.type === 0 && !sid.constructed) {
    info.sidKeyId = bytesOf(sid);
  }
  for (const attr of children(attrsNode)) {
    const [typeNode, values] = children(attr);
    const value = children(values)[0];
    if (!typeNode || !value) continue;
    const type = asn1.derToOid(typeNode.value as string);
    if (type === OID.messageDigest) info.messageDigest = bytesOf(value);
    else if (type === OID.signingTime) {
      info.signingTime =
        value.type === T.UTCTIME
          ? asn1.utcTimeToDate(value.value as string)
          : asn1.generalizedTimeToDate(value.value as string);
    } else if (type === OID.signingCertificateV2) {
      for (const certId of children(children(value)[0])) {
        const parts = children(certId);
        const hash = parts.find((p) => p.type === T.OCTETSTRING && p.tagClass === U);
        if (hash) info.essCertHashes.push(bytesOf(hash));
      }
    }
  }
  return info;
}

/** The issuer DER and serial of a certificate, to match a CMS signer identifier. */
export function certificateId(certDer: Buffer): { issuerDer: Buffer; serialHex: string } {
  const { issuer, serial } = issuerAndSerial(certDer);
  return { issuerDer: toDer(issuer), serialHex: bytesOf(serial).toString("hex") };
}
