import type { X509Certificate } from "node:crypto";

export interface ChainResult {
  trusted: boolean;
  /** Leaf first, up to the trusted root where one was reached. */
  path: X509Certificate[];
  problem?: string;
}

const MAX_DEPTH = 8;

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

/**
 * Walks from the leaf to a configured root through the certificates at hand (the PKCS#12's or the CMS's). Every
 * certificate on the path must be valid at `at` (the time of signing).
 */
export function buildChain(
  leaf: X509Certificate,
  pool: readonly X509Certificate[],
  roots: readonly X509Certificate[],
  at: Date,
): ChainResult {
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const expired = outOfValidity(current, at);
    if (expired) return { trusted: false, path, problem: expired };
    if (roots.some((r) => r.fingerprint256 === current.fingerprint256)) return { trusted: true, path };
    const root = roots.find((r) => issuedBy(current, r));
    if (root) {
      path.push(root);
      const rootExpired = outOfValidity(root, at);
      return rootExpired ? { trusted: false, path, problem: rootExpired } : { trusted: true, path };
    }
    const next = pool.find((c) => !path.includes(c) && issuedBy(current, c));
    if (!next) {
      const selfSigned = issuedBy(current, current);
      return {
        trusted: false,
        path,
        problem: selfSigned
          ? `chứng thư gốc “${oneLine(current.subject)}” không nằm trong danh sách gốc tin cậy`
          : `không tìm thấy chứng thư của tổ chức cấp “${oneLine(current.issuer)}” trong chuỗi hoặc danh sách gốc tin cậy`,
      };
    }
    path.push(next);
    current = next;
  }
  return { trusted: false, path, problem: "chuỗi chứng thư quá dài" };
}

function outOfValidity(cert: X509Certificate, at: Date): string | undefined {
  if (at < new Date(cert.validFrom))
    return `chứng thư “${oneLine(cert.subject)}” chưa có hiệu lực tại thời điểm ký`;
  if (at > new Date(cert.validTo)) return `chứng thư “${oneLine(cert.subject)}” đã hết hạn tại thời điểm ký`;
  return undefined;
}

/** Node prints a distinguished name one attribute per line. */
export function oneLine(dn: string): string {
  return dn.split("\n").filter(Boolean).join(", ");
}

export function nameAttribute(dn: string, key: string): string | undefined {
  const line = dn.split("\n").find((l) => l.startsWith(`${key}=`));
  return line?.slice(key.length + 1);
}
