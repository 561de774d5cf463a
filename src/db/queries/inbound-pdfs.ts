import type { Db } from "../db.js";

/** The PDF files attached to the replies of a request, with their bytes (verified on read). */
export async function listReplyPdfs(
  db: Db,
  requestId: string,
): Promise<
  { inboundId: string; attachmentId: string; filename: string | null; sha256: string; bytes: Buffer }[]
> {
  const { rows } = await db.query(
    `select a.inbound_id as "inboundId", a.id as "attachmentId", a.filename, a.sha256, a.bytes
       from inbound_attachments a join inbound_messages m on m.id = a.inbound_id
      where m.request_id = $1 and (a.content_type = 'application/pdf' or lower(a.filename) like '%.pdf')
      order by m.received_at, a.id`,
    [requestId],
  );
  return rows;
}
