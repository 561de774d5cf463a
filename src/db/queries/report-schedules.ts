import type { CutoffRule, PeriodType } from "../../reports/periods.js";
import { type Db, firstRow } from "../db.js";

export interface ReportSchedule {
  id: string;
  code: string;
  name: string;
  fromCommitteeId: number;
  fromCommittee: string;
  target: string;
  reportKind: string;
  periodType: PeriodType;
  cutoff: CutoffRule;
  active: boolean;
}

const COLUMNS = `s.id, s.code, s.name, s.from_committee_id as "fromCommitteeId", c.code as "fromCommittee", s.target,
  s.report_kind as "reportKind", s.period_type as "periodType", s.cutoff, s.active`;
const FROM = "report_schedules s join committees c on c.id = s.from_committee_id";

export async function listReportSchedules(db: Db, opts: { activeOnly?: boolean; committeeId?: number } = {}) {
  const { rows } = await db.query<ReportSchedule>(
    `select ${COLUMNS} from ${FROM} where ($1::boolean is not true or s.active) and ($2::int is null or s.from_committee_id = $2)
      order by s.code`,
    [opts.activeOnly ?? false, opts.committeeId ?? null],
  );
  return rows;
}

export async function findReportSchedule(db: Db, idOrCode: string): Promise<ReportSchedule | undefined> {
  const { rows } = await db.query<ReportSchedule>(
    `select ${COLUMNS} from ${FROM} where s.id::text = $1 or s.code = $1`,
    [idOrCode],
  );
  return rows[0];
}

export interface NewReportSchedule {
  active?: boolean;
  code: string;
  name: string;
  fromCommitteeId: number;
  target: string;
  periodType: PeriodType;
  cutoff: CutoffRule;
}

export async function insertReportSchedule(db: Db, s: NewReportSchedule): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into report_schedules (code, name, from_committee_id, target, period_type, cutoff)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [s.code, s.name, s.fromCommitteeId, s.target, s.periodType, JSON.stringify(s.cutoff)],
  );
  return firstRow(rows, "the inserted report schedule").id;
}

export async function insertReportScheduleIfMissing(db: Db, s: NewReportSchedule): Promise<void> {
  await db.query(
    `insert into report_schedules (code, name, from_committee_id, target, period_type, cutoff, active)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (code) do nothing`,
    [s.code, s.name, s.fromCommitteeId, s.target, s.periodType, JSON.stringify(s.cutoff), s.active ?? true],
  );
}

/** The committees a schedule reports to: those of the registry valid on `onDate` (the period's last day). */
export async function listTargetCommittees(db: Db, target: string, excludeId: number, onDate: string) {
  const [kind, value] = target.split(":") as [string, string];
  const valid = "valid_from <= $3::date and (valid_to is null or valid_to >= $3::date)";
  const { rows } = await db.query<{ id: number; code: string }>(
    kind === "committee"
      ? `select id, code from committees where code = $1 and id <> $2 and ${valid}`
      : `select id, code from committees where ($1 = 'all' or level = 'province') and id <> $2 and ${valid} order by id`,
    [value, excludeId, onDate],
  );
  return rows;
}

/**
 * The cut-off a committee's figures for a period type are asked by: the schedule that reports to it (an active one
 * first), so the submission form opens the day the schedule's period closes. Undefined when none asks.
 */
export async function findCutoffAskingCommittee(
  db: Db,
  committeeId: number,
  periodType: PeriodType,
): Promise<CutoffRule | undefined> {
  const { rows } = await db.query<{ cutoff: CutoffRule }>(
    `select s.cutoff from report_schedules s join committees c on c.id = $1
      where s.period_type = $2 and s.from_committee_id <> c.id
        and (s.target = 'committee:' || c.code or s.target = 'group:all' or (s.target = 'group:provinces' and c.level = 'province'))
      order by s.active desc, s.code limit 1`,
    [committeeId, periodType],
  );
  return rows[0]?.cutoff;
}

export async function recordReportRun(
  db: Db,
  scheduleId: string,
  periodKey: string,
  requests: number,
): Promise<void> {
  await db.query(
    `insert into report_runs (schedule_id, period_key, requests, finished_at) values ($1, $2, $3, now())
     on conflict (schedule_id, period_key) do update set requests = excluded.requests, finished_at = now()`,
    [scheduleId, periodKey, requests],
  );
}

export async function setReportScheduleActive(db: Db, id: string, active: boolean): Promise<void> {
  await db.query("update report_schedules set active = $2, updated_at = now() where id = $1", [id, active]);
}
