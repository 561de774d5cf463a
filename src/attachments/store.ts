import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Db } from "../db/db.js";
import { findAttachmentBlob, insertAttachmentBlob } from "../db/queries/attachments.js";

/**
 * Where the bytes of request attachments live, content-addressed by SHA-256 (the same file twice is stored once).
 * Chosen at start from the configuration; everything else goes through this interface.
 */
export interface AttachmentStore {
  readonly kind: "db" | "dir";
  /** `db` is the caller's transaction: the database store writes in it. */
  put(db: Db, sha256: string, bytes: Buffer): Promise<void>;
  get(db: Db, sha256: string): Promise<Buffer | undefined>;
}

export const databaseStore: AttachmentStore = {
  kind: "db",
  put: (db, sha256, bytes) => insertAttachmentBlob(db, sha256, bytes),
  get: (db, sha256) => findAttachmentBlob(db, sha256),
};

/** Files under `root/ab/abcdef…`, written to a temporary name and renamed (a reader never sees half a file). */
export function directoryStore(root: string): AttachmentStore {
  const pathOf = (sha256: string) => join(root, sha256.slice(0, 2), sha256);
  return {
    kind: "dir",
    async put(_db, sha256, bytes) {
      const path = pathOf(sha256);
      await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, bytes, { flag: "wx" });
      await rename(temporary, path);
    },
    async get(_db, sha256) {
      try {
        return await readFile(pathOf(sha256));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw err;
      }
    },
  };
}
