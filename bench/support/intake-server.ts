import { createCalendar } from "../../src/domain/working-days.js";
// Serves, in a process of its own, either the real app in the production mode (PostgreSQL + Redis) or a bare Hono
// route, so that autocannon in the parent measures both on the same machine in the same run.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createApp } from "../../src/app.js";
import { createApiToken } from "../../src/auth/tokens.js";
import { findCommitteeByCode } from "../../src/db/queries/committees.js";
import { systemClock } from "../../src/runtime/clock.js";
import { openQueues } from "../../src/runtime/queues.js";
import { loadConfig } from "../../src/config.js";
import { createTestDatabase, log, TEST_REDIS_URL } from "../../test/support/harness.js";

const which = process.argv[2];

if (which === "bare") {
  const app = new Hono();
  app.post("/v1/requests", async (c) => c.json({ id: "x", received: await c.req.json() }, 201));
  serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
    process.stdout.write(`READY ${info.port} -\n`),
  );
} else {
  const database = await createTestDatabase();
  const cfg = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: "benchintake",
  });
  const queues = openQueues(cfg, database.url, log);
  const app = createApp({
    db: database.pool,
    queues,
    clock: systemClock,
    log,
    bodyLimitBytes: cfg.BODY_LIMIT_BYTES,
    mailMode: "outbox",
    calendar: createCalendar(),
  });
  const committee = (await findCommitteeByCode(database.pool, "NGHE-AN"))!;
  const { token } = await createApiToken(database.pool, { committeeId: committee.id, roles: ["clerk"] });
  serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
    process.stdout.write(`READY ${info.port} ${token}\n`),
  );
  process.on("SIGTERM", async () => {
    const { rows } = await database.pool.query("select count(*)::int as n from requests");
    process.stdout.write(`ROWS ${rows[0].n}\n`);
    await queues.close();
    await database.drop();
    process.exit(0);
  });
}
