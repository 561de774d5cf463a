// The anchor for the API rows: bare Hono + `pg` on a database of the same schema, doing what our routes do in the
// database and nothing else — no validation, no auth look-up, no presentation. Intake writes the request and its
// "created" event in one transaction; the list runs the app's own page query (`listRequests`: the same SQL text,
// parameters and rows) and sends its rows as they come; the detail reads the request and the lists the detail
// shows, in one statement. The 200 requests on file carry the same body as the app's web bench files.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { listRequests } from "../../src/db/queries/requests.js";
import { staffSecondmentBody } from "../../test/support/samples.js";
import { createTestDatabase } from "../../test/support/harness.js";
import { datedAfterToday } from "./dated-after-today.js";

const database = await createTestDatabase();
const db = database.pool;
const from = (await db.query("select id from committees where code = 'NGHE-AN'")).rows[0].id as number;
const to = (await db.query("select id from committees where code = 'CATW'")).rows[0].id as number;
let sequence = 0;

const app = new Hono();
app.post("/v1/requests", async (c) => {
  const body = await c.req.json();
  const client = await db.connect();
  try {
    await client.query("begin");
    const { rows } = await client.query(
      `insert into requests (reference, kind, from_committee_id, to_committee_id, status, classification, urgency,
         subject, payload, copy_to, body_hash)
       values ($1, $2, $3, $4, 'draft', 'thuong', 'thuong', $5, $6, $7, 'bare') returning id, reference, created_at`,
      [
        `BARE-${process.pid}-${++sequence}`,
        body.kind,
        from,
        to,
        body.subject ?? "bare",
        body.payload,
        body.copyTo,
      ],
    );
    await client.query(
      `insert into request_events (request_id, action, to_status, actor_committee_id) values ($1, 'created', 'draft', $2)`,
      [rows[0].id, from],
    );
    await client.query("commit");
    return c.json(rows[0], 201);
  } catch (err) {
    await client.query("rollback");
    throw err;
  } finally {
    client.release();
  }
});
app.get("/v1/requests", async (c) => {
  const rows = await listRequests(db, { committeeId: from, limit: 21 });
  return c.json({ items: rows.slice(0, 20), nextCursor: null });
});
app.get("/v1/requests/:id", async (c) => {
  const id = c.req.param("id");
  const { rows } = await db.query(
    `select r.*, fc.code as "from", tc.code as "to",
            (select coalesce(json_agg(e order by e.id), '[]') from request_events e where e.request_id = r.id) as events,
            (select coalesce(json_agg(d.id), '[]') from documents d where d.request_id = r.id) as documents,
            (select coalesce(json_agg(m.id), '[]') from outbound_messages m where m.request_id = r.id) as messages,
            (select coalesce(json_agg(x.id), '[]') from dispatches x where x.request_id = r.id) as dispatches,
            (select coalesce(json_agg(i.id), '[]') from inbound_messages i where i.request_id = r.id) as inbound
       from requests r join committees fc on fc.id = r.from_committee_id join committees tc on tc.id = r.to_committee_id
      where r.id = $1`,
    [id],
  );
  return rows[0] ? c.json(rows[0]) : c.json({ error: "not found" }, 404);
});

// 200 requests on file, as the app's web bench has.
let lastId = "";
for (let i = 0; i < 200; i++) {
  const res = await app.request("/v1/requests", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      subject: "đề nghị cử cán bộ tham gia Đoàn kiểm tra",
      ...datedAfterToday(staffSecondmentBody()),
    }),
  });
  lastId = ((await res.json()) as { id: string }).id;
}
serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
  process.stdout.write(`READY ${info.port} - ${lastId}\n`),
);
process.on("SIGTERM", async () => {
  await database.drop();
  process.exit(0);
});
