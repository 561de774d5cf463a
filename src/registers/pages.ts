import type { Db } from "../db/db.js";
import {
  type IncomingRow,
  listIncoming,
  listOutgoing,
  type OutgoingRow,
  type RegisterFilter,
} from "../db/queries/registers.js";

export const EXPORT_PAGE_ROWS = 2_000;

/** Every row of the sổ văn bản đi that the filter selects, page by page in register order. */
export async function* outgoingPages(
  db: Db,
  f: Omit<RegisterFilter, "limit" | "after">,
): AsyncGenerator<OutgoingRow[]> {
  let after: RegisterFilter["after"];
  for (;;) {
    const rows = await listOutgoing(db, { ...f, after, limit: EXPORT_PAGE_ROWS });
    if (rows.length) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_PAGE_ROWS) return;
    after = { term: last.term, typeCode: last.typeCode, number: last.number };
  }
}

export async function* incomingPages(
  db: Db,
  f: Omit<RegisterFilter, "limit" | "after">,
): AsyncGenerator<IncomingRow[]> {
  let after: RegisterFilter["after"];
  for (;;) {
    const rows = await listIncoming(db, { ...f, after, limit: EXPORT_PAGE_ROWS });
    if (rows.length) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_PAGE_ROWS) return;
    after = { term: String(last.year), typeCode: "", number: last.number };
  }
}

export const registerCursor = {
  encode: (k: { term: string; typeCode: string; number: number }) =>
    Buffer.from(JSON.stringify([k.term, k.typeCode, k.number])).toString("base64url"),
  decode(cursor: string | undefined): RegisterFilter["after"] | null | undefined {
    if (!cursor) return undefined;
    try {
      const [term, typeCode, number] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
      if (typeof term === "string" && typeof typeCode === "string" && Number.isInteger(number))
        return { term, typeCode, number };
    } catch {}
    return null;
  },
};
