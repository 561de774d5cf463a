import type { RequestStatus } from "../../domain/request-state.js";
import type { InboundTrust } from "../inbound-review.js";

/** A request as GET /v1/requests/{id} gives it: what the request page shows. */
export interface RequestDetail {
  id: string;
  reference: string;
  kind: string;
  from: string;
  to: string;
  fromName: string | null;
  toName: string | null;
  status: RequestStatus;
  statusLabel: string;
  classification: string;
  urgency: string;
  subject: string;
  payload: Record<string, unknown>;
  copyTo: string[];
  createdAt: string;
  events: {
    id: string;
    at: string;
    action: string;
    actorUser: { id: string; name: string } | null;
    actorCommittee: string | null;
    detail: Record<string, unknown> | null;
  }[];
  documents: {
    id: string;
    symbol: string | null;
    number: number | null;
    filename: string;
    status: string;
    renderError: string | null;
    issuedOn: string | null;
  }[];
  messages: {
    id: string;
    purpose: string;
    toAddress: string;
    subject: string;
    status: string;
    sentAt: string | null;
    lastError: string | null;
  }[];
  dispatches: {
    to: string;
    status: string;
    deadlineAt: string | null;
    overdue: boolean;
    remindersSent: number;
    answeredAt: string | null;
    answer: string | null;
    answerNote: string | null;
    answerStaff: string[];
    withheldReason: string | null;
    bounce: { status: string | null; diagnostic: string | null; recipient: string | null; at: string } | null;
  }[];
  /** Before approval, for the filing committee: the drafts and what the registry still lacks. */
  preview: {
    documents: { position: number; typeCode: string; template: string }[];
    registryGaps: { committee: string; side: string; field: string; message: string }[];
  } | null;
  inbound: (InboundTrust & {
    id: string;
    receivedAt: string;
    from: string;
    subject: string;
    classification: string | null;
    classificationReason: string | null;
    text: string | null;
    suggestion: { suggestion?: string | null; evidence?: string; staffNames?: string[] } | null;
  })[];
}
