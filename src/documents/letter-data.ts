// The one way a request's document is filled: the same data for the issued document and for its preview, so the
// approver sees exactly what will go out (no approving blind).
import type { Db } from "../db/db.js";
import { type CommitteeOnDate, findCommitteeOnDate } from "../db/queries/committees.js";
import type { RequestRow } from "../db/queries/requests.js";
import { findKind } from "../domain/kinds/index.js";
import type { DocumentContext, DocumentType, KindDocument, Urgency } from "../domain/kinds/kind.js";
import { snapshot } from "./committee-snapshot.js";
import { documentData } from "./document-data.js";
import type { DocumentData } from "./document-data-types.js";
import { styleProfile } from "./style-profiles.js";

export interface LetterParties {
  issuer: CommitteeOnDate;
  recipient: CommitteeOnDate;
}

export async function findLetterParties(
  db: Db,
  request: Pick<RequestRow, "fromCommitteeId" | "toCommitteeId">,
  issuedOn: string,
): Promise<LetterParties | undefined> {
  const [issuer, recipient] = await Promise.all([
    findCommitteeOnDate(db, request.fromCommitteeId, issuedOn),
    findCommitteeOnDate(db, request.toCommitteeId, issuedOn),
  ]);
  return issuer && recipient ? { issuer, recipient } : undefined;
}

/** The documents a request's kind issues, in number order. */
export function documentSpecs(request: Pick<RequestRow, "kind">): readonly KindDocument<unknown>[] {
  return findKind(request.kind)?.documents ?? [];
}

export function letterData(
  request: Pick<RequestRow, "payload" | "classification" | "urgency" | "copyTo">,
  spec: KindDocument<unknown>,
  parties: LetterParties,
  issue: {
    /** null on a preview: the number is left blank, as on a paper draft. */
    number: number | null;
    issuedOn: string;
    draft: DocumentContext["draft"];
    profile: string;
  },
): DocumentData {
  const ctx: DocumentContext = {
    issuer: snapshot(parties.issuer),
    recipient: snapshot(parties.recipient),
    number: issue.number,
    typeCode: spec.type as DocumentType,
    issuedOn: issue.issuedOn,
    classification: request.classification,
    urgency: request.urgency as Urgency,
    copyTo: request.copyTo,
    draft: issue.draft,
  };
  return documentData(spec.content(request.payload, ctx), ctx, styleProfile(issue.profile));
}
