import type { Db } from "../db.js";
import { COUNTERPART_VISIBLE_FROM } from "./requests.js";

/**
 * Finding a common word is cheap, visiting and ranking every row that has it is not: "kỷ luật" in a sixth of
 * 100,000 requests meant reading every page of the table (bench/registers.bench.ts). So a search first looks at
 * the committee's newest RECENT_WINDOW requests (an index walk, a fixed cost) and answers from them when they give a
 * full page; only a rarer word goes to the full-text index, where at most RANKED_CANDIDATES (newest) are ranked.
 */
export const RECENT_WINDOW = 5_000;
export const RANKED_CANDIDATES = 1_000;

export type SearchKind = "request" | "document" | "received" | "mail";

export interface SearchHit {
  kind: SearchKind;
  id: string;
  requestId: string | null;
  title: string;
  body: string;
  rank: number;
  at: Date;
}

/** $1 committee, $2 tsquery, $3 the statuses a counterpart sees, $4 page size, $5 window or candidate cap. */
const SCOPE = "(r.from_committee_id = $1 or (r.to_committee_id = $1 and r.status = any($3::text[])))";

const RECENT_REQUESTS = `(select r.id, r.search_tsv, r.created_at from requests r where r.from_committee_id = $1
    order by r.created_at desc limit $5)
  union all
  (select r.id, r.search_tsv, r.created_at from requests r
    where r.to_committee_id = $1 and r.from_committee_id <> $1 and r.status = any($3::text[])
    order by r.created_at desc limit $5)`;
const MATCHING_REQUESTS = `select r.id, r.search_tsv, r.created_at from requests r, to_tsquery('simple', $2) q
  where r.search_tsv @@ q and ${SCOPE} order by r.created_at desc limit $5`;

const rankedRequests = (candidates: string) =>
  `select 'request' as kind, r.id, r.id as "requestId", r.reference || ' — ' || r.subject as title,
          r.subject || E'\\n' || phoihop_json_strings(r.payload) as body, h.rank, r.created_at as at
     from (select c.id, ts_rank_cd(c.search_tsv, q) as rank, c.created_at
             from (${candidates}) c, to_tsquery('simple', $2) q
            where c.search_tsv @@ q
            order by rank desc, c.created_at desc limit $4) h
     join requests r on r.id = h.id
    order by h.rank desc, h.created_at desc`;

const RECENT_DOCUMENTS = `(select d.id, d.search_tsv, d.created_at from documents d where d.issuer_committee_id = $1
    order by d.created_at desc limit $5)
  union all
  (select d.id, d.search_tsv, d.created_at
     from (select r.id from requests r
            where r.to_committee_id = $1 and r.from_committee_id <> $1 and r.status = any($3::text[])
            order by r.created_at desc limit $5) x
     join documents d on d.request_id = x.id)`;
const MATCHING_DOCUMENTS = `select d.id, d.search_tsv, d.created_at
  from documents d join requests r on r.id = d.request_id, to_tsquery('simple', $2) q
  where d.search_tsv @@ q and ${SCOPE} order by d.created_at desc limit $5`;

const rankedDocuments = (candidates: string) =>
  `select 'document' as kind, d.id, d.request_id as "requestId", d.symbol || ' — ' || r.subject as title,
          coalesce(d.text_content, d.symbol) as body, h.rank, d.created_at as at
     from (select c.id, ts_rank_cd(c.search_tsv, q) as rank, c.created_at
             from (${candidates}) c, to_tsquery('simple', $2) q
            where c.search_tsv @@ q
            order by rank desc, c.created_at desc limit $4) h
     join documents d on d.id = h.id join requests r on r.id = d.request_id
    order by h.rank desc, h.created_at desc`;

async function recentThenAll(
  db: Db,
  sql: { recent: string; all: string },
  committeeId: number,
  tsquery: string,
  limit: number,
): Promise<SearchHit[]> {
  const params = [committeeId, tsquery, COUNTERPART_VISIBLE_FROM, limit];
  const recent = await db.query<SearchHit>(sql.recent, [...params, RECENT_WINDOW]);
  if (recent.rows.length >= limit) return recent.rows;
  return (await db.query<SearchHit>(sql.all, [...params, RANKED_CANDIDATES])).rows;
}

const REQUEST_SQL = { recent: rankedRequests(RECENT_REQUESTS), all: rankedRequests(MATCHING_REQUESTS) };
const DOCUMENT_SQL = { recent: rankedDocuments(RECENT_DOCUMENTS), all: rankedDocuments(MATCHING_DOCUMENTS) };

/** Requests the committee is a party to (the counterpart's from issue on), best ranked first. */
export function searchRequests(db: Db, committeeId: number, tsquery: string, limit: number) {
  return recentThenAll(db, REQUEST_SQL, committeeId, tsquery, limit);
}

/** Documents (their text) of requests the committee is a party to. */
export function searchDocuments(db: Db, committeeId: number, tsquery: string, limit: number) {
  return recentThenAll(db, DOCUMENT_SQL, committeeId, tsquery, limit);
}

/** The committee's own sổ văn bản đến. */
export async function searchReceived(db: Db, committeeId: number, tsquery: string, limit: number) {
  const { rows } = await db.query<SearchHit>(
    `select 'received' as kind, e.id, e.request_id as "requestId",
            'Số đến ' || e.number || '/' || e.year || ' — ' || e.symbol || ' — ' || e.issuer_name as title,
            e.summary as body, ts_rank_cd(e.search_tsv, q) as rank, e.created_at as at
       from received_documents e, to_tsquery('simple', $2) q
      where e.committee_id = $1 and e.search_tsv @@ q
      order by rank desc limit $3`,
    [committeeId, tsquery, limit],
  );
  return rows;
}

/** Mail that answered the committee's own requests (unmatched mail is the central operators' triage list). */
export async function searchMail(db: Db, committeeId: number, tsquery: string, limit: number) {
  const { rows } = await db.query<SearchHit>(
    `select 'mail' as kind, m.id, m.request_id as "requestId", coalesce(m.subject, '(không tiêu đề)') as title,
            coalesce(m.stripped_text, '') as body, ts_rank_cd(m.search_tsv, q) as rank, m.received_at as at
       from inbound_messages m join requests r on r.id = m.request_id, to_tsquery('simple', $2) q
      where r.from_committee_id = $1 and m.search_tsv @@ q
      order by rank desc limit $3`,
    [committeeId, tsquery, limit],
  );
  return rows;
}
