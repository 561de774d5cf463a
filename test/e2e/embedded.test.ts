import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import PizZip from "pizzip";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUEUE_NAMES } from "../../src/jobs/catalog.js";
import { type EmbeddedService, startEmbedded, stopEmbedded } from "../support/embedded-service.js";
import { eventually, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/phoihop");
const BUILT = path.join(ROOT, "dist/main.js");

/** The same scenario twice: from the sources (`npx phoihop`, tsx in-process) and from the build (`node dist/main.js`). */
const ENTRIES = [
  { name: "bin/phoihop (sources)", entry: BIN },
  { name: "node dist/main.js (npm run build)", entry: BUILT },
];

describe.each(ENTRIES)("$name", ({ entry }) => {
  let dataDir: string;
  let service: EmbeddedService;
  let provincialToken = "";
  let requestId = "";

  beforeAll(async () => {
    if (entry === BUILT)
      await promisify(execFile)(process.execPath, [path.join(ROOT, "scripts/build.mjs")], { cwd: ROOT });
    dataDir = await mkdtemp(path.join(tmpdir(), "phoihop-e2e-"));
    service = await startEmbedded(entry, dataDir);
  });
  afterAll(async () => {
    if (service.child.exitCode === null) await stopEmbedded(service);
    await rm(dataDir, { recursive: true, force: true });
  });

  const api = (token: string) => async (method: string, p: string, body?: unknown) => {
    const res = await fetch(service.url + p, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return res;
  };

  describe("embedded mode from an empty DATA_DIR", () => {
    it("prints the API docs address and a bootstrap admin token", () => {
      expect(service.output()).toContain(`tài liệu API: ${service.url}/docs`);
      expect(service.output()).toMatch(/php_[A-Za-z0-9_-]{43}/);
    });

    it("files, approves and issues a letter that lands in the outbox", async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [entry, "token", "create", "--committee", "NGHE-AN", "--role", "clerk,approver"],
        {
          env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, LOG_LEVEL: "warn" },
          cwd: ROOT,
        },
      );
      const token = stdout.trim().split("\n").at(-1)!;
      expect(token).toMatch(/^php_/);
      provincialToken = token;
      const call = api(token);
      // The registry ships with placeholders; approval refuses them until the admin fills them in.
      const admin = api(/php_[A-Za-z0-9_-]{43}/.exec(service.output())![0]);
      // attachDocx: the letter carries the .docx beside the PDF (where LibreOffice runs; the .docx alone otherwise).
      const registryEntry = { signerName: "Nguyễn Văn Hùng", attachDocx: true };
      expect((await admin("PATCH", "/v1/committees/NGHE-AN", registryEntry)).status).toBe(200);
      expect((await admin("PATCH", "/v1/committees/CATW", { email: "ubkt@catw.example.vn" })).status).toBe(
        200,
      );
      // Dates from today: a deadline already past is refused at the edge.
      const body = staffSecondmentBody();
      const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      body.payload.period = { from: inDays(10), to: inDays(40) };
      const created = await json(await call("POST", "/v1/requests", body));
      expect(created.status).toBe("draft");
      expect((await call("POST", `/v1/requests/${created.id}/submit`)).status).toBe(200);
      expect((await call("POST", `/v1/requests/${created.id}/approve`)).status).toBe(200);
      const detail = await eventually(async () => {
        const d = await json(await call("GET", `/v1/requests/${created.id}`));
        return d.status === "sent" ? d : undefined;
      }, 30_000);
      expect(detail.messages[0]).toMatchObject({ status: "outbox" });

      const outbox = await json(await call("GET", "/v1/outbox"));
      expect(outbox.mode).toBe("outbox");
      expect(outbox.items[0].id).toBe(detail.messages[0].id);
      const eml = await call("GET", outbox.items[0].eml);
      expect(eml.headers.get("content-type")).toBe("message/rfc822");
      const parsed = await simpleParser(Buffer.from(await eml.arrayBuffer()));
      expect(parsed.subject).toBe(`[${detail.reference}] V/v đề nghị cử cán bộ tham gia Đoàn kiểm tra`);
      const docx = parsed.attachments.find((a) => a.filename?.endsWith(".docx"));
      expect(docx, JSON.stringify(parsed.attachments.map((a) => [a.filename, a.contentType]))).toBeDefined();
      const xml = new PizZip(docx!.content).file("word/document.xml")!.asText();
      expect(xml).toContain(`Số ${detail.documents[0].symbol}`);
      requestId = created.id;
    });

    // Backup, a restore into a new cluster, a refused second restore and a second service: minutes on a loaded machine.
    it("backs up while running; a fresh DATA_DIR restored from it has every request, document and message", async () => {
      const run = (args: string[], dir: string) =>
        promisify(execFile)(process.execPath, [entry, ...args], {
          env: { PATH: process.env.PATH ?? "", DATA_DIR: dir, LOG_LEVEL: "warn" },
          cwd: ROOT,
        });
      const file = path.join(dataDir, "..", `${path.basename(dataDir)}-backup.sql.gz`);
      const fresh = await mkdtemp(path.join(tmpdir(), "phoihop-restored-"));
      const read = async (url: string, p: string) =>
        json(await fetch(url + p, { headers: { authorization: `Bearer ${provincialToken}` } }));
      // What must survive; a PDF finished after the backup is the only thing the original may add.
      const stable = (d: {
        documents: { id: string; symbol: string; sha256: string }[];
        messages: { id: string; messageId: string; status: string }[];
        events: { id: string }[];
      }) => ({
        ...d,
        documents: d.documents.map(({ id, symbol, sha256 }) => ({ id, symbol, sha256 })),
        messages: d.messages.map(({ id, messageId, status }) => ({ id, messageId, status })),
        events: d.events.map((e) => e.id),
      });
      const ids = (list: { items: { id: string }[] }) => list.items.map((i) => i.id);
      try {
        const original = await read(service.url, `/v1/requests/${requestId}`);
        const requests = ids(await read(service.url, "/v1/requests"));
        const outbox = ids(await read(service.url, "/v1/outbox"));
        const backup = await run(["backup", file], dataDir);
        expect(backup.stdout).toMatch(/đã sao lưu \d+ dòng/);
        const restore = await run(["restore", file], fresh);
        expect(restore.stdout).toContain("đã khôi phục");
        // Into a database that has data, never: nothing is merged.
        const again = await run(["restore", file], fresh).catch(
          (err) => err as { code: number; stderr: string },
        );
        expect(again).toMatchObject({ code: 1 });
        expect((again as { stderr: string }).stderr).toContain("đã có dữ liệu");

        const restored = await startEmbedded(entry, fresh);
        try {
          const copy = await read(restored.url, `/v1/requests/${requestId}`);
          const { documents, messages, events } = stable(copy);
          const before = stable(original);
          expect({ documents, messages }).toEqual({ documents: before.documents, messages: before.messages });
          expect(events).toEqual(expect.arrayContaining(before.events));
          expect(copy.reference).toBe(original.reference);
          expect(documents.length).toBeGreaterThan(0);
          expect(messages.length).toBeGreaterThan(0);
          expect(ids(await read(restored.url, "/v1/requests"))).toEqual(requests);
          expect(ids(await read(restored.url, "/v1/outbox"))).toEqual(outbox);
          for (const doc of original.documents as { id: string; sha256: string }[]) {
            const res = await fetch(`${restored.url}/v1/documents/${doc.id}.docx`, {
              headers: { authorization: `Bearer ${provincialToken}` },
            });
            expect(res.status).toBe(200);
            const bytes = Buffer.from(await res.arrayBuffer());
            expect(createHash("sha256").update(bytes).digest("hex")).toBe(doc.sha256);
          }
        } finally {
          await stopEmbedded(restored);
        }
      } finally {
        await rm(fresh, { recursive: true, force: true });
        await rm(file, { force: true });
      }
    }, 300_000);

    it("serves the web interface: the bootstrap admin signs in, reads the outbox and the queue dashboard", async () => {
      const session = async (token: string) => {
        const signIn = await fetch(`${service.url}/dang-nhap`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ token, tiep: "/yeu-cau" }),
          redirect: "manual",
        });
        expect(signIn.status).toBe(303);
        const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
        return (p: string) => fetch(service.url + p, { headers: { cookie }, redirect: "manual" });
      };
      const clerk = await session(provincialToken);
      const outbox = await clerk("/thu-di");
      expect(outbox.status).toBe(200);
      expect(await outbox.text()).toContain("V/v đề nghị cử cán bộ tham gia Đoàn kiểm tra");
      const admin = await session(/php_[A-Za-z0-9_-]{43}/.exec(service.output())![0]);
      const board = await admin("/admin/queues/api/queues");
      expect(board.status).toBe(200);
      const names = ((await board.json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
      expect(names.sort()).toEqual([...QUEUE_NAMES].sort());
    });

    it("stops on SIGTERM and, started again, keeps its data and prints no new token", async () => {
      const code = await stopEmbedded(service);
      expect(code, service.output()).toBe(0);
      service = await startEmbedded(entry, dataDir);
      expect(service.output()).not.toMatch(/php_[A-Za-z0-9_-]{43}/);
      expect(service.output()).not.toContain("tạo cụm dữ liệu mới");
      const ready = await json(await fetch(`${service.url}/readyz`));
      expect(ready).toMatchObject({ status: "ready", details: { queueBackend: "postgres", mail: "outbox" } });
    });
  });
});
