import type { Db } from "../db.js";
import { COUNTERPART_VISIBLE_FROM } from "./requests.js";

/**
 * Ranking reads every candidate's tsvector: a word found in a sixth of 100,000 requests cost 60 ms more to rank
 * than to find (bench/registers.bench.ts). So the newest matches this many are ranked, and the best of them win.
 */
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

/** Requests the committee is a party to (the counterpart's from issue on), best ranked first. */
export async function searchRequests(db: Db, committeeId: number, tsquery: string, limit: number) {
  const { rows } = await db.query<SearchHit>(
    `select 'request' as kind, r.id, r.id as "requestId", r.reference || ' — ' || r.subject as title,
            r.subject || E'\\n' || phoihop_json_strings(r.payload) as body, h.rank, r.created_at as at
       from (select c.id, ts_rank_cd(c.search_tsv, to_tsquery('simple', $2)) as rank
               from (select r.id, r.search_tsv, r.created_at
                       from requests r, to_tsquery('simple', $2) q
                      where r.search_tsv @@ q
                        and (r.from_committee_id = $1 or (r.to_committee_id = $1 and r.status = any($3::text[])))
                      order by r.created_at desc limit $5) c
              order by rank desc, c.created_at desc limit $4) h
       join requests r on r.id = h.id`,
    [committeeId, tsquery, COUNTERPART_VISIBLE_FROM, limit, RANKED_CANDIDATES],
  );
  return rows;
}

/** Documents (their text) of requests the committee is a party to. */
export async function searchDocuments(db: Db, committeeId: number, tsquery: string, limit: number) {
  const { rows } = await db.query<SearchHit>(
    `select 'document' as kind, d.id, d.request_id as "requestId", d.symbol || ' — ' || r.subject as title,
            coalesce(d.text_content, d.symbol) as body, h.rank, d.created_at as at
       from (select c.id, ts_rank_cd(c.search_tsv, to_tsquery('simple', $2)) as rank
               from (select d.id, d.search_tsv, d.created_at
                       from documents d join requests r on r.id = d.request_id, to_tsquery('simple', $2) q
                      where d.search_tsv @@ q
                        and (r.from_committee_id = $1 or (r.to_committee_id = $1 and r.status = any($3::text[])))
                      order by d.created_at desc limit $5) c
              order by rank desc, c.created_at desc limit $4) h
       join documents d on d.id = h.id join requests r on r.id = d.request_id`,
    [committeeId, tsquery, COUNTERPART_VISIBLE_FROM, limit, RANKED_CANDIDATES],
  );
  return rows;
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
