import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, json } from "../support/harness.js";
import { tinyPng } from "../support/office-files.js";
import { staffSecondmentBody } from "../support/samples.js";

let h: Harness;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "phoihop-attachments-"));
  h = await createHarness({ queue: "redis", env: { ATTACHMENT_STORAGE: "dir", ATTACHMENT_DIR: dir } });
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

describe("attachments kept in a directory (ATTACHMENT_STORAGE=dir)", () => {
  it("stores the bytes as a file named by its SHA-256, none in the database, and serves them back", async () => {
    const token = await h.token("NGHE-AN", ["clerk"]);
    const request = await json(await h.call("POST", "/v1/requests", { token, body: staffSecondmentBody() }));
    const png = tinyPng();
    const res = await h.call("POST", `/v1/requests/${request.id}/attachments?filename=a.png`, {
      token,
      body: new Uint8Array(png),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const sha = createHash("sha256").update(png).digest("hex");
    expect((await readFile(join(dir, sha.slice(0, 2), sha))).equals(png)).toBe(true);
    const { rows } = await h.db.query("select count(*)::int as n from attachment_blobs");
    expect(rows[0].n).toBe(0);
    const back = await h.call("GET", (await json(res)).download, { token });
    expect(Buffer.from(await back.arrayBuffer()).equals(png)).toBe(true);
  });
});
