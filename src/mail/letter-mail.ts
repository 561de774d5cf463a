// The step that composes a request's letter e-mail once its documents are ready: right after rendering where no
// PDF is made, or after the last PDF where LibreOffice runs (the letter carries the PDF, not only the .docx). Runs in
// the caller's transaction, so the letter is composed exactly once, together with the fact that made it ready.
import type pg from "pg";
import { loadMailAttachments } from "../attachments/mail-attachments.js";
import type { AttachmentStore } from "../attachments/store.js";
import { type CommitteeOnDate, findCommitteeOnDate } from "../db/queries/committees.js";
import { firstRow, withTransaction } from "../db/db.js";
import { findDispatchAwaitingLetter, listRequestsAwaitingLetter } from "../db/queries/dispatches.js";
import { listDocumentsForMail } from "../db/queries/documents.js";
import { insertOutboundMessage } from "../db/queries/outbound-messages.js";
import { findRequest, type RequestRow } from "../db/queries/requests.js";
import { composeRequestMail, type MailSettings } from "./request-mail.js";

/** Composes and stores the letter if its dispatch waits and every document is settled; the message id, or null. */
export async function composeLetterIfReady(
  tx: pg.PoolClient,
  deps: { mail: MailSettings; clock: { now(): Date }; attachmentStore?: AttachmentStore | undefined },
  request: RequestRow,
  opts: {
    waitForPdf: boolean;
    /** The parties the caller already read for this issue date (the render step): not read again. */
    parties?: { issuedOn: string; issuer: CommitteeOnDate; recipient: CommitteeOnDate } | undefined;
  },
): Promise<string | null> {
  const dispatch = await findDispatchAwaitingLetter(tx, request.id);
  if (!dispatch) return null;
  const documents = await listDocumentsForMail(tx, request.id);
  if (documents.some((d) => !d.bytes)) return null;
  // A PDF that cannot be made (recorded as such) does not hold the letter back: its .docx goes instead.
  if (opts.waitForPdf && documents.some((d) => !d.pdf && !d.pdfError)) return null;
  const issuedOn = firstRow(documents, `the documents of request ${request.id}`).issuedOn;
  const [issuer, recipient] =
    opts.parties?.issuedOn === issuedOn
      ? [opts.parties.issuer, opts.parties.recipient]
      : await Promise.all([
          findCommitteeOnDate(tx, request.fromCommitteeId, issuedOn),
          findCommitteeOnDate(tx, request.toCommitteeId, issuedOn),
        ]);
  if (!issuer || !recipient) return null;
  const message = await composeRequestMail({
    request,
    dispatch: { id: dispatch.id, token: dispatch.token },
    issuer,
    recipient,
    documents,
    // The files a clerk attached to the request (hồ sơ kèm theo) follow the letters.
    attachments: await loadMailAttachments(tx, deps.attachmentStore, request.id),
    settings: deps.mail,
    now: deps.clock.now(),
    attachDocx: issuer.attachDocx,
  });
  return insertOutboundMessage(tx, message);
}

/**
 * The reconciler's share: letters whose documents are all settled but that no step composed — a PDF signed later
 * by a person with a signing device, or, on a worker without LibreOffice (`waitForPdf: false`), PDFs no
 * process here will make: those letters go with their .docx.
 */
export async function composeWaitingLetters(
  deps: {
    db: pg.Pool;
    mail: MailSettings;
    clock: { now(): Date };
    attachmentStore?: AttachmentStore | undefined;
  },
  opts: { waitForPdf: boolean },
): Promise<string[]> {
  const ids: string[] = [];
  for (const requestId of await listRequestsAwaitingLetter(deps.db)) {
    const id = await withTransaction(deps.db, async (tx) => {
      const request = await findRequest(tx, requestId, { forUpdate: true });
      if (request?.classification !== "thuong") return null;
      return composeLetterIfReady(tx, deps, request, opts);
    });
    if (id) ids.push(id);
  }
  return ids;
}
