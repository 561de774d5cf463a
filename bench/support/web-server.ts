// Serves the real app (PostgreSQL + Redis) with 200 requests on file and a signed-in web session, in a process of
// its own, so that autocannon in the parent measures the pages beside the API calls they are made of.
import { serve } from "@hono/node-server";
import { createApp } from "../../src/app.js";
import { createApiToken } from "../../src/auth/tokens.js";
import { loadConfig } from "../../src/config.js";
import { findCommitteeByCode } from "../../src/db/queries/committees.js";
import { createCalendar } from "../../src/domain/working-days.js";
import { systemClock } from "../../src/runtime/clock.js";
import { openQueues } from "../../src/runtime/queues.js";
import { createTestDatabase, log, TEST_REDIS_URL } from "../../test/support/harness.js";
import { staffSecondmentBody } from "../../test/support/samples.js";

const database = await createTestDatabase();
const cfg = loadConfig({ DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: "benchweb" });
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
let id = "";
for (let i = 0; i < 200; i++) {
  const res = await app.request("/v1/requests", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(staffSecondmentBody()),
  });
  id = ((await res.json()) as { id: string }).id;
}
const signIn = await app.request("/dang-nhap", {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ token, tiep: "/yeu-cau" }).toString(),
});
const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
  process.stdout.write(`READY ${info.port} ${token} ${cookie} ${id}\n`),
);
process.on("SIGTERM", async () => {
  await queues.close();
  await database.drop();
  process.exit(0);
});
