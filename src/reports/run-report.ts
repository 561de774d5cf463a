import { upperFirst } from "../domain/text.js";
import type pg from "pg";
import { withTransaction } from "../db/db.js";
import { type CommitteeOnDate, findCommitteeOnDate, findCommitteesOnDate } from "../db/queries/committees.js";
import {
  findReportSchedule,
  listTargetCommittees,
  recordReportRun,
  type ReportSchedule,
} from "../db/queries/report-schedules.js";
import { findRequestIdsByIdempotencyKeys, insertRequestWithEvent } from "../db/queries/requests.js";
import { periodicReport, type PeriodicReport } from "../domain/kinds/periodic-report/index.js";
import { transition } from "../domain/request-state.js";
import {
  dateInVietnam,
  formatInteger,
  formatRate,
  isoDate,
  parseIsoDate,
  shortDateVi,
} from "../domain/vn-format.js";
import type { WorkingCalendar } from "../domain/working-days.js";
import type { Clock } from "../runtime/clock.js";
import { moveRequest } from "../requests/move-request.js";
import { type FindIssuer, numberDocuments } from "../requests/number-documents.js";
import { periodLabel } from "./period-label.js";
import { lastClosedPeriod, type Period, periodBounds, periodKey } from "./periods.js";
import { runnablePeriod } from "./run-guard.js";
import { computePairAnswers, type PairAnswers } from "./statistics.js";
import { FIGURE_LABELS, type FigureName } from "./submissions.js";
import { notifyCommittee } from "../db/queries/notifications.js";
import { listCurrentSubmissions, type SubmittedFigures } from "../db/queries/statistics.js";
import { COMMITTEE_EVENTS } from "../domain/notification-events.js";

export { periodLabel } from "./period-label.js";

export interface RunDeps {
  db: pg.Pool;
  clock: Clock;
  calendar: WorkingCalendar;
}

/** Pairs written per transaction (a crash loses at most one batch's work, which the next run redoes). */
const PAIRS_PER_TRANSACTION = 100;

export interface RunOutcome {
  schedule: string;
  periodKey: string;
  created: number;
  alreadyThere: number;
  requestIds: string[];
}

/**
 * One reporting run: for each recipient of the schedule, a báo cáo of the pair's figures for the period, numbered
 * and issued like every document and e-mailed through the dispatch machinery. Keyed by (schedule, period,
 * recipient), so running a period twice changes nothing and a crash midway is finished by running it again.
 * `afterBatch` is called with each batch's requests once its transaction has committed (the worker enqueues their
 * renders there, so the first letters go while the run goes on); a crash before it is made good by the next run.
 */
export async function runReport(
  deps: RunDeps,
  scheduleRef: string,
  key?: string,
  afterBatch?: (requestIds: string[]) => Promise<void>,
): Promise<RunOutcome> {
  const schedule = await findReportSchedule(deps.db, scheduleRef);
  if (!schedule) throw new Error(`no report schedule ${scheduleRef}`);
  const period = key
    ? runnablePeriod(schedule, key, deps.clock.now())
    : lastClosedPeriod(schedule.periodType, deps.clock.now(), schedule.cutoff);
  const pk = periodKey(period);
  const bounds = periodBounds(period, schedule.cutoff, deps.calendar);
  const outcome: RunOutcome = {
    schedule: schedule.code,
    periodKey: pk,
    created: 0,
    alreadyThere: 0,
    requestIds: [],
  };
  // The units of the registry on the period's last day: a merged-away unit gets no report for a later period.
  const targets = await listTargetCommittees(deps.db, schedule.target, schedule.fromCommitteeId, bounds.to);
  // The figures are independent queries, gathered a few pairs at a time; the writes go in batches, one transaction
  // each: one commit (a WAL flush, ~2 ms here) and one turn on the issuer's counters per batch rather than per pair
  // (5,000 pairs took their turns one by one). The next batch is gathered while the current one is written.
  let drafting = draftBatch(deps, schedule, period, pk, bounds, targets.slice(0, PAIRS_PER_TRANSACTION));
  for (let start = 0; start < targets.length; start += PAIRS_PER_TRANSACTION) {
    const drafts = await drafting;
    const end = start + PAIRS_PER_TRANSACTION;
    drafting = draftBatch(
      deps,
      schedule,
      period,
      pk,
      bounds,
      targets.slice(end, end + PAIRS_PER_TRANSACTION),
    );
    // Awaited on the next turn; if this batch's write fails first, its failure is the one reported.
    drafting.catch(() => {});
    const written = await writeBatch(deps, schedule, pk, drafts);
    for (const made of written) {
      if (made.created) outcome.created++;
      else outcome.alreadyThere++;
      outcome.requestIds.push(made.requestId);
    }
    await afterBatch?.(written.map((made) => made.requestId));
  }
  await recordReportRun(deps.db, schedule.id, pk, outcome.requestIds.length);
  return outcome;
}

type Target = { id: number; code: string };
type Bounds = { from: string; to: string; dueOn: string };

/** A pair's report before it is written: the request already there, or the payload of the one to create. */
type Draft =
  | { existing: string }
  | { target: Target; idempotencyKey: string; year: number; payload: PeriodicReport };

/**
 * The drafts of a batch of pairs. What is read is read for the whole batch at once: the requests already made,
 * then, for the pairs still to make, their requests and answers, the counterparts' names and their submitted
 * figures — five statements for a hundred pairs (one pair at a time took six each). A run taken again after a
 * crash reads figures only for what it has left to write; one taken again when all is written, none.
 */
async function draftBatch(
  deps: RunDeps,
  schedule: ReportSchedule,
  period: Period,
  pk: string,
  bounds: Bounds,
  targets: Target[],
): Promise<Draft[]> {
  if (targets.length === 0) return [];
  const keyOf = (target: Target) => `report:${schedule.code}:${pk}:${target.code}`;
  const existing = await findRequestIdsByIdempotencyKeys(
    deps.db,
    schedule.fromCommitteeId,
    targets.map(keyOf),
  );
  const ids = targets.filter((target) => !existing.has(keyOf(target))).map((target) => target.id);
  const now = deps.clock.now();
  const [answers, counterparts, submissions] = ids.length
    ? await Promise.all([
        computePairAnswers(
          deps.db,
          deps.calendar,
          { from: bounds.from, to: bounds.to, committeeId: schedule.fromCommitteeId, counterpartIds: ids },
          now,
        ),
        findCommitteesOnDate(deps.db, ids, isoDate(dateInVietnam(now))),
        listCurrentSubmissions(deps.db, ids),
      ])
    : [new Map<number, PairAnswers>(), new Map<number, CommitteeOnDate>(), []];
  // The counterpart's own figures for the period, when it has submitted them.
  const submitted = new Map(
    submissions.filter((s) => s.periodKey === pk).map((s) => [s.committeeId, s.figures]),
  );
  return targets.map((target): Draft => {
    const idempotencyKey = keyOf(target);
    const made = existing.get(idempotencyKey);
    if (made) return { existing: made };
    const payload = reportPayload(schedule, period, pk, bounds, {
      name: counterparts.get(target.id)?.name ?? target.code,
      stats: answers.get(target.id) as PairAnswers,
      figures: submitted.get(target.id),
    });
    return { target, idempotencyKey, year: parseIsoDate(bounds.to).year, payload };
  });
}

/** The báo cáo of one pair, from its figures. */
function reportPayload(
  schedule: ReportSchedule,
  period: Period,
  pk: string,
  bounds: Bounds,
  pair: { name: string; stats: PairAnswers; figures: SubmittedFigures | undefined },
): PeriodicReport {
  const { stats, figures: submission } = pair;
  const sent = stats.requests.reduce((n, r) => n + r.count, 0);
  // The counterpart's own figures for the period, when it has submitted them.
  const submitted = submission
    ? (Object.keys(FIGURE_LABELS) as FigureName[]).flatMap((name) => {
        const f = submission[name];
        if (!f) return [];
        return {
          content: `${upperFirst(FIGURE_LABELS[name])} (có phối hợp)`,
          total: formatInteger(f.total),
          coordinated: formatInteger(f.coordinated),
          rate: formatRate(f.coordinated, f.total),
        };
      })
    : [];
  const a = stats.answers;
  const payload: PeriodicReport = {
    scheduleCode: schedule.code,
    scheduleName: schedule.name,
    periodKey: pk,
    periodLabel: periodLabel(period),
    from: bounds.from,
    to: bounds.to,
    dueOn: bounds.dueOn,
    counterpartName: pair.name,
    figures: [
      {
        content: `Yêu cầu phối hợp đã gửi (${formatInteger(sent)} yêu cầu) / đã được trả lời`,
        total: formatInteger(a.dispatched),
        coordinated: formatInteger(a.answeredOnTime + a.answeredLate),
        rate: formatRate(a.answeredOnTime + a.answeredLate, a.dispatched),
      },
      {
        content: "Trả lời đúng hạn",
        total: formatInteger(stats.answeredOnTime.denominator),
        coordinated: formatInteger(stats.answeredOnTime.numerator),
        rate: stats.answeredOnTime.text,
      },
    ],
    overdue: a.overdue.map((o) => ({
      reference: o.reference,
      deadline: shortDateVi(dateInVietnam(new Date(o.deadlineAt))),
    })),
    submitted: Boolean(submission),
  };
  payload.figures.push(...submitted);
  return payload;
}

/** One batch of pairs in one transaction, in the order of the targets. */
async function writeBatch(
  deps: RunDeps,
  schedule: ReportSchedule,
  pk: string,
  drafts: Draft[],
): Promise<{ created: boolean; requestId: string }[]> {
  const findIssuer = sameIssuerInTransaction();
  const write = async (tx: pg.PoolClient | null) => {
    const made: { created: boolean; requestId: string }[] = [];
    for (const draft of drafts) {
      if ("existing" in draft) made.push({ created: false, requestId: draft.existing });
      else if (tx)
        made.push({ created: true, requestId: await writeReport(tx, deps, schedule, pk, draft, findIssuer) });
    }
    return made;
  };
  return drafts.every((d) => "existing" in d) ? write(null) : withTransaction(deps.db, write);
}

/**
 * Every pair of a batch has the same issuer: it is read once per issue date in the batch's transaction (one
 * statement less per pair on the path that holds the counters).
 */
function sameIssuerInTransaction(): FindIssuer {
  const read = new Map<string, Promise<CommitteeOnDate | undefined>>();
  return (tx, committeeId, issuedOn) => {
    const key = `${committeeId}:${issuedOn}`;
    let found = read.get(key);
    if (!found) {
      found = findCommitteeOnDate(tx, committeeId, issuedOn);
      read.set(key, found);
    }
    return found;
  };
}

async function writeReport(
  tx: pg.PoolClient,
  deps: RunDeps,
  schedule: ReportSchedule,
  pk: string,
  { target, idempotencyKey, year, payload }: Exclude<Draft, { existing: string }>,
  findIssuer: FindIssuer,
): Promise<string> {
  const request = await insertRequestWithEvent(tx, {
    year,
    kind: periodicReport.kind,
    fromCommitteeId: schedule.fromCommitteeId,
    toCommitteeId: target.id,
    status: "submitted",
    classification: "thuong",
    urgency: "thuong",
    subject: periodicReport.subject(payload),
    payload,
    copyTo: [],
    idempotencyKey,
    bodyHash: idempotencyKey,
    createdBy: null,
  });
  const step = transition(request.status, "auto_approve", "system");
  if (!step.ok) throw new Error("a new report request cannot be approved");
  const documentIds = await numberDocuments(tx, request, deps.clock, findIssuer);
  await notifyCommittee(tx, {
    committeeId: target.id,
    type: "report_due",
    roles: COMMITTEE_EVENTS.report_due.roles,
    title: COMMITTEE_EVENTS.report_due.title(pk),
    body: `V/v ${request.subject}`,
    link: `/v1/requests/${request.id}`,
    requestId: request.id,
  });
  await moveRequest(tx, request, step, {
    action: "approve",
    detail: { by: "schedule", schedule: schedule.code, periodKey: pk, documentIds },
  });
  return request.id;
}
