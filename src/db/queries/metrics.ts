import type { Db } from "../db.js";

/** Deployment-wide counts for /metrics: read from the database, so every API process reports the same truth. */
export async function countOutboundByPurposeAndStatus(
  db: Db,
): Promise<{ purpose: string; status: string; n: number }[]> {
  const { rows } = await db.query<{ purpose: string; status: string; n: number }>(
    "select purpose, status, count(*)::int as n from outbound_messages group by purpose, status",
  );
  return rows;
}

export async function countInboundByClassification(
  db: Db,
): Promise<{ classification: string; status: string; n: number }[]> {
  const { rows } = await db.query<{ classification: string; status: string; n: number }>(
    `select coalesce(classification, 'pending') as classification, status, count(*)::int as n
       from inbound_messages group by 1, 2`,
  );
  return rows;
}
