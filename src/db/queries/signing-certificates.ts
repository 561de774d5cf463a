import { type Db, firstRow } from "../db.js";

export interface SigningCertificateRow {
  id: string;
  committeeId: number;
  mode: "stored_key" | "external";
  subject: string;
  commonName: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  certSha256: string;
  hasSeal: boolean;
  createdAt: Date;
  retiredAt: Date | null;
}

/** What the signing step needs besides the facts: the DER, the chain, the sealed key, the seal. */
export interface SigningMaterial extends SigningCertificateRow {
  certDer: Buffer;
  chainDer: Buffer[];
  keyCiphertext: Buffer | null;
  keyIv: Buffer | null;
  keyTag: Buffer | null;
  keySecretId: string | null;
  sealPng: Buffer | null;
}

const FACTS = `c.id, c.committee_id as "committeeId", c.mode, c.subject, c.common_name as "commonName", c.issuer,
  c.serial, c.not_before as "notBefore", c.not_after as "notAfter", c.cert_sha256 as "certSha256",
  c.seal_png is not null as "hasSeal", c.created_at as "createdAt", c.retired_at as "retiredAt"`;

const MATERIAL = `${FACTS}, c.cert_der as "certDer", c.chain_der as "chainDer", c.key_ciphertext as "keyCiphertext",
  c.key_iv as "keyIv", c.key_tag as "keyTag", c.key_secret_id as "keySecretId", c.seal_png as "sealPng"`;

export interface NewSigningCertificate {
  committeeId: number;
  mode: "stored_key" | "external";
  subject: string;
  commonName: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  certDer: Buffer;
  certSha256: string;
  chainDer: Buffer[];
  key: { ciphertext: Buffer; iv: Buffer; tag: Buffer; secretId: string } | null;
  sealPng: Buffer | null;
  uploadedBy: string | null;
}

/** The committee's new certificate replaces its active one, in the caller's transaction. */
export async function replaceSigningCertificate(db: Db, c: NewSigningCertificate): Promise<string> {
  await db.query(
    "update signing_certificates set retired_at = now() where committee_id = $1 and retired_at is null",
    [c.committeeId],
  );
  const { rows } = await db.query<{ id: string }>(
    `insert into signing_certificates (committee_id, mode, subject, common_name, issuer, serial, not_before, not_after,
       cert_der, cert_sha256, chain_der, key_ciphertext, key_iv, key_tag, key_secret_id, seal_png, uploaded_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) returning id`,
    [
      c.committeeId,
      c.mode,
      c.subject,
      c.commonName,
      c.issuer,
      c.serial,
      c.notBefore,
      c.notAfter,
      c.certDer,
      c.certSha256,
      c.chainDer,
      c.key?.ciphertext ?? null,
      c.key?.iv ?? null,
      c.key?.tag ?? null,
      c.key?.secretId ?? null,
      c.sealPng,
      c.uploadedBy,
    ],
  );
  return firstRow(rows, "the inserted signing certificate").id;
}

export async function listSigningCertificates(db: Db, committeeId: number): Promise<SigningCertificateRow[]> {
  const { rows } = await db.query<SigningCertificateRow>(
    `select ${FACTS} from signing_certificates c where c.committee_id = $1 order by c.created_at desc`,
    [committeeId],
  );
  return rows;
}

export async function findActiveSigningMaterial(
  db: Db,
  committeeId: number,
): Promise<SigningMaterial | undefined> {
  const { rows } = await db.query<SigningMaterial>(
    `select ${MATERIAL} from signing_certificates c where c.committee_id = $1 and c.retired_at is null`,
    [committeeId],
  );
  return rows[0];
}

export async function findSigningCertificate(db: Db, id: string): Promise<SigningCertificateRow | undefined> {
  const { rows } = await db.query<SigningCertificateRow>(
    `select ${FACTS} from signing_certificates c where c.id = $1`,
    [id],
  );
  return rows[0];
}

export async function retireSigningCertificate(db: Db, id: string, committeeId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    "update signing_certificates set retired_at = now() where id = $1 and committee_id = $2 and retired_at is null",
    [id, committeeId],
  );
  return (rowCount ?? 0) > 0;
}

/** Active certificates expiring before `before` whose committee has not been told yet; marks them told. */
export async function claimExpiringCertificates(db: Db, before: Date): Promise<SigningCertificateRow[]> {
  const { rows } = await db.query<SigningCertificateRow>(
    `update signing_certificates c set expiry_notified_at = now()
      where c.retired_at is null and c.expiry_notified_at is null and c.not_after < $1
      returning ${FACTS}`,
    [before],
  );
  return rows;
}
