import http from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

// Request bodies as they arrive through a real socket (@hono/node-server), where the body limit and the "is there a
// body" test read the headers instead of the web Request: a declared length, a chunked body, none at all.
let h: Harness;
let server: ReturnType<typeof serve>;
let port: number;
let clerk: string;

beforeAll(async () => {
  h = await createHarness({ queue: "postgres" });
  clerk = await h.token("NGHE-AN", ["clerk"]);
  server = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h?.close();
});

/** One HTTP/1.1 call; `chunks` sends the body chunked (no Content-Length), `body` with its length. */
function send(
  method: string,
  path: string,
  opts: { body?: string; chunks?: string[]; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${clerk}`,
      "content-type": "application/json",
      ...opts.headers,
    };
    if (opts.body !== undefined) headers["content-length"] = String(Buffer.byteLength(opts.body));
    const req = http.request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => {
        text += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    if (opts.chunks) for (const chunk of opts.chunks) req.write(chunk);
    else if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const oversized = () => {
  const body = staffSecondmentBody();
  body.payload.staff.profile = "x".repeat(300 * 1024);
  return JSON.stringify(body);
};

describe("request bodies through a socket", () => {
  it("files a request sent with its Content-Length, and the same request sent chunked", async () => {
    const plain = await send("POST", "/v1/requests", { body: JSON.stringify(staffSecondmentBody()) });
    expect(plain.status, plain.body).toBe(201);
    const text = JSON.stringify(staffSecondmentBody());
    const chunked = await send("POST", "/v1/requests", { chunks: [text.slice(0, 100), text.slice(100)] });
    expect(chunked.status, chunked.body).toBe(201);
    expect(JSON.parse(chunked.body).subject).toBe(JSON.parse(plain.body).subject);
  });

  it("refuses a body over the limit, declared or chunked, with the envelope", async () => {
    const declared = await send("POST", "/v1/requests", { body: oversized() });
    expect(declared.status, declared.body).toBe(413);
    expect(JSON.parse(declared.body).error.code).toBe("payload_too_large");
    const text = oversized();
    const chunked = await send("POST", "/v1/requests", {
      chunks: [text.slice(0, 1000), text.slice(1000, 200_000), text.slice(200_000)],
    });
    expect(chunked.status, chunked.body).toBe(413);
    expect(JSON.parse(chunked.body).error.code).toBe("payload_too_large");
  });

  it("reads an action sent with no body as one without fields, and a GET as having none", async () => {
    const created = await send("POST", "/v1/requests", { body: JSON.stringify(staffSecondmentBody()) });
    const { id } = JSON.parse(created.body) as { id: string };
    const submitted = await send("POST", `/v1/requests/${id}/submit`, { body: "" });
    expect(submitted.status, submitted.body).toBe(200);
    expect(JSON.parse(submitted.body).status).toBe("submitted");
    const read = await send("GET", `/v1/requests/${id}`);
    expect(read.status, read.body).toBe(200);
    const empty = await send("POST", "/v1/requests", { body: "" });
    expect(empty.status, empty.body).toBe(400);
    expect(JSON.parse(empty.body).error.code).toBe("validation_failed");
  });
});
