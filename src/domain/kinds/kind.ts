import type { z } from "zod";

export type Classification = "thuong" | "mat" | "toi_mat" | "tuyet_mat";
export type Urgency = "thuong" | "khan" | "thuong_khan" | "hoa_toc";
export type DocumentType = "CV" | "KH" | "CTr" | "TB" | "BC";

/** A committee as printed on a document of a given date (the registry is effective-dated). */
export interface CommitteeSnapshot {
  code: string;
  name: string;
  shortName: string;
  superiorLine: string;
  issuerLine: string;
  issuerAbbr: string;
  placeName: string;
  signerName: string;
  signerTitle: string;
  email: string;
}

/** Everything about the issuing of one document that is not the request's payload. */
export interface DocumentContext {
  issuer: CommitteeSnapshot;
  recipient: CommitteeSnapshot;
  /** null on the preview of a request before approval: no number is taken, the line leaves it blank. */
  number: number | null;
  typeCode: DocumentType;
  issuedOn: string;
  classification: Classification;
  urgency: Urgency;
  copyTo: string[];
  /** "Dự thảo lần N" on template previews, "preview" (DỰ THẢO) on a request's preview; null on an issued document. */
  draft: number | "preview" | null;
}

/** A paragraph of the body: headings (`I- …`, `1.`) are bold and not indented. */
export interface Block {
  text: string;
  heading?: boolean;
}

/** What a document says; the layout (template + style profile) decides how it looks. */
export interface DocumentContent {
  /** The subject, without the "V/v" prefix of a công văn: "đề nghị cử cán bộ tham gia Đoàn kiểm tra". */
  subject: string;
  /** Recipients after "Kính gửi:" (công văn only); each is a name, punctuation is added by the layout. */
  recipients?: string[];
  body: Block[];
  /** Rows of the layout's table (kế hoạch: the team; chương trình: the items; báo cáo: the figures). */
  rows?: Record<string, string>[];
  /** Paragraphs after the table (a plan's "IV- TỔ CHỨC THỰC HIỆN" follows the team); layouts without a table
   * print them straight after `body`. */
  afterTable?: Block[];
}

export interface DateFromFilingDay {
  path: (string | number)[];
  /** ISO date. */
  date: string;
  /** What the field is, in Vietnamese: "hạn trả lời". */
  label: string;
}

export interface KindDocument<P> {
  type: DocumentType;
  /** The managed template (layout) it is rendered with: cong-van, ke-hoach, chuong-trinh, thong-bao, bao-cao. */
  template: string;
  content(payload: P, ctx: DocumentContext): DocumentContent;
}

/** A request kind: everything that differs between kinds lives behind this, nothing in the handlers. */
export interface RequestKind<P = unknown> {
  kind: string;
  label: string;
  payloadSchema: z.ZodType<P>;
  /** Discipline and denunciation files default to MẬT, which blocks e-mailing (State Secrets Law art. 5). */
  defaultClassification: Classification;
  /**
   * The lowest secrecy level a request of this kind may be filed at. Only an approver may set it lower, at
   * approval, with a recorded reason (POST /v1/requests/{id}/approve { classification, classificationReason }).
   */
  minimumClassification: Classification;
  /** The request's subject line (used for the list and the e-mail subject). */
  subject(payload: P): string;
  /** The documents issued on approval, numbered in this order; all are attached to the e-mail. */
  documents: KindDocument<P>[];
  /** A valid payload for docs, previews and demos. */
  sample: P;
  /**
   * Dates of the payload that cannot lie before the day the request is filed (and again the day it is approved):
   * deadlines, the time a team works, a programme's year. The path names the field in the error.
   */
  datesFromFilingDay?(payload: P): DateFromFilingDay[];
  /** Created by the service only (scheduled reports): POST /v1/requests refuses it. */
  systemOnly?: boolean;
}
