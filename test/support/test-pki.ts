// A certificate authority and committee certificates made by the test itself (node-forge), never shipped fixtures.
import forge from "node-forge";

const { pki } = forge;

export interface TestCert {
  cert: forge.pki.Certificate;
  keys: forge.pki.rsa.KeyPair;
  pem: string;
  der: Buffer;
}

let serial = 1000 + Math.floor(Math.random() * 1000);

const der = (cert: forge.pki.Certificate) =>
  Buffer.from(forge.asn1.toDer(pki.certificateToAsn1(cert)).getBytes(), "binary");

function make(p: {
  subject: { name: string; value: string }[];
  issuer?: TestCert;
  ca?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  keyUsage?: Record<string, boolean> | null;
  keys?: forge.pki.rsa.KeyPair;
}): TestCert {
  const keys = p.keys ?? pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = (serial++).toString(16).padStart(4, "0");
  cert.validity.notBefore = p.notBefore ?? new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = p.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
  cert.setSubject(p.subject);
  cert.setIssuer(p.issuer ? p.issuer.cert.subject.attributes : p.subject);
  const extensions: object[] = [
    { name: "basicConstraints", cA: Boolean(p.ca) },
    { name: "subjectKeyIdentifier" },
  ];
  if (p.ca) extensions.push({ name: "keyUsage", keyCertSign: true, cRLSign: true });
  else if (p.keyUsage !== null)
    extensions.push({
      name: "keyUsage",
      ...(p.keyUsage ?? { digitalSignature: true, nonRepudiation: true }),
    });
  cert.setExtensions(extensions);
  cert.sign(p.issuer ? p.issuer.keys.privateKey : keys.privateKey, forge.md.sha256.create());
  return { cert, keys, pem: pki.certificateToPem(cert), der: der(cert) };
}

// forge writes UTF8String values from JS strings itself; without the tag it writes PrintableString bytes.
const utf8 = (attrs: { name: string; value: string }[]) =>
  attrs.map((a) => ({ ...a, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }));

export function makeCa(name = "Phoihop Test Root CA"): TestCert {
  return make({
    subject: utf8([
      { name: "commonName", value: name },
      { name: "organizationName", value: "Phoihop Test" },
    ]),
    ca: true,
    notBefore: new Date("2020-01-01T00:00:00Z"),
    notAfter: new Date("2040-01-01T00:00:00Z"),
  });
}

export function makeSignerCert(
  ca: TestCert,
  opts: {
    commonName?: string;
    organization?: string;
    notBefore?: Date;
    notAfter?: Date;
    keyUsage?: Record<string, boolean> | null;
    keys?: forge.pki.rsa.KeyPair;
  } = {},
): TestCert {
  return make({
    subject: utf8([
      { name: "commonName", value: opts.commonName ?? "Nguyễn Thị Hằng" },
      { name: "organizationName", value: opts.organization ?? "Ủy ban Kiểm tra" },
    ]),
    issuer: ca,
    ...(opts.notBefore ? { notBefore: opts.notBefore } : {}),
    ...(opts.notAfter ? { notAfter: opts.notAfter } : {}),
    ...(opts.keyUsage !== undefined ? { keyUsage: opts.keyUsage } : {}),
    ...(opts.keys ? { keys: opts.keys } : {}),
  });
}

export function makePkcs12(
  signer: TestCert,
  chain: TestCert[],
  password: string,
  key: forge.pki.rsa.PrivateKey = signer.keys.privateKey,
): Buffer {
  const asn = forge.pkcs12.toPkcs12Asn1(key, [signer.cert, ...chain.map((c) => c.cert)], password, {
    algorithm: "3des",
  });
  return Buffer.from(forge.asn1.toDer(asn).getBytes(), "binary");
}

export function privateKeyPem(signer: TestCert): string {
  return pki.privateKeyToPem(signer.keys.privateKey);
}

/** The raw private key bytes (PKCS#8 DER) that must never appear in the database. */
export function privateKeyDer(signer: TestCert): Buffer {
  const pkcs8 = pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(signer.keys.privateKey));
  return Buffer.from(forge.asn1.toDer(pkcs8).getBytes(), "binary");
}

/** A detached CMS made the way @signpdf/signer-p12 makes one (forge pkcs7, no signing-certificate-v2). */
export function forgeDetachedCms(signer: TestCert, content: Buffer, chain: TestCert[] = []): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content.toString("binary"));
  for (const c of [signer, ...chain]) p7.addCertificate(c.cert);
  p7.addSigner({
    key: signer.keys.privateKey,
    certificate: signer.cert,
    digestAlgorithm: pki.oids.sha256!,
    authenticatedAttributes: [
      { type: pki.oids.contentType!, value: pki.oids.data! },
      { type: pki.oids.messageDigest! },
      { type: pki.oids.signingTime!, value: new Date() as unknown as string },
    ],
  });
  p7.sign({ detached: true });
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), "binary");
}
