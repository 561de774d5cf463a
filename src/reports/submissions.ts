/**
 * Each committee's own figures for a reporting period (số liệu phối hợp theo kỳ), which the report runs read.
 *
 * A submission is never edited: a correction inserts the next version and marks the earlier one superseded, so the
 * versions themselves are the audit trail (who, when, and for a correction why). The reason lives in the `figures`
 * jsonb under `reason` (no column for it; the query functions split it off again).
 */
import type pg from "pg";
import { z } from "zod";
import { lockSentReportDispatches, markDispatchAnswered } from "../db/queries/dispatches.js";
import { type RequestStatus, transition } from "../domain/request-state.js";
import type { Principal } from "../auth/tokens.js";
import { isUniqueViolation, mustFind, withTransaction } from "../db/db.js";
import {
  findCurrentReportSubmission,
  findReportSubmission,
  insertReportSubmission,
  type ReportSubmissionRow,
  supersedeReportSubmission,
} from "../db/queries/report-submissions.js";
import { committeeValidDuring } from "../db/queries/committees.js";
import { findCutoffAskingCommittee } from "../db/queries/report-schedules.js";
import type { Db } from "../db/db.js";
import { CENTRAL_CODE } from "../db/seed/committee-registry.js";
import { parseIsoDate, shortDateVi } from "../domain/vn-format.js";
import { FIGURE_LABELS, type FigureName, OPTIONAL_FIGURES } from "./figure-names.js";
import { AppError } from "../errors.js";
import type { Clock } from "../runtime/clock.js";
import {
  type CutoffRule,
  PeriodKeySchema,
  parsePeriodKey,
  periodDates,
  safeParsePeriodKey,
} from "./periods.js";
import { moveRequest } from "../requests/move-request.js";

// ---------- Figures ----------

export { FIGURE_LABELS, type FigureName, OPTIONAL_FIGURES } from "./figure-names.js";

/** Unknown keys are refused (the route names each one); anything else that is not an object gets `expected`. */
const objectError = (expected: string) => ({
  error: (issue: { code?: string }) =>
    issue.code === "unrecognized_keys" ? "trường không được hỗ trợ" : expected,
});

const CountSchema = z.int({ error: "phải là số nguyên không âm" }).min(0, { error: "không được âm" });

function figurePairSchema(label: string) {
  return z
    .strictObject(
      {
        total: CountSchema.describe(`Tổng số ${label}`),
        coordinated: CountSchema.describe(`Trong đó: số ${label} có phối hợp với bên kia`),
      },
      objectError("phải là đối tượng { total, coordinated }"),
    )
    .superRefine((pair, ctx) => {
      if (pair.coordinated > pair.total) {
        ctx.addIssue({
          code: "custom",
          path: ["coordinated"],
          message: `số ${label} có phối hợp (${pair.coordinated}) không được lớn hơn tổng số (${pair.total})`,
        });
      }
    });
}

type PairSchema = ReturnType<typeof figurePairSchema>;
type OptionalName = "thematicPlans" | "staffRequestedByProvince" | "staffRequestedByCentral";
const pairs = Object.fromEntries(
  Object.entries(FIGURE_LABELS).map(([name, label]) => [
    name,
    OPTIONAL_FIGURES.includes(name as FigureName)
      ? figurePairSchema(label).optional()
      : figurePairSchema(label),
  ]),
) as { [K in Exclude<FigureName, OptionalName>]: PairSchema } & {
  [K in OptionalName]: z.ZodOptional<PairSchema>;
};

/** What the `figures` of a submission hold; the report runs parse stored figures with it again. */
export const FiguresSchema = z.strictObject(
  pairs,
  objectError(
    `phải có: ${Object.keys(FIGURE_LABELS)
      .filter((k) => !OPTIONAL_FIGURES.includes(k as FigureName))
      .join(", ")}`,
  ),
);
export type Figures = z.infer<typeof FiguresSchema>;

const NoteSchema = z
  .string({ error: "phải là chuỗi ký tự" })
  .trim()
  .max(2000, { error: "tối đa 2000 ký tự" })
  .optional()
  .describe("Ghi chú kèm số liệu");

export const SubmitFiguresSchema = z.strictObject(
  {
    periodKey: PeriodKeySchema.describe("Kỳ báo cáo: 2026-03, 2026-Q2, 2026-H1, 2026-9T, 2026, NK2025-2030"),
    figures: FiguresSchema,
    note: NoteSchema,
  },
  objectError("phải là một đối tượng JSON"),
);
export type SubmitFiguresInput = z.infer<typeof SubmitFiguresSchema>;

export const CorrectFiguresSchema = z.strictObject(
  {
    figures: FiguresSchema,
    note: NoteSchema.describe('Ghi chú kèm số liệu; không gửi thì giữ ghi chú của bản trước, gửi "" để xóa'),
    reason: z
      .string({ error: "bắt buộc: lý do sửa số liệu" })
      .trim()
      .min(1, { error: "bắt buộc: lý do sửa số liệu" })
      .max(2000, { error: "tối đa 2000 ký tự" })
      .describe("Lý do sửa số liệu"),
  },
  objectError("phải là một đối tượng JSON"),
);
export type CorrectFiguresInput = z.infer<typeof CorrectFiguresSchema>;

// ---------- The submission window ----------

/**
 * The cut-off submissions are judged by: calendar periods (a quarter ends on its last day). No schedule is involved
 * here, and periods.ts has no default rule, so this one is named; the due day only matters to the reminders.
 */
export const SUBMISSION_CUTOFF: CutoffRule = { closesOnDay: "last", dueWorkingDays: 10 };

/**
 * A period takes (and lets correct) figures for 180 calendar days after it ends, about two quarters: time to send
 * late and correct mistakes, but figures that reports have been built on for half a year must not be rewritten
 * silently. An older correction goes through the central committee by letter, not through the API.
 */
export const SUBMISSION_WINDOW_DAYS = 180;
const DAY_MS = 86_400_000;

/**
 * The cut-off a committee's figures for `periodKey` are judged by: the one of the schedule that asks it for them
 * (so the form opens when the schedule's period closes, and the due day is the schedule's), else the calendar.
 */
export async function cutoffFor(db: Db, committeeId: number, periodKey: string): Promise<CutoffRule> {
  const parsed = safeParsePeriodKey(periodKey);
  if (!parsed.ok) return SUBMISSION_CUTOFF;
  return (await findCutoffAskingCommittee(db, committeeId, parsed.period.type)) ?? SUBMISSION_CUTOFF;
}

/**
 * Throws unless figures for `periodKey` may be sent at `now` (judged by `rule`, the asking schedule's cut-off):
 * - a key that does not parse → 400 `validation_failed`;
 * - a period that has not ended yet → 400 `validation_failed`: there can be no figures for it, the key is wrong
 *   (like a bad key, and unlike a closed period, no stored state is involved);
 * - more than SUBMISSION_WINDOW_DAYS after its end → 409 `conflict`: the period is closed for submissions.
 */
export function checkSubmissionWindow(
  periodKey: string,
  now: Date,
  rule: CutoffRule = SUBMISSION_CUTOFF,
): void {
  const parsed = safeParsePeriodKey(periodKey);
  if (!parsed.ok) {
    throw new AppError("validation_failed", parsed.error.message, [
      { field: "periodKey", message: parsed.error.message },
    ]);
  }
  const { to, closesAt } = periodDates(parsed.period, rule);
  const lastDay = shortDateVi(parseIsoDate(to));
  if (now < closesAt) {
    throw new AppError(
      "validation_failed",
      `Kỳ báo cáo ${periodKey} chưa kết thúc (đến hết ngày ${lastDay})`,
      [{ field: "periodKey", message: `kỳ chưa kết thúc: chỉ gửi số liệu sau ngày ${lastDay}` }],
    );
  }
  if (now.getTime() - closesAt.getTime() > SUBMISSION_WINDOW_DAYS * DAY_MS) {
    throw new AppError(
      "conflict",
      `Kỳ báo cáo ${periodKey} đã khóa: đã quá ${SUBMISSION_WINDOW_DAYS} ngày kể từ khi kỳ kết thúc (${lastDay})`,
      [
        {
          field: "periodKey",
          message: `kỳ đã khóa sau ${SUBMISSION_WINDOW_DAYS} ngày kể từ ngày ${lastDay}`,
        },
      ],
    );
  }
}

// ---------- Who sees what ----------

/** A committee sees its own submissions; the central committee, to which the reports go, sees every one. */
export function canSeeSubmission(actor: Principal, row: Pick<ReportSubmissionRow, "committeeId">): boolean {
  return row.committeeId === actor.committeeId || actor.committeeCode === CENTRAL_CODE;
}

export function isCentral(actor: Principal): boolean {
  return actor.committeeCode === CENTRAL_CODE;
}

// ---------- Changes ----------

interface Deps {
  db: pg.Pool;
  clock: Clock;
}

function duplicateSubmission(existing: ReportSubmissionRow): AppError {
  return new AppError(
    "conflict",
    `Ủy ban đã gửi số liệu kỳ ${existing.periodKey} (bản ${existing.version}); để sửa, dùng PUT /v1/report-submissions/${existing.id}`,
    [
      {
        field: "periodKey",
        message: `đã có báo cáo ${existing.id}; để sửa: PUT /v1/report-submissions/${existing.id}`,
      },
    ],
  );
}

/** A committee sends figures only for periods the registry had it in (a unit merged away has no later periods). */
async function checkInRegistry(db: Db, actor: Principal, periodKey: string): Promise<void> {
  const { from, to } = periodDates(parsePeriodKey(periodKey), SUBMISSION_CUTOFF);
  if (!(await committeeValidDuring(db, actor.committeeId, from, to)))
    throw new AppError(
      "validation_failed",
      `Ủy ban ${actor.committeeCode} không có trong danh bạ đơn vị trong kỳ ${periodKey}`,
      [{ field: "periodKey", message: "ủy ban không có trong danh bạ trong kỳ này" }],
    );
}

/** The first submission of the caller's committee for a period: version 1. */
export async function submitFigures(
  deps: Deps,
  actor: Principal,
  input: SubmitFiguresInput,
): Promise<ReportSubmissionRow> {
  const now = deps.clock.now();
  checkSubmissionWindow(input.periodKey, now, await cutoffFor(deps.db, actor.committeeId, input.periodKey));
  await checkInRegistry(deps.db, actor, input.periodKey);
  const key = { committeeId: actor.committeeId, periodKey: input.periodKey };
  try {
    return await withTransaction(deps.db, async (tx) => {
      const existing = await findCurrentReportSubmission(tx, key);
      if (existing) throw duplicateSubmission(existing);
      const id = await insertReportSubmission(tx, {
        ...key,
        version: 1,
        figures: input.figures,
        reason: null,
        note: input.note ?? "",
        submittedBy: actor.tokenId,
        submittedAt: now,
      });
      await answerReportDispatches(tx, actor.committeeId, input.periodKey, id, now);
      return mustFind(await findReportSubmission(tx, id), `report submission ${id}`);
    });
  } catch (err) {
    // Two first submissions raced past the check: the partial unique index let one in; the other names it.
    if (isUniqueViolation(err)) {
      const existing = await findCurrentReportSubmission(deps.db, key);
      if (existing) throw duplicateSubmission(existing);
    }
    throw err;
  }
}

/** A correction: the next version becomes current, the corrected one stays, marked superseded. */
export async function correctFigures(
  deps: Deps,
  actor: Principal,
  id: string,
  input: CorrectFiguresInput,
): Promise<ReportSubmissionRow> {
  const now = deps.clock.now();
  return withTransaction(deps.db, async (tx) => {
    // The lock makes a second, concurrent correction of the same version wait and then find it superseded.
    const earlier = await findReportSubmission(tx, id, { forUpdate: true });
    if (!earlier || !canSeeSubmission(actor, earlier))
      throw new AppError("not_found", "Không tìm thấy báo cáo số liệu");
    if (earlier.committeeId !== actor.committeeId)
      throw new AppError("forbidden", "Chỉ ủy ban gửi báo cáo mới được sửa số liệu của mình");
    if (earlier.supersededAt) throw await supersededConflict(tx, earlier);
    checkSubmissionWindow(
      earlier.periodKey,
      now,
      await cutoffFor(tx, earlier.committeeId, earlier.periodKey),
    );
    if (!(await supersedeReportSubmission(tx, { id: earlier.id, at: now })))
      throw await supersededConflict(tx, earlier);
    const newId = await insertReportSubmission(tx, {
      committeeId: earlier.committeeId,
      periodKey: earlier.periodKey,
      version: earlier.version + 1,
      figures: input.figures,
      reason: input.reason,
      note: input.note ?? earlier.note,
      submittedBy: actor.tokenId,
      submittedAt: now,
    });
    return mustFind(await findReportSubmission(tx, newId), `report submission ${newId}`);
  });
}

async function supersededConflict(tx: pg.PoolClient, earlier: ReportSubmissionRow): Promise<AppError> {
  const current = await findCurrentReportSubmission(tx, earlier);
  const hint = current
    ? `sửa bản hiện hành (bản ${current.version}): PUT /v1/report-submissions/${current.id}`
    : "không còn bản hiện hành";
  return new AppError("conflict", `Bản ${earlier.version} này đã được thay bằng bản sửa sau; ${hint}`, [
    { field: "id", message: `bản đã bị thay thế; ${hint}` },
  ]);
}

/**
 * The figures are what a periodic report asks the committee for: their arrival answers that report's dispatch, so
 * the reminders that chase a missing submission stop, exactly as a reply stops them for a request.
 */
async function answerReportDispatches(
  tx: import("pg").PoolClient,
  committeeId: number,
  periodKey: string,
  submissionId: string,
  now: Date,
): Promise<void> {
  for (const row of await lockSentReportDispatches(tx, committeeId, periodKey)) {
    await markDispatchAnswered(tx, row.dispatchId, now);
    const step = transition(row.status, "respond", "system");
    await moveRequest(tx, { id: row.requestId, status: row.status }, step, {
      action: "submission_received",
      actorCommitteeId: committeeId,
      detail: { submissionId, periodKey },
    });
  }
}

/**
 * A report's dispatch to a committee that has already sent its figures for the period (before the report was
 * sent, or the arrival was missed): answered now, with the submission named, instead of a reminder or an overdue
 * mark. True when it was settled so.
 */
export async function settleIfSubmitted(
  tx: import("pg").PoolClient,
  request: { id: string; kind: string; status: RequestStatus; payload: unknown },
  dispatch: { id: string; toCommitteeId: number },
  now: Date,
): Promise<boolean> {
  if (request.kind !== "periodic_report") return false;
  const periodKey = String((request.payload as { periodKey?: unknown }).periodKey ?? "");
  const submission = await findCurrentReportSubmission(tx, {
    committeeId: dispatch.toCommitteeId,
    periodKey,
  });
  if (!submission) return false;
  await markDispatchAnswered(tx, dispatch.id, now);
  const step = transition(request.status, "respond", "system");
  await moveRequest(tx, request, step, {
    action: "submission_received",
    actorCommitteeId: dispatch.toCommitteeId,
    detail: { submissionId: submission.id, periodKey, before: "reminder" },
  });
  return true;
}
