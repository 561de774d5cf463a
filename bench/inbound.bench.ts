// Inbound mail as it arrives: messages/s through the whole pipeline against PostgreSQL (store raw bytes,
// dedupe, parse + MIME check, classify, strip quotes, suggest, match, judge trust, record) beside the bare
// mailparser parse of the same messages, same run; and the quote strippers side by side on the same cases.
import { randomBytes } from "node:crypto";
import { simpleParser } from "mailparser";
import { loadConfig, mailSettings } from "../src/config.js";
import { analyseInbound } from "../src/mail/inbound/index.js";
import { processInbound, receiveInbound } from "../src/mail/receive.js";
import { systemClock } from "../src/runtime/clock.js";
import type { Queues } from "../src/runtime/queues.js";
import { createTestDatabase } from "../test/support/harness.js";
import { openRequestTokens } from "./support/open-requests.js";
import { compareStrippers, QUOTE_CASES, STRIPPERS } from "../test/support/quote-cases.js";

const N = Number(process.env.BENCH_INBOUND_N ?? 2000);
/** Messages each variant handles first, untimed: 600 timed from a cold start measured the JIT (376 vs 536 msg/s). */
const WARM_UP = 300;
const CONCURRENCY = 8;

/** The mix a reply domain sees: replies of every client form, a bounce, a broken one, an auto-reply. */
function sample(token: string, i: number): Buffer {
  const id = `<ib-${i}-${randomBytes(4).toString("hex")}@mail.example>`;
  const head = (extra: string[]) =>
    [
      "From: UBKT <ubkt-catw@uy-ban-kiem-tra.example>",
      `To: reply+${token}@phoihop.example`,
      "Subject: Re: [PH-2026-0001] V/v đề nghị cử cán bộ",
      `Message-ID: ${id}`,
      "MIME-Version: 1.0",
      ...extra,
    ].join("\r\n");
  const c = QUOTE_CASES[i % QUOTE_CASES.length]!;
  switch (i % 5) {
    case 0:
    case 1:
      return Buffer.from(
        `${head(["Content-Type: text/plain; charset=utf-8"])}\r\n\r\n${c.text.replace(/\n/g, "\r\n")}`,
      );
    case 2:
      return Buffer.from(
        `${head(['Content-Type: multipart/alternative; boundary="a"'])}\r\n\r\n--a\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(c.text).toString("base64")}\r\n--a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>${c.text.replace(/\n/g, "<br>")}</p>\r\n--a--\r\n`,
      );
    case 3:
      return Buffer.from(
        `${head(["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"])}\r\n\r\n!!!! không phải base64 \u0000 ***\r\n`,
      );
    default:
      return Buffer.from(
        `${head(["Auto-Submitted: auto-replied", "Content-Type: text/plain; charset=utf-8"])}\r\n\r\nTôi đang nghỉ phép đến 20/3.\r\n`,
      );
  }
}

async function timed(label: string, n: number, work: (i: number) => Promise<unknown>, concurrency: number) {
  const lanes = async (from: number, to: number) => {
    let next = from;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < to) await work(next++);
      }),
    );
  };
  await lanes(0, WARM_UP);
  const start = process.hrtime.bigint();
  await lanes(WARM_UP, WARM_UP + n);
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `  ${label}: ${(n / s).toFixed(0)} msg/s (${((s * 1000) / n).toFixed(2)} ms each, n=${n} after ${WARM_UP} untimed, concurrency ${concurrency})`,
  );
}

export async function runInboundBench(): Promise<void> {
  console.log("inbound: the mix of client replies, base64/HTML, a broken message and an auto-reply");
  const db = await createTestDatabase();
  try {
    // Spread over 20 open requests, as on a busy day: replies to one request queue behind its row lock.
    const tokens = await openRequestTokens(db.pool, 20);
    const messages = Array.from({ length: WARM_UP + N }, (_, i) => sample(tokens[i % tokens.length]!, i));
    await timed(
      "bare mailparser simpleParser, same messages",
      N,
      (i) => simpleParser(messages[i]!),
      CONCURRENCY,
    );
    const ctx = { ourDomains: ["phoihop.example"], replyDomains: ["phoihop.example"] };
    await timed(
      "analysis alone (parse, MIME check, classify, keys, strip, suggest)",
      N,
      (i) => analyseInbound(messages[i]!, ctx),
      CONCURRENCY,
    );
    // No queue: the job is run in place, as the worker would (the enqueue is what it skips).
    const queues = { enqueue: async () => {} } as unknown as Queues;
    const mail = mailSettings(loadConfig({ MAIL_FROM: "phoihop@phoihop.example" }));
    await timed(
      "whole pipeline (store, dedupe, analyse, match, judge, record) on PostgreSQL (goal ≥ 500 msg/s)",
      N,
      async (i) => {
        const stored = await receiveInbound({ db: db.pool, queues }, messages[i]!, "webhook");
        await processInbound({ db: db.pool, mail, clock: systemClock }, stored.id);
      },
      CONCURRENCY,
    );
  } finally {
    await db.drop();
  }

  console.log(
    `quote stripping: ${QUOTE_CASES.length} cases written for this project (test/support/quote-cases.ts)`,
  );
  for (const row of compareStrippers()) {
    console.log(
      `  ${row.name.padEnd(20)} exact ${row.exact}, acceptable ${row.acceptable}, wrong ${row.wrong}${row.failed.length ? ` (${row.failed.slice(0, 6).join("; ")}${row.failed.length > 6 ? "; …" : ""})` : ""}`,
    );
  }
  for (const [name, strip] of Object.entries(STRIPPERS)) {
    const rounds = 200;
    const start = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) for (const c of QUOTE_CASES) strip(c.text);
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(`  ${name.padEnd(20)} ${((rounds * QUOTE_CASES.length) / s).toFixed(0)} texts/s`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runInboundBench();
