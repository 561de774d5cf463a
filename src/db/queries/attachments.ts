import { type Db, firstRow } from "../db.js";

export interface RequestAttachment {
  id: string;
  requestId: string;
  filename: string;
  contentType: string;
  extension: string;
  size: number;
  sha256: string;
  storage: "db" | "dir";
  createdAt: Date;
}

const COLUMNS = `a.id, a.request_id as "requestId", a.filename, a.content_type as "contentType", a.extension, a.size,
  a.sha256, a.storage, a.created_at as "createdAt"`;

export async function insertAttachmentBlob(db: Db, sha256: string, bytes: Buffer): Promise<void> {
  await db.query("insert into attachment_blobs (sha256, bytes) values ($1, $2) on conflict do nothing", [
    sha256,
    bytes,
  ]);
}

export async function findAttachmentBlob(db: Db, sha256: string): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ bytes: Buffer }>("select bytes from attachment_blobs where sha256 = $1", [
    sha256,
  ]);
  return rows[0]?.bytes;
}

export async function insertRequestAttachment(
  db: Db,
  a: Omit<RequestAttachment, "id" | "createdAt"> & { createdByToken: string; createdByUser: string | null },
): Promise<RequestAttachment> {
  const { rows } = await db.query<RequestAttachment>(
    `insert into request_attachments as a (request_id, filename, content_type, extension, size, sha256, storage,
       created_by_token, created_by_user)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
    [
      a.requestId,
      a.filename,
      a.contentType,
      a.extension,
      a.size,
      a.sha256,
      a.storage,
      a.createdByToken,
      a.createdByUser,
    ],
  );
  return firstRow(rows, "the inserted attachment");
}

export async function listAttachmentsOfRequest(db: Db, requestId: string): Promise<RequestAttachment[]> {
  const { rows } = await db.query<RequestAttachment>(
    `select ${COLUMNS} from request_attachments a where a.request_id = $1 order by a.created_at, a.id`,
    [requestId],
  );
  return rows;
}

export async function findRequestAttachment(db: Db, id: string): Promise<RequestAttachment | undefined> {
  const { rows } = await db.query<RequestAttachment>(
    `select ${COLUMNS} from request_attachments a where a.id = $1`,
    [id],
  );
  return rows[0];
}

export async function deleteRequestAttachment(db: Db, id: string): Promise<boolean> {
  const { rowCount } = await db.query("delete from request_attachments where id = $1", [id]);
  return (rowCount ?? 0) > 0;
}

export async function totalAttachmentBytes(db: Db, requestId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "select coalesce(sum(size), 0)::int as n from request_attachments where request_id = $1",
    [requestId],
  );
  return firstRow(rows, "the attachment byte total").n;
}

export async function countAttachmentsOfRequest(db: Db, requestId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "select count(*)::int as n from request_attachments where request_id = $1",
    [requestId],
  );
  return firstRow(rows, "the attachment count").n;
}
