import type { Db } from "../db/db.js";
import {
  type SearchHit,
  type SearchKind,
  searchDocuments,
  searchMail,
  searchReceived,
  searchRequests,
} from "../db/queries/search.js";
import { type Snippet, snippetOf } from "./snippet.js";
import { searchTerms, tsqueryOf } from "./query.js";

export interface SearchResult {
  kind: SearchKind;
  id: string;
  requestId: string | null;
  title: Snippet;
  snippet: Snippet;
  rank: number;
  link: string;
}

const SEARCHERS = {
  request: searchRequests,
  document: searchDocuments,
  received: searchReceived,
  mail: searchMail,
} as const;

function linkOf(hit: SearchHit): string {
  switch (hit.kind) {
    case "request":
      return `/yeu-cau/${hit.id}`;
    case "document":
      return `/tai-lieu/${hit.id}`;
    case "received":
      return `/so-van-ban/den#e-${hit.id}`;
    case "mail":
      return `/yeu-cau/${hit.requestId}`;
  }
}

/**
 * One search over what the committee may see: its requests, their documents' text, its register of documents
 * received and the replies to its requests. Each source is ranked by PostgreSQL (ts_rank_cd over the folded
 * text), the best of each merged by rank.
 */
export async function searchEverything(
  db: Db,
  p: { committeeId: number; q: string; kinds?: SearchKind[] | undefined; limit: number },
): Promise<{ terms: string[]; items: SearchResult[] }> {
  const terms = searchTerms(p.q);
  const tsquery = tsqueryOf(terms);
  if (!tsquery) return { terms, items: [] };
  const kinds = p.kinds?.length ? p.kinds : (Object.keys(SEARCHERS) as SearchKind[]);
  const found = await Promise.all(kinds.map((k) => SEARCHERS[k](db, p.committeeId, tsquery, p.limit)));
  const hits = found.flat().sort((a, b) => b.rank - a.rank || b.at.getTime() - a.at.getTime());
  return {
    terms,
    items: hits.slice(0, p.limit).map((h) => ({
      kind: h.kind,
      id: h.id,
      requestId: h.requestId,
      title: snippetOf(h.title, terms, 400),
      snippet: snippetOf(h.body, terms),
      rank: Math.round(h.rank * 10_000) / 10_000,
      link: linkOf(h),
    })),
  };
}
