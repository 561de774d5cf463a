// Serves, in a process of its own, either the real app in the production mode (PostgreSQL + Redis) or a bare Hono
// route, so that autocannon in the parent measures both on the same machine in the same run.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { startBenchApp } from "./bench-app.js";

const which = process.argv[2];

if (which === "bare") {
  const app = new Hono();
  app.post("/v1/requests", async (c) => c.json({ id: "x", received: await c.req.json() }, 201));
  serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
    process.stdout.write(`READY ${info.port} -\n`),
  );
} else {
  const { app, db, token, close } = await startBenchApp("benchintake");
  serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
    process.stdout.write(`READY ${info.port} ${token}\n`),
  );
  process.on("SIGTERM", async () => {
    const { rows } = await db.query("select count(*)::int as n from requests");
    process.stdout.write(`ROWS ${rows[0].n}\n`);
    await close();
    process.exit(0);
  });
}
