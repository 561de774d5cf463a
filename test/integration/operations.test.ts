import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/runtime/logger.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.js";

type Line = Record<string, unknown> & { msg: string; level: string };

const METRICS_TOKEN = "scrape-token-0123456789abcdef";
const lines: Line[] = [];
const raw: string[] = [];
const log = createLogger("debug", "phoihop", {
  write(line: string) {
    raw.push(line);
    lines.push(JSON.parse(line) as Line);
  },
});

let h: Harness;
let smtp: SmtpSink;
let clerk: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  h = await createHarness({
    queue: "postgres",
    smtpUrl: smtp.url,
    workers: true,
    log,
    env: { METRICS_TOKEN },
  });
  clerk = await h.token("NGHE-AN", ["clerk", "approver"]);
});
afterAll(async () => {
  await h?.close();
  await smtp?.close();
});

async function draft(): Promise<string> {
  const res = await h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody() });
  expect(res.status).toBe(201);
  return (await json(res)).id;
}

describe("actions that take no body", () => {
  it("accept no body, and an empty body with or without the JSON content type", async () => {
    const a = await draft();
    // No body, no Content-Type: what the README's `curl -X POST …/submit` sends.
    expect((await h.call("POST", `/v1/requests/${a}/submit`, { token: clerk })).status).toBe(200);
    // An empty body that says it is JSON.
    const empty = await h.call("POST", `/v1/requests/${a}/cancel`, {
      token: clerk,
      body: "",
      headers: { "content-type": "application/json" },
    });
    expect(empty.status, JSON.stringify(await json(empty.clone()))).toBe(200);
    const b = await draft();
    // An empty body that says nothing about its type.
    const emptyNoType = await h.app.request(`/v1/requests/${b}/submit`, {
      method: "POST",
      headers: { authorization: `Bearer ${clerk}` },
      body: new Uint8Array(),
    });
    expect(emptyNoType.status, JSON.stringify(await json(emptyNoType.clone()))).toBe(200);
    // An empty body under another type: `curl -X POST -d ''` says application/x-www-form-urlencoded.
    for (const type of ["application/x-www-form-urlencoded", "text/plain"]) {
      const c = await draft();
      const res = await h.call("POST", `/v1/requests/${c}/submit`, {
        token: clerk,
        body: "",
        headers: { "content-type": type },
      });
      expect(res.status, `${type}: ${JSON.stringify(await json(res.clone()))}`).toBe(200);
    }
  });

  it("still refuses a body that is not JSON, and names the fields a body that needs them lacks", async () => {
    const a = await draft();
    const text = await h.call("POST", `/v1/requests/${a}/submit`, {
      token: clerk,
      body: "note=x",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    const broken = await h.call("POST", `/v1/requests/${a}/submit`, { token: clerk, body: "{not json" });
    expect(broken.status).toBe(400);
    expect((await json(broken)).error.code).toBe("invalid_json");
    const empty = await h.call("POST", "/v1/requests", { token: clerk, body: "" });
    expect(empty.status).toBe(400);
    const envelope = (await json(empty)).error;
    expect(envelope.code).toBe("validation_failed");
    expect(envelope.details.map((d: { field: string }) => d.field)).toContain("kind");
  });
});

describe("logs you can follow", () => {
  it("writes one access line per request, with route, status, duration, request id and committee, never a token", async () => {
    const res = await h.call("GET", "/v1/me", { token: clerk, headers: { "x-request-id": "trace-me-1" } });
    expect(res.status).toBe(200);
    const line = lines.find((l) => l.msg === "http" && l.requestId === "trace-me-1");
    expect(line).toMatchObject({
      level: "info",
      method: "GET",
      route: "/v1/me",
      status: 200,
      committee: "NGHE-AN",
    });
    expect(typeof line?.ms).toBe("number");
    expect(line?.trace).toBe("trace-me-1");
    expect(raw.join("")).not.toContain(clerk);
  });

  it("carries the request id into the jobs it causes, down to the SMTP answer with the Message-ID", async () => {
    const id = await draft();
    await h.call("POST", `/v1/requests/${id}/submit`, { token: clerk });
    const approve = await h.call("POST", `/v1/requests/${id}/approve`, {
      token: clerk,
      headers: { "x-request-id": "trace-approve-1" },
    });
    expect(approve.status).toBe(200);
    const sent = await eventually(
      async () => lines.find((l) => l.msg === "smtp: sent" && l.trace === "trace-approve-1"),
      30_000,
    );
    const detail = await json(await h.call("GET", `/v1/requests/${id}`, { token: clerk }));
    expect(sent.messageId).toBe(detail.messages[0].messageId);
    expect(String(sent.answer)).toMatch(/^250/);
    const jobsOfTrace = () =>
      lines
        .filter((l) => l.trace === "trace-approve-1" && String(l.msg).startsWith("job "))
        .map((l) => l.job);
    await eventually(async () => jobsOfTrace().includes("mail.send"), 10_000);
    expect(jobsOfTrace()).toContain("document.render");
  });
});

describe("pages that do not exist", () => {
  it("a browser gets a Vietnamese page, the API its JSON envelope", async () => {
    const page = await h.call("GET", "/khong-co-trang-nay", { headers: { accept: "text/html,*/*" } });
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain('<html lang="vi"');
    expect(html).toContain("Không có trang <code>/khong-co-trang-nay</code>");
    const api = await h.call("GET", "/v1/khong-co", { token: clerk, headers: { accept: "text/html" } });
    expect(api.status).toBe(404);
    expect((await json(api)).error.code).toBe("not_found");
  });
});

describe("/metrics", () => {
  it("answers a scraper with the token only", async () => {
    expect((await h.call("GET", "/metrics")).status).toBe(403);
    expect((await h.call("GET", "/metrics", { token: "wrong-token-0123456789abcdef" })).status).toBe(403);
    // An API token is not the scrape token.
    expect((await h.call("GET", "/metrics", { token: clerk })).status).toBe(403);
  });

  it("shows queue depths, jobs by name, durations, letters by outcome and HTTP latencies by route", async () => {
    // The letter is settled as sent a moment after the SMTP answer is logged.
    const text = await eventually(async () => {
      const res = await h.call("GET", "/metrics", { token: METRICS_TOKEN });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain");
      const body = await res.text();
      return /phoihop_outbound_messages\{purpose="letter",status="sent"\} [1-9]/.test(body) && body;
    }, 10_000);
    for (const queue of ["documents", "pdf", "mail", "maintenance"])
      expect(text).toMatch(new RegExp(`phoihop_queue_jobs\\{queue="${queue}",state="waiting"\\} \\d+`));
    expect(text).toMatch(/phoihop_queue_up 1/);
    expect(text).toMatch(/phoihop_jobs_total\{name="document.render",outcome="completed"\} [1-9]/);
    expect(text).toMatch(
      /phoihop_job_duration_seconds_bucket\{le="[\d.]+",name="mail.send",outcome="completed"\}/,
    );
    expect(text).toMatch(/phoihop_outbound_messages\{purpose="letter",status="sent"\} [1-9]/);
    expect(text).toMatch(
      /phoihop_http_request_duration_seconds_count\{method="POST",route="\/v1\/requests\/:id\/approve",status="200",ok="true"\} [1-9]/,
    );
    expect(text).toMatch(/phoihop_db_pool_connections\{state="total"\} \d+/);
    // Never an id in a label: routes are patterns.
    expect(text).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}/);
  });
});
