import type { Db } from "../db/db.js";
import { listAttachmentsOfRequest } from "../db/queries/attachments.js";
import { asciiSlug } from "../domain/text.js";
import { type AttachmentStore, databaseStore } from "./store.js";

/** The request's attachments as e-mail parts (only ever called for letters that may be e-mailed). */
export async function loadMailAttachments(db: Db, store: AttachmentStore | undefined, requestId: string) {
  const parts: { filename: string; content: Buffer; contentType: string }[] = [];
  for (const a of await listAttachmentsOfRequest(db, requestId)) {
    const bytes = await (store ?? databaseStore).get(db, a.sha256);
    if (!bytes) throw new Error(`attachment ${a.id} has no bytes in the ${a.storage} store`);
    parts.push({
      filename: mailFilename(a.filename, a.extension),
      content: bytes,
      contentType: a.contentType,
    });
  }
  return parts;
}

/** An ASCII name ending in the detected extension: some mail clients mangle non-ASCII attachment names. */
export function mailFilename(filename: string, extension: string): string {
  const base = asciiSlug(filename.replace(/\.[^.]*$/, "")).toLowerCase() || "tep-dinh-kem";
  return `${base.slice(0, 80)}.${extension}`;
}
