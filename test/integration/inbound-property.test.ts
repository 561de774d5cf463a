import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailSettings } from "../../src/config.js";
import { findCommitteeByCode } from "../../src/db/queries/committees.js";
import { processInbound, receiveInbound } from "../../src/mail/receive.js";
import { createHarness, type Harness } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";

/**
 * Random bytes and random MIME trees (deep, wide, broken encodings, NUL, 8-bit and huge headers) through the
 * inbound pipeline as the job runs it (store, dedupe, analyse, match, record): nothing throws, every message is
 * stored with its exact bytes, and each ends processed, ignored, or in triage with a reason.
 */
const TOKEN = "mfrggzdfmztwq2lknnwg23tpobyxe43u";
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ queue: "redis" });
  const clerk = await h.token("NGHE-AN", ["clerk"]);
  const created = await h.call("POST", "/v1/requests", { token: clerk, body: staffSecondmentBody() });
  const { id } = (await created.json()) as { id: string };
  const to = (await findCommitteeByCode(h.db, "CATW"))!;
  await h.db.query("update requests set status = 'sent' where id = $1", [id]);
  await h.db.query(
    "insert into dispatches (request_id, to_committee_id, token, status, sent_at) values ($1, $2, $3, 'sent', now())",
    [id, to.id, TOKEN],
  );
});
afterAll(() => h.close());

const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));
/** Text with the characters that break things: NUL, CR/LF alone, 8-bit, Vietnamese, lone surrogates' UTF-8. */
const nasty = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom("\u0000", "\r", "\n", "\r\n", "ệ", "Đồng ý cử", "=?utf-8?B?", "--", ">", ":", "\t"),
      bytes(8).map((b) => b.toString("latin1")),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(""));

const charset = fc.constantFrom("utf-8", "windows-1258", "iso-8859-1", "x-unknown-charset", "utf-16", "");
const encoding = fc.constantFrom("7bit", "8bit", "base64", "quoted-printable", "x-bogus", "");

interface Leaf {
  kind: "leaf";
  type: string;
  charset: string;
  encoding: string;
  body: Buffer;
}
interface Multi {
  kind: "multi";
  subtype: string;
  boundary: string;
  /** The boundary written in the header: sometimes not the one the parts use. */
  declared: string | null;
  closed: boolean;
  children: Node[];
}
type Node = Leaf | Multi;

const leaf: fc.Arbitrary<Leaf> = fc.record({
  kind: fc.constant("leaf" as const),
  type: fc.constantFrom(
    "text/plain",
    "text/html",
    "application/octet-stream",
    "message/delivery-status",
    "image/png",
  ),
  charset,
  encoding,
  body: fc.oneof(
    nasty.map((s) => Buffer.from(s, "utf8")),
    bytes(300),
    fc.constant(Buffer.from("!!!! không phải base64 ***")),
  ),
});

const tree = fc.letrec<{ node: Node; multi: Multi }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("multi")),
  multi: fc.record({
    kind: fc.constant("multi" as const),
    subtype: fc.constantFrom("mixed", "alternative", "report", "related"),
    boundary: fc.stringMatching(/^[A-Za-z0-9'()+_,.=-]{1,30}$/),
    declared: fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/), { freq: 4 }),
    closed: fc.boolean(),
    children: fc.array(tie("node"), { maxLength: 6 }),
  }),
}));

/** Wide: hundreds or thousands of parts at one level. */
const wide: fc.Arbitrary<Multi> = fc.integer({ min: 200, max: 2500 }).map((n) => ({
  kind: "multi",
  subtype: "mixed",
  boundary: "w",
  declared: null,
  closed: true,
  children: Array.from({ length: n }, (_, i) => ({
    kind: "leaf" as const,
    type: "text/plain",
    charset: "utf-8",
    encoding: "8bit",
    body: Buffer.from(`phần ${i}`),
  })),
}));

/** Deep: one part inside another, far past any sane nesting. */
const deep: fc.Arbitrary<Node> = fc.integer({ min: 10, max: 60 }).map((depth) => {
  let node: Node = {
    kind: "leaf",
    type: "text/plain",
    charset: "utf-8",
    encoding: "8bit",
    body: Buffer.from("đáy"),
  };
  for (let i = 0; i < depth; i++)
    node = {
      kind: "multi",
      subtype: "mixed",
      boundary: `d${i}`,
      declared: null,
      closed: i % 3 !== 0,
      children: [node],
    };
  return node;
});

function render(node: Node): Buffer {
  if (node.kind === "leaf") {
    const head = [
      `Content-Type: ${node.type}${node.charset ? `; charset=${node.charset}` : ""}`,
      ...(node.encoding ? [`Content-Transfer-Encoding: ${node.encoding}`] : []),
    ];
    return Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`), node.body]);
  }
  const parts = node.children.flatMap((c) => [Buffer.from(`\r\n--${node.boundary}\r\n`), render(c)]);
  return Buffer.concat([
    Buffer.from(
      `Content-Type: multipart/${node.subtype}; boundary="${node.declared ?? node.boundary}"${node.subtype === "report" ? "; report-type=delivery-status" : ""}\r\n\r\n`,
    ),
    ...parts,
    Buffer.from(node.closed ? `\r\n--${node.boundary}--\r\n` : "\r\n"),
  ]);
}

let seq = 0;
const headers = fc.record({
  from: fc.oneof(
    fc.constant("ubkt-catw@uy-ban-kiem-tra.example"),
    fc.constant("MAILER-DAEMON@mx.example"),
    nasty,
  ),
  to: fc.oneof(fc.constant(`reply+${TOKEN}@phoihop.example`), fc.constant("phoihop@phoihop.example"), nasty),
  subject: fc.oneof(nasty, fc.constant("Re: [PH-2026-0001] V/v"), fc.constant(`Huge ${"ệ".repeat(60_000)}`)),
  messageId: fc.oneof(
    fc.constant(null),
    nasty.map((s) => `<${s}@x.example>`),
  ),
  extra: fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,20}$/), nasty), { maxLength: 5 }),
});

const message = fc.oneof(
  { weight: 1, arbitrary: bytes(2000) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        headers,
        fc.oneof(
          { weight: 8, arbitrary: tree.node },
          { weight: 1, arbitrary: wide },
          { weight: 1, arbitrary: deep },
        ),
      )
      .map(([hd, body]) => {
        // A unique Message-ID each run unless the case is about a broken one: dedupe is tested elsewhere.
        const id = hd.messageId ?? `<prop-${++seq}-${Date.now()}@x.example>`;
        const lines = [
          `From: ${hd.from}`,
          `To: ${hd.to}`,
          `Subject: ${hd.subject}`,
          `Message-ID: ${id}`,
          ...hd.extra.map(([k, v]) => `${k}: ${v}`),
          "MIME-Version: 1.0",
        ];
        return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8"), render(body)]);
      }),
  },
);

describe("the inbound pipeline under random input", () => {
  it("never throws, keeps the exact bytes, and ends every message where a person sees it", async () => {
    const deps = { db: h.db, mail: mailSettings(h.cfg), clock: h.clock };
    const heapBefore = process.memoryUsage().heapUsed;
    await fc.assert(
      fc.asyncProperty(message, async (raw) => {
        const stored = await receiveInbound(h, raw, "webhook");
        await processInbound(deps, stored.id);
        const { rows } = await h.db.query(
          `select raw, status, error, classification_reason, needs_review, review_reasons, message_id
             from inbound_messages where id = $1`,
          [stored.id],
        );
        const row = rows[0];
        if (!stored.duplicate) expect(Buffer.compare(row.raw, raw)).toBe(0);
        expect(["processed", "unmatched", "ignored", "failed"]).toContain(row.status);
        if (row.status === "failed") expect(row.error).toBeTruthy();
        if (row.status === "unmatched") expect(row.classification_reason).toBeTruthy();
        if (row.needs_review) expect(row.review_reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 120), endOnFailure: true },
    );
    // Bounded: a few hundred messages must not leave the heap holding hundreds of megabytes.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(400 * 1024 * 1024);
  }, 240_000);
});
