// Serves the real app (PostgreSQL + Redis) with 200 requests on file and a signed-in web session, in a process of
// its own, so that autocannon in the parent measures the pages beside the API calls they are made of.
import { serve } from "@hono/node-server";
import { datedAfterToday } from "./dated-after-today.js";
import { staffSecondmentBody } from "../../test/support/samples.js";
import { startBenchApp } from "./bench-app.js";

const { app, token, close } = await startBenchApp("benchweb");
let id = "";
for (let i = 0; i < 200; i++) {
  const res = await app.request("/v1/requests", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(datedAfterToday(staffSecondmentBody())),
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
  await close();
  process.exit(0);
});
