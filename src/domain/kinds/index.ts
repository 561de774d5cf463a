import { annualProgram } from "./annual-program/index.js";
import { complaintResolution } from "./complaint-resolution/index.js";
import { disciplineReview } from "./discipline-review/index.js";
import { informationExchange } from "./information-exchange/index.js";
import { jointInspection } from "./joint-inspection/index.js";
import { periodicReport } from "./periodic-report/index.js";
import type { Classification, RequestKind } from "./kind.js";
import { staffSecondment } from "./staff-secondment/index.js";

/** The registry of request kinds: adding a kind is adding it here, nothing in the handlers. */
export const REQUEST_KINDS: Record<string, RequestKind<never>> = Object.fromEntries(
  [
    staffSecondment,
    jointInspection,
    disciplineReview,
    complaintResolution,
    informationExchange,
    annualProgram,
    periodicReport,
  ].map((k) => [k.kind, k as unknown as RequestKind<never>]),
);

export function findKind(kind: string): RequestKind<unknown> | undefined {
  return Object.hasOwn(REQUEST_KINDS, kind) ? (REQUEST_KINDS[kind] as RequestKind<unknown>) : undefined;
}

export const KIND_NAMES = Object.keys(REQUEST_KINDS);
/** The kinds a person may file (the others are issued by the service). */
export const FILEABLE_KIND_NAMES = Object.entries(REQUEST_KINDS)
  .filter(([, k]) => !k.systemOnly)
  .map(([name]) => name);

/** Secrecy levels from the lowest; a level's rank is its place here. */
export const CLASSIFICATION_ORDER: readonly Classification[] = ["thuong", "mat", "toi_mat", "tuyet_mat"];
export const isBelow = (level: Classification, floor: Classification) =>
  CLASSIFICATION_ORDER.indexOf(level) < CLASSIFICATION_ORDER.indexOf(floor);

/**
 * The Subject of any e-mail about a request. A kind whose rule is "at least MẬT" concerns named party members: even
 * when an approver lowered a request to THƯỜNG (and it is e-mailed), its Subject line says the kind, never a name.
 */
export function mailSubjectOf(r: { kind: string; subject: string }): string {
  const kind = findKind(r.kind);
  if (!kind || kind.minimumClassification === "thuong") return r.subject;
  return kind.label.charAt(0).toLocaleLowerCase("vi-VN") + kind.label.slice(1);
}
