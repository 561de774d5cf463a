import type { z } from "zod";

export type Classification = "thuong" | "mat" | "toi_mat" | "tuyet_mat";

export interface LetterParties {
  fromName: string;
  toName: string;
}

/** A request kind: everything that differs between kinds lives behind this, nothing in the handlers. */
export interface RequestKind<P = unknown> {
  kind: string;
  label: string;
  payloadSchema: z.ZodType<P>;
  documentType: "CV" | "KH" | "CTr" | "TB" | "BC";
  template: string;
  defaultClassification: Classification;
  /** The subject without the profile's "V/v" prefix: "đề nghị cử cán bộ tham gia Đoàn kiểm tra". */
  subject(payload: P): string;
  /** What the letter says, paragraph by paragraph; the template lays it out. */
  letterBody(payload: P, parties: LetterParties): string[];
  /** A valid payload for docs, previews and demos. */
  sample: P;
}
