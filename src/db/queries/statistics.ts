import type { PeriodType } from "../../reports/periods.js";
import { type Db, firstRow } from "../db.js";

export interface StatisticsScope {
  /** Calendar dates (Asia/Ho_Chi_Minh), inclusive: a request counts in the range its documents were issued in. */
  from: string;
  to: string;
  /** Only requests this committee is a party to (null: every committee — the central committee's view). */
  committeeId: number | null;
  /** Narrow to the pair (committeeId, counterpartId). */
  counterpartId: number | null;
  /** Which submitted periods count (default: quarters). */
  periodType?: PeriodType | undefined;
  /**
   * Whose submitted figures count: null for every committee (the central view). Decided once, where the viewer's
   * scope is checked (reports/statistics-scope.ts): a province only ever counts its own.
   */
  submitterIds: number[] | null;
}

/** A request counts in the range its first document was issued in. */
const issuedIn = (from: string, to: string) =>
  `exists (select 1 from documents doc where doc.request_id = r.id and doc.position = 0
       and doc.issued_on between ${from}::date and ${to}::date)`;

function scopeWhere(s: StatisticsScope, params: unknown[]): string {
  params.push(s.from, s.to);
  const where = [issuedIn(`$${params.length - 1}`, `$${params.length}`)];
  if (s.committeeId !== null) {
    params.push(s.committeeId);
    const me = `$${params.length}`;
    where.push(`(r.from_committee_id = ${me} or r.to_committee_id = ${me})`);
    if (s.counterpartId !== null) {
      params.push(s.counterpartId);
      where.push(`(r.from_committee_id = $${params.length} or r.to_committee_id = $${params.length})`);
    }
  }
  return where.join(" and ");
}

/**
 * Many pairs in one statement: the committee with each of the counterparts (a report run's batch of a hundred),
 * each row tagged with its counterpart. The same requests as a StatisticsScope naming one counterpart at a time.
 */
export interface PairsScope {
  from: string;
  to: string;
  committeeId: number;
  counterpartIds: number[];
}

/** The condition and parameters of a PairsScope's statements, whose committee is `$3`. */
function pairsWhere(s: PairsScope): { where: string; params: unknown[] } {
  return {
    where: `${issuedIn("$1", "$2")}
    and (r.from_committee_id = $3 and r.to_committee_id = any($4::int[])
      or r.to_committee_id = $3 and r.from_committee_id = any($4::int[]))`,
    params: [s.from, s.to, s.committeeId, s.counterpartIds],
  };
}

const PAIR_COUNTERPART =
  "case when r.from_committee_id = $3 then r.to_committee_id else r.from_committee_id end";

export interface KindDirectionCount {
  kind: string;
  direction: "sent" | "received" | "between";
  count: number;
}

const direction = (me: string) =>
  `case when ${me} is null then 'between' when r.from_committee_id = ${me} then 'sent' else 'received' end`;

export async function countRequestsByKind(db: Db, s: StatisticsScope): Promise<KindDirectionCount[]> {
  const params: unknown[] = [];
  const where = scopeWhere(s, params);
  params.push(s.committeeId);
  const me = `$${params.length}::int`;
  const { rows } = await db.query<KindDirectionCount>(
    `select r.kind, ${direction(me)} as direction, count(*)::int as count
       from requests r where ${where} group by 1, 2 order by 1, 2`,
    params,
  );
  return rows;
}

export async function countRequestsByKindOfPairs(
  db: Db,
  s: PairsScope,
): Promise<(KindDirectionCount & { counterpartId: number })[]> {
  const { where, params } = pairsWhere(s);
  const { rows } = await db.query<KindDirectionCount & { counterpartId: number }>(
    `select ${PAIR_COUNTERPART} as "counterpartId", r.kind, ${direction("$3::int")} as direction, count(*)::int as count
       from requests r where ${where} group by 1, 2, 3 order by 1, 2, 3`,
    params,
  );
  return rows;
}

export interface DispatchFact {
  sentAt: Date | null;
  deadlineAt: Date | null;
  answeredAt: Date | null;
  overdueAt: Date | null;
  status: string;
  reference: string;
  toCommittee: string;
  fromCommittee: string;
}

const DISPATCH_FACTS = `d.sent_at as "sentAt", d.deadline_at as "deadlineAt", d.answered_at as "answeredAt",
            d.overdue_at as "overdueAt", d.status, r.reference, tc.code as "toCommittee", fc.code as "fromCommittee"
       from dispatches d join requests r on r.id = d.request_id
       join committees tc on tc.id = d.to_committee_id join committees fc on fc.id = r.from_committee_id`;

/** Every dispatch of the requests in scope, for answer times and on-time counts (computed on the calendar). */
export async function listDispatchFacts(db: Db, s: StatisticsScope): Promise<DispatchFact[]> {
  const params: unknown[] = [];
  const where = scopeWhere(s, params);
  const { rows } = await db.query<DispatchFact>(`select ${DISPATCH_FACTS} where ${where}`, params);
  return rows;
}

export async function listDispatchFactsOfPairs(
  db: Db,
  s: PairsScope,
): Promise<(DispatchFact & { counterpartId: number })[]> {
  const { where, params } = pairsWhere(s);
  const { rows } = await db.query<DispatchFact & { counterpartId: number }>(
    `select ${PAIR_COUNTERPART} as "counterpartId", ${DISPATCH_FACTS} where ${where}`,
    params,
  );
  return rows;
}

export async function countDocumentsIssued(
  db: Db,
  s: StatisticsScope,
): Promise<{ typeCode: string; count: number }[]> {
  const params: unknown[] = [];
  const where = scopeWhere(s, params);
  const { rows } = await db.query<{ typeCode: string; count: number }>(
    `select d.type_code as "typeCode", count(*)::int as count
       from documents d join requests r on r.id = d.request_id
      where ${where} and d.sha256 is not null group by 1 order by 1`,
    params,
  );
  return rows;
}

/**
 * The provincial units of the registry as it stood during the range: every unit valid on at least one of its days
 * (63 for a range before 1/7/2025, 34 after, the units added or ended in it included).
 */
const UNITS_DURING = (from: string, to: string) =>
  `select id from committees where level = 'province' and valid_from <= ${to}::date
      and (valid_to is null or valid_to >= ${from}::date)`;

/**
 * Provincial units that took part in coordination in scope (a numbered request either way), counted against the
 * registry during the range. The periodic reports the service itself sends are not coordination and never count.
 * `anyRecord` says whether the range holds any coordination at all (else the rate is undefined, not 0/34).
 */
export async function countCoordinatingProvinces(
  db: Db,
  s: StatisticsScope,
): Promise<{ coordinated: number; total: number; anyRecord: boolean }> {
  const params: unknown[] = [];
  const where = scopeWhere(s, params);
  const units = UNITS_DURING("$1", "$2");
  const { rows } = await db.query<{ coordinated: number; total: number; anyRecord: boolean }>(
    `with coordination as (select r.from_committee_id, r.to_committee_id from requests r
                            where r.kind <> 'periodic_report' and ${where})
     select (select count(*)::int from (${units}) u
              where exists (select 1 from coordination k where u.id in (k.from_committee_id, k.to_committee_id))) as coordinated,
            (select count(*)::int from (${units}) u) as total,
            exists (select 1 from coordination) as "anyRecord"`,
    params,
  );
  return firstRow(rows, "the coordination counts");
}

/** The ids of the provincial units valid during the range (the registry as it was then). */
export async function listProvincialUnitsDuring(db: Db, from: string, to: string): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(`${UNITS_DURING("$1", "$2")} order by id`, [from, to]);
  return rows.map((r) => r.id);
}

/** A committee's submitted figures for a period, by figure name. */
export type SubmittedFigures = Record<string, { total: number; coordinated: number } | undefined>;

/** Current submissions of the committees in scope (all of them for the central view). */
export async function listCurrentSubmissions(db: Db, committeeIds: number[] | null) {
  const { rows } = await db.query<{
    committeeId: number;
    level: string;
    periodKey: string;
    recordedAfterFact: boolean;
    figures: SubmittedFigures;
  }>(
    `select s.committee_id as "committeeId", c.level, s.period_key as "periodKey",
            s.recorded_after_fact as "recordedAfterFact", s.figures - 'reason' as figures
       from report_submissions s join committees c on c.id = s.committee_id
      where s.superseded_at is null and ($1::int[] is null or s.committee_id = any($1::int[]))`,
    [committeeIds],
  );
  return rows;
}

// ---------- Published national figures ----------

export interface Publication {
  periodKey: string;
  figures: Record<string, unknown>;
  publishedAt: Date;
  publishedBy: string | null;
}

/** False when the period was published already (a publication is a fact: it is not rewritten). */
export async function insertPublication(
  db: Db,
  p: { periodKey: string; figures: object; publishedBy: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into statistics_publications (period_key, figures, published_by) values ($1, $2, $3)
     on conflict (period_key) do nothing`,
    [p.periodKey, JSON.stringify(p.figures), p.publishedBy],
  );
  return (rowCount ?? 0) > 0;
}

export async function listPublications(db: Db, periodKey?: string): Promise<Publication[]> {
  const { rows } = await db.query<Publication>(
    `select p.period_key as "periodKey", p.figures, p.published_at as "publishedAt", c.code as "publishedBy"
       from statistics_publications p left join api_tokens t on t.id = p.published_by
       left join committees c on c.id = t.committee_id
      where $1::text is null or p.period_key = $1 order by p.published_at desc`,
    [periodKey ?? null],
  );
  return rows;
}
