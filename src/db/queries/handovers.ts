import { type Db, firstRow } from "../db.js";

export interface Handover {
  id: string;
  dispatchId: string;
  method: "courier" | "by_hand";
  carriedBy: string;
  receivedBy: string;
  handedOverAt: Date;
  receiptNumber: string | null;
}

export async function insertHandover(
  db: Db,
  h: Omit<Handover, "id" | "receiptNumber"> & {
    receiptNumber?: string | undefined;
    recordedByToken: string;
    recordedByUser: string | null;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into dispatch_handovers (dispatch_id, method, carried_by, received_by, handed_over_at, receipt_number,
       recorded_by_token, recorded_by_user)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      h.dispatchId,
      h.method,
      h.carriedBy,
      h.receivedBy,
      h.handedOverAt,
      h.receiptNumber ?? null,
      h.recordedByToken,
      h.recordedByUser,
    ],
  );
  return firstRow(rows, "the inserted handover").id;
}

export async function findHandover(db: Db, dispatchId: string): Promise<Handover | undefined> {
  const { rows } = await db.query<Handover>(
    `select id, dispatch_id as "dispatchId", method, carried_by as "carriedBy", received_by as "receivedBy",
            handed_over_at as "handedOverAt", receipt_number as "receiptNumber"
       from dispatch_handovers where dispatch_id = $1`,
    [dispatchId],
  );
  return rows[0];
}
