import { type Db, firstRow } from "../db.js";

/**
 * One committee's figures for one period, one row per version. The `figures` column holds the six counts and, on a
 * correction, the reason for it under the key `reason` (the table has no column for it and migrations are not
 * changed for that); these functions split the two, so a reader sees `figures` with the counts only.
 */
export interface ReportSubmissionRow {
  id: string;
  committeeId: number;
  committeeCode: string;
  periodKey: string;
  version: number;
  figures: Record<string, unknown>;
  reason: string | null;
  note: string;
  submittedBy: string | null;
  submittedAt: Date;
  supersededAt: Date | null;
  /** Recorded by the central committee's admin after the fact (a bulk import of a past period), not sent by the committee. */
  recordedAfterFact: boolean;
}

const COLUMNS = `s.id, s.committee_id as "committeeId", c.code as "committeeCode", s.period_key as "periodKey",
  s.version, s.figures - 'reason' as figures, s.figures->>'reason' as reason, s.note,
  s.submitted_by as "submittedBy", s.submitted_at as "submittedAt", s.superseded_at as "supersededAt",
  s.recorded_after_fact as "recordedAfterFact"`;
const FROM = "report_submissions s join committees c on c.id = s.committee_id";

export async function findReportSubmission(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ReportSubmissionRow | undefined> {
  const { rows } = await db.query<ReportSubmissionRow>(
    `select ${COLUMNS} from ${FROM} where s.id = $1${opts.forUpdate ? " for update of s" : ""}`,
    [id],
  );
  return rows[0];
}

export async function findCurrentReportSubmission(
  db: Db,
  params: { committeeId: number; periodKey: string },
): Promise<ReportSubmissionRow | undefined> {
  const { rows } = await db.query<ReportSubmissionRow>(
    `select ${COLUMNS} from ${FROM}
      where s.committee_id = $1 and s.period_key = $2 and s.superseded_at is null`,
    [params.committeeId, params.periodKey],
  );
  return rows[0];
}

/** Every version of one committee's submission for one period, newest first. */
export async function listReportSubmissionVersions(
  db: Db,
  params: { committeeId: number; periodKey: string },
): Promise<ReportSubmissionRow[]> {
  const { rows } = await db.query<ReportSubmissionRow>(
    `select ${COLUMNS} from ${FROM} where s.committee_id = $1 and s.period_key = $2 order by s.version desc`,
    [params.committeeId, params.periodKey],
  );
  return rows;
}

/** Current submissions, newest first; every filter optional. `after` is the last row of the previous page. */
export async function listCurrentReportSubmissions(
  db: Db,
  params: {
    committeeId?: number | undefined;
    periodKey?: string | undefined;
    after?: { createdAt: string; id: string } | undefined;
    limit: number;
  },
): Promise<ReportSubmissionRow[]> {
  const { rows } = await db.query<ReportSubmissionRow>(
    `select ${COLUMNS} from ${FROM}
      where s.superseded_at is null
        and ($1::int is null or s.committee_id = $1)
        and ($2::text is null or s.period_key = $2)
        and ($3::timestamptz is null or (s.submitted_at, s.id) < ($3::timestamptz, $4::uuid))
      order by s.submitted_at desc, s.id desc
      limit $5`,
    [
      params.committeeId ?? null,
      params.periodKey ?? null,
      params.after?.createdAt ?? null,
      params.after?.id ?? null,
      params.limit,
    ],
  );
  return rows;
}

export interface NewReportSubmission {
  committeeId: number;
  periodKey: string;
  version: number;
  figures: Record<string, unknown>;
  reason: string | null;
  note: string;
  submittedBy: string;
  submittedAt: Date;
  /** Set for figures recorded after the fact by a bulk import: marks the row so, and names the import. */
  importId?: string;
}

/** The current submissions among (committee, period) pairs: what an import would collide with. */
export async function listCurrentSubmissionsOf(
  db: Db,
  pairs: { committeeId: number; periodKey: string }[],
): Promise<{ committeeId: number; periodKey: string; version: number }[]> {
  const { rows } = await db.query<{ committeeId: number; periodKey: string; version: number }>(
    `select s.committee_id as "committeeId", s.period_key as "periodKey", s.version
       from report_submissions s
       join unnest($1::int[], $2::text[]) as p(committee_id, period_key)
         on p.committee_id = s.committee_id and p.period_key = s.period_key
      where s.superseded_at is null`,
    [pairs.map((p) => p.committeeId), pairs.map((p) => p.periodKey)],
  );
  return rows;
}

export async function insertReportSubmission(db: Db, s: NewReportSubmission): Promise<string> {
  const stored = s.reason === null ? s.figures : { ...s.figures, reason: s.reason };
  const { rows } = await db.query<{ id: string }>(
    `insert into report_submissions (committee_id, period_key, version, figures, note, submitted_by, submitted_at,
       recorded_after_fact, import_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      s.committeeId,
      s.periodKey,
      s.version,
      JSON.stringify(stored),
      s.note,
      s.submittedBy,
      s.submittedAt,
      s.importId !== undefined,
      s.importId ?? null,
    ],
  );
  return firstRow(rows, "the inserted report submission").id;
}

/** False when the row was superseded already (the caller holds its lock, so that means a bug or a race lost). */
export async function supersedeReportSubmission(db: Db, params: { id: string; at: Date }): Promise<boolean> {
  const { rowCount } = await db.query(
    "update report_submissions set superseded_at = $2 where id = $1 and superseded_at is null",
    [params.id, params.at],
  );
  return (rowCount ?? 0) > 0;
}

export interface MissingCommittee {
  id: number;
  code: string;
  name: string;
  email: string;
}

/**
 * Provincial units of the registry during the period (`from`..`to`) without a current submission for it, named as
 * they stood on `date` (or, for a unit ended before it, on its last day).
 */
export async function listCommitteesMissingSubmission(
  db: Db,
  params: { periodKey: string; date: string; from: string; to: string },
): Promise<MissingCommittee[]> {
  const { rows } = await db.query<MissingCommittee>(
    `select c.id, c.code, coalesce(v.name, c.code) as name, c.email
       from committees c
       left join committee_versions v
         on v.committee_id = c.id and v.valid_from <= least($2::date, c.valid_to)
        and (v.valid_to is null or v.valid_to >= least($2::date, c.valid_to))
      where c.level = 'province' and c.valid_from <= $4::date and (c.valid_to is null or c.valid_to >= $3::date)
        and not exists (select 1 from report_submissions s
                         where s.committee_id = c.id and s.period_key = $1 and s.superseded_at is null)
      order by c.code`,
    [params.periodKey, params.date, params.from, params.to],
  );
  return rows;
}
