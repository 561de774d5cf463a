import { createHash, X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { type Config, ConfigError } from "../config.js";

/** What signing needs from the configuration; built once per process from Config. */
export interface SigningSettings {
  /** The AES-256-GCM key for the committees' signing keys; absent: keys cannot be uploaded or used. */
  keySecret?: Buffer;
  /** The roots a chain must reach to be trusted. */
  trustedRoots: X509Certificate[];
  /** The TrueType font of the visible signature block (Vietnamese text). */
  fontPath?: string;
  expiryNoticeDays: number;
}

// Times New Roman's metric twin first (the party formatting rule asks for Times New Roman).
const FONT_CANDIDATES = [
  "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
];

export function signingSettings(cfg: Config): SigningSettings {
  const secret = cfg.SIGNING_KEY_SECRET;
  const fontPath = cfg.SIGNING_FONT_PATH ?? FONT_CANDIDATES.find((p) => existsSync(p));
  return {
    ...(secret ? { keySecret: Buffer.from(secret, secret.length === 64 ? "hex" : "base64") } : {}),
    trustedRoots: cfg.SIGNING_TRUSTED_ROOTS ? readTrustedRoots(cfg.SIGNING_TRUSTED_ROOTS) : [],
    ...(fontPath ? { fontPath } : {}),
    expiryNoticeDays: cfg.SIGNING_EXPIRY_NOTICE_DAYS,
  };
}

function readTrustedRoots(path: string): X509Certificate[] {
  let roots: X509Certificate[];
  try {
    roots = readPemBundle(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ConfigError([`  SIGNING_TRUSTED_ROOTS: không đọc được ${path} (${(err as Error).message})`]);
  }
  if (roots.length === 0)
    throw new ConfigError([
      `  SIGNING_TRUSTED_ROOTS: ${path} không có chứng thư nào (-----BEGIN CERTIFICATE-----)`,
    ]);
  return roots;
}

export function readPemBundle(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

/** Names the secret without revealing it: a key encrypted under another secret is told apart from a broken one. */
export function secretId(secret: Buffer): string {
  return createHash("sha256").update("phoihop-signing-key-id").update(secret).digest("hex").slice(0, 16);
}
