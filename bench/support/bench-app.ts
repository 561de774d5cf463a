// The real app in the production mode (PostgreSQL + Redis) on a throw-away database, as the bench servers run it.
import { createApp } from "../../src/app.js";
import { openEdgeGuards } from "../../src/http/throttle.js";
import { createApiToken } from "../../src/auth/tokens.js";
import { loadConfig } from "../../src/config.js";
import { findCommitteeByCode } from "../../src/db/queries/committees.js";
import { createCalendar } from "../../src/domain/working-days.js";
import { systemClock } from "../../src/runtime/clock.js";
import { openQueues } from "../../src/runtime/queues.js";
import { createTestDatabase, log, TEST_REDIS_URL } from "../../test/support/harness.js";

export async function startBenchApp(queuePrefix: string) {
  const database = await createTestDatabase();
  const cfg = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
  });
  const queues = openQueues(cfg, database.url, log);
  const edge = openEdgeGuards(cfg, database.pool, log);
  const app = createApp({
    ...edge,
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
  return {
    app,
    db: database.pool,
    token,
    async close() {
      await edge.throttle.close();
      await queues.close();
      await database.drop();
    },
  };
}
