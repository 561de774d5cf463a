import { annualProgram } from "./annual-program/index.js";
import { complaintResolution } from "./complaint-resolution/index.js";
import { disciplineReview } from "./discipline-review/index.js";
import { informationExchange } from "./information-exchange/index.js";
import { jointInspection } from "./joint-inspection/index.js";
import { periodicReport } from "./periodic-report/index.js";
import type { RequestKind } from "./kind.js";
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
export const FILEABLE_KIND_NAMES = KIND_NAMES.filter((k) => !REQUEST_KINDS[k]!.systemOnly);
