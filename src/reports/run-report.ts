import { upperFirst } from "../domain/text.js";
import type pg from "pg";
import { withTransaction } from "../db/db.js";
import { findCommitteeOnDate } from "../db/queries/committees.js";
import {
  findReportSchedule,
  listTargetCommittees,
  recordReportRun,
  type ReportSchedule,
} from "../db/queries/report-schedules.js";
import { findRequestByIdempotencyKey, insertRequestWithEvent } from "../db/queries/requests.js";
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
import { numberDocuments } from "../requests/number-documents.js";
import { periodLabel } from "./period-label.js";
import { lastClosedPeriod, type Period, periodBounds, periodKey } from "./periods.js";
import { runnablePeriod } from "./run-guard.js";
import { computeStatistics } from "./statistics.js";
import { FIGURE_LABELS, type FigureName } from "./submissions.js";
import { notifyCommittee } from "../db/queries/notifications.js";
import { findCurrentReportSubmission } from "../db/queries/report-submissions.js";
import { COMMITTEE_EVENTS } from "../domain/notification-events.js";

export { periodLabel } from "./period-label.js";

export interface RunDeps {
  db: pg.Pool;
  clock: Clock;
  calendar: WorkingCalendar;
}

const RUN_CONCURRENCY = 4;

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
 */
export async function runReport(deps: RunDeps, scheduleRef: string, key?: string): Promise<RunOutcome> {
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
  // A few pairs at a time: the figures are independent queries; only the numbering takes turns on its counter.
  let next = 0;
  await Promise.all(
    Array.from({ length: RUN_CONCURRENCY }, async () => {
      for (let target = targets[next++]; target; target = targets[next++]) {
        const made = await reportTo(deps, schedule, period, pk, bounds, target);
        if (made.created) outcome.created++;
        else outcome.alreadyThere++;
        outcome.requestIds.push(made.requestId);
      }
    }),
  );
  await recordReportRun(deps.db, schedule.id, pk, outcome.requestIds.length);
  return outcome;
}

async function reportTo(
  deps: RunDeps,
  schedule: ReportSchedule,
  period: Period,
  pk: string,
  bounds: { from: string; to: string; dueOn: string },
  target: { id: number; code: string },
): Promise<{ created: boolean; requestId: string }> {
  const idempotencyKey = `report:${schedule.code}:${pk}:${target.code}`;
  const existing = await findRequestByIdempotencyKey(deps.db, schedule.fromCommitteeId, idempotencyKey);
  if (existing) return { created: false, requestId: existing.id };
  const stats = await computeStatistics(
    deps.db,
    deps.calendar,
    {
      from: bounds.from,
      to: bounds.to,
      committeeId: schedule.fromCommitteeId,
      counterpartId: target.id,
      submitterIds: [target.id],
    },
    deps.clock.now(),
  );
  const counterpart = await findCommitteeOnDate(deps.db, target.id, isoDate(dateInVietnam(deps.clock.now())));
  const sent = stats.requests.reduce((n, r) => n + r.count, 0);
  // The counterpart's own figures for the period, when it has submitted them.
  const submission = await findCurrentReportSubmission(deps.db, { committeeId: target.id, periodKey: pk });
  const submitted = submission
    ? (Object.keys(FIGURE_LABELS) as FigureName[]).flatMap((name) => {
        const f = submission.figures[name] as { total: number; coordinated: number } | undefined;
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
    counterpartName: counterpart?.name ?? target.code,
    figures: [
      {
        content: `Yêu cầu phối hợp đã gửi (${formatInteger(sent)} yêu cầu) / đã được trả lời`,
        total: formatInteger(a.dispatched),
        coordinated: formatInteger(a.answeredOnTime + a.answeredLate),
        rate: formatRate(a.answeredOnTime + a.answeredLate, a.dispatched),
      },
      {
        content: "Trả lời đúng hạn",
        total: formatInteger(stats.rates.answeredOnTime.denominator),
        coordinated: formatInteger(stats.rates.answeredOnTime.numerator),
        rate: stats.rates.answeredOnTime.text,
      },
    ],
    overdue: a.overdue.map((o) => ({
      reference: o.reference,
      deadline: shortDateVi(dateInVietnam(new Date(o.deadlineAt))),
    })),
    submitted: Boolean(submission),
  };
  payload.figures.push(...submitted);
  return withTransaction(deps.db, async (tx) => {
    const request = await insertRequestWithEvent(tx, {
      year: parseIsoDate(bounds.to).year,
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
    const documentIds = await numberDocuments(tx, request, deps.clock);
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
    return { created: true, requestId: request.id };
  });
}
