// Open requests to CATW for the inbound benches: `count` sent requests from NGHE-AN, each with a sent dispatch that
// carries its own reply token, so replies spread over the requests as on a busy day.
import type { Pool } from "pg";
import { insertDispatch } from "../../src/db/queries/dispatches.js";
import { newReplyToken } from "../../src/mail/reply-token.js";

/** The reply tokens of `count` freshly inserted open requests, one per request. */
export async function openRequestTokens(pool: Pool, count: number): Promise<string[]> {
  const { rows } = await pool.query("select id from committees where code = 'CATW'");
  const tokens: string[] = [];
  for (let r = 1; r <= count; r++) {
    const request = await pool.query(
      `insert into requests (reference, kind, from_committee_id, to_committee_id, status, subject, payload, body_hash)
       values ($2, 'staff_secondment', (select id from committees where code = 'NGHE-AN'), $1, 'sent', 'x', '{}', 'x')
       returning id`,
      [rows[0].id, `PH-2026-${String(r).padStart(4, "0")}`],
    );
    const token = newReplyToken();
    tokens.push(token);
    await insertDispatch(pool, {
      requestId: request.rows[0].id,
      toCommitteeId: rows[0].id,
      token,
      status: "sent",
    });
  }
  return tokens;
}
