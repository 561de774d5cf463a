// Mail throughput on this machine: inbound replies (~30 KB) classified and matched per second — the pure analysis,
// and the whole pipeline against PostgreSQL (store raw, dedupe, analyse, match, record) — and outbound messages
// per second to a loopback SMTP server through our transport beside bare nodemailer, same run.
import { randomBytes } from "node:crypto";
import nodemailer from "nodemailer";
import { loadConfig, mailSettings } from "../src/config.js";
import { analyseInbound } from "../src/mail/inbound/index.js";
import { newReplyToken } from "../src/mail/reply-token.js";
import { inboundDigests, processInbound } from "../src/mail/receive.js";
import { storeInboundRaw } from "../src/db/queries/inbound-messages.js";
import { openMailTransport } from "../src/runtime/mail-transport.js";
import { systemClock } from "../src/runtime/clock.js";
import { createTestDatabase } from "../test/support/harness.js";
import { openRequestTokens } from "./support/open-requests.js";
import { startSmtpSink } from "../test/support/smtp-sink.js";

const N_IN = Number(process.env.BENCH_MAIL_IN ?? 1000);
const N_OUT = Number(process.env.BENCH_MAIL_OUT ?? 1000);
const CONCURRENCY = 10;

function reply(token: string, i: number): Buffer {
  const quoted = Array.from(
    { length: 300 },
    (_, k) => `> Dòng ${k} của thư gốc: đề nghị cử cán bộ tham gia Đoàn kiểm tra, giám sát chuyên đề.`,
  ).join("\r\n");
  return Buffer.from(
    [
      "From: UBKT <ubkt-catw@uy-ban-kiem-tra.example>",
      `To: reply+${token}@phoihop.example`,
      "Subject: Re: [PH-2026-0001] V/v đề nghị cử cán bộ tham gia Đoàn kiểm tra",
      `Message-ID: <bench-${i}-${randomBytes(4).toString("hex")}@mail.example>`,
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      "Đồng ý cử đồng chí Nguyễn Văn An tham gia Đoàn kiểm tra.",
      "",
      "Vào Th 5, 5 thg 3, 2026 lúc 10:00, phoihop <phoihop@phoihop.example> đã viết:",
      quoted,
      "",
    ].join("\r\n"),
  );
}

async function timed(label: string, n: number, work: (i: number) => Promise<unknown>, concurrency = 1) {
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await work(next++);
    }),
  );
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `  ${label}: ${(n / s).toFixed(0)} msg/s (${((s * 1000) / n).toFixed(2)} ms each, n=${n}, concurrency ${concurrency})`,
  );
}

export async function runMailBench(): Promise<void> {
  const ctx = { ourDomains: ["phoihop.example"], replyDomains: ["phoihop.example"] };
  const token = newReplyToken();
  console.log(
    `mail: inbound replies of ${(reply(token, 0).length / 1024).toFixed(0)} KB, outbound letters of ~20 KB`,
  );
  const samples = Array.from({ length: 50 }, (_, i) => reply(token, i));
  await timed("inbound analyse (parse + classify + keys + strip + suggest)", N_IN, (i) =>
    analyseInbound(samples[i % 50]!, ctx),
  );

  const db = await createTestDatabase();
  try {
    // Replies spread over 50 open requests, as on a busy day; each carries its dispatch's token.
    const tokens = await openRequestTokens(db.pool, 50);
    const mail = mailSettings(loadConfig({ MAIL_FROM: "phoihop@phoihop.example" }));
    await timed(
      "inbound pipeline (store, dedupe, analyse, match, record; 50 requests) on PostgreSQL",
      N_IN,
      async (i) => {
        const raw = reply(tokens[i % tokens.length]!, 1000 + i);
        const stored = await storeInboundRaw(db.pool, {
          source: "webhook",
          raw,
          ...inboundDigests(raw),
          messageId: null,
        });
        await processInbound({ db: db.pool, mail, clock: systemClock }, stored.id);
      },
      CONCURRENCY,
    );
  } finally {
    await db.drop();
  }

  const sink = await startSmtpSink();
  try {
    const attachment = randomBytes(15_000).toString("base64");
    const raw = Buffer.from(
      `From: phoihop@phoihop.example\r\nTo: ubkt@x.example\r\nSubject: bench\r\nMessage-ID: <b@phoihop.example>\r\nContent-Type: text/plain\r\n\r\n${attachment}\r\n`,
    );
    const ours = openMailTransport(loadConfig({ SMTP_URL: sink.url }));
    if (ours.kind !== "smtp") throw new Error("expected smtp");
    const bare = nodemailer.createTransport(`${sink.url}?pool=true`);
    const envelope = { from: "phoihop@phoihop.example", to: "ubkt@x.example" };
    const sendOurs = () => ours.send(envelope, raw);
    const sendBare = () => bare.sendMail({ envelope, raw });
    // Both warmed up (connections open, code compiled), then in turns: the one timed first must not pay for both.
    await timed("warm-up, our transport (not counted)", 100, sendOurs, CONCURRENCY);
    await timed("warm-up, bare nodemailer (not counted)", 100, sendBare, CONCURRENCY);
    for (const round of [1, 2]) {
      await timed(
        `outbound, our transport (stored bytes, pooled, outcome classified), round ${round}`,
        N_OUT / 2,
        sendOurs,
        CONCURRENCY,
      );
      await timed(
        `outbound, bare nodemailer pool, same bytes, round ${round}`,
        N_OUT / 2,
        sendBare,
        CONCURRENCY,
      );
    }
    ours.close();
    bare.close();
  } finally {
    await sink.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runMailBench();
