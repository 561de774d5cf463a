import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { secretId } from "./settings.js";

export interface SealedKey {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  secretId: string;
}

/**
 * Encrypts a private key (PKCS#8 DER) with AES-256-GCM. The certificate's hash is the additional data: a sealed
 * key copied onto another certificate's row does not open.
 */
export function sealKey(secret: Buffer, pkcs8Der: Buffer, certSha256: string): SealedKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secret, iv);
  cipher.setAAD(Buffer.from(certSha256));
  const ciphertext = Buffer.concat([cipher.update(pkcs8Der), cipher.final()]);
  return { ciphertext, iv, tag: cipher.getAuthTag(), secretId: secretId(secret) };
}

export class KeyUnsealError extends Error {}

export function unsealKey(secret: Buffer, sealed: SealedKey, certSha256: string): Buffer {
  if (sealed.secretId !== secretId(secret)) {
    throw new KeyUnsealError("Khóa ký được mã hóa bằng một SIGNING_KEY_SECRET khác với cấu hình hiện tại");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", secret, sealed.iv);
    decipher.setAAD(Buffer.from(certSha256));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    throw new KeyUnsealError("Không giải mã được khóa ký (dữ liệu khóa đã bị thay đổi)");
  }
}
