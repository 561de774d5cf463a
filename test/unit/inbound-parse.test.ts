import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { oversizedMessage } from "../fixtures/mail/gen/index.js";
import { MAX_INBOUND_BYTES, parseInbound } from "../../src/mail/inbound/index.js";

const mail = (headers: string, body: string | Buffer = "Nội dung.\r\n") =>
  Buffer.concat([
    Buffer.from(`${headers.trim().replace(/\r?\n/g, "\r\n")}\r\n\r\n`),
    typeof body === "string" ? Buffer.from(body) : body,
  ]);

describe("parseInbound", () => {
  it("keeps ids, addresses and the raw hash", async () => {
    const raw = mail(`From: "Văn phòng" <vp@uy-ban-kiem-tra.example>
To: a@phoihop.example, "B" <b@phoihop.example>
Cc: c@phoihop.example
Subject: Re: thử
Message-ID: <x-1@uy-ban-kiem-tra.example>
In-Reply-To: <ph-1@phoihop.example> (sent by us)
References: <reply-t@phoihop.example>
 <ph-1@phoihop.example>
Date: Mon, 1 Jun 2026 10:02:28 +0700`);
    const p = await parseInbound(raw);
    expect(p.sha256).toBe(createHash("sha256").update(raw).digest("hex"));
    expect(p.messageId).toBe("<x-1@uy-ban-kiem-tra.example>");
    expect(p.inReplyTo).toEqual(["<ph-1@phoihop.example>"]);
    expect(p.references).toEqual(["<reply-t@phoihop.example>", "<ph-1@phoihop.example>"]);
    expect(p.from).toEqual({ address: "vp@uy-ban-kiem-tra.example", name: "Văn phòng" });
    expect(p.recipients.map((r) => `${r.source}:${r.address}`)).toEqual([
      "to:a@phoihop.example",
      "to:b@phoihop.example",
      "cc:c@phoihop.example",
    ]);
    expect(p.date?.toISOString()).toBe("2026-06-01T03:02:28.000Z");
    expect(p.malformed).toBe(false);
  });

  it("reads delivery headers and the SMTP envelope as recipients", async () => {
    const raw = mail(`Delivered-To: reply+x@phoihop.example
X-Original-To: <reply+y@phoihop.example>
From: a@b.example
To: phoihop@phoihop.example
Subject: x`);
    const p = await parseInbound(raw, { envelopeTo: ["reply+z@phoihop.example"] });
    expect(p.recipients.slice(1)).toEqual([
      { address: "reply+x@phoihop.example", source: "delivered-to" },
      { address: "reply+y@phoihop.example", source: "x-original-to" },
      { address: "reply+z@phoihop.example", source: "envelope" },
    ]);
  });

  it("keeps every header lower-cased with its first and all values, unfolded", async () => {
    const p = await parseInbound(
      mail(`Received: from a
 by b
Received: from c
X-PH-Sent-By: phoihop
From: a@b.example
Subject: x`),
    );
    expect(p.headers.received).toEqual({ first: "from a by b", all: ["from a by b", "from c"] });
    expect(p.headers["x-ph-sent-by"]?.first).toBe("phoihop");
    expect(p.headers.constructor).toBeUndefined();
  });

  it("reads raw UTF-8 in headers (RFC 6532) as text, and leaves other bytes alone", async () => {
    const utf8 = await parseInbound(Buffer.from("From: a@b.example\r\nSubject: Trả lời: Đồng ý\r\n\r\nx"));
    expect(utf8.headers.subject?.first).toBe("Trả lời: Đồng ý");
    expect(utf8.subject).toBe("Trả lời: Đồng ý");
    const latin1 = await parseInbound(Buffer.from("From: a@b.example\r\nX-Note: caf\xe9\r\n\r\nx", "latin1"));
    expect(latin1.headers["x-note"]?.first).toBe("caf\xe9");
  });

  it("has no Message-ID when the message has none, and wraps a bare one", async () => {
    expect((await parseInbound(mail("From: a@b.example\nSubject: x"))).messageId).toBeNull();
    expect((await parseInbound(mail("From: a@b.example\nMessage-ID: abc@d.example"))).messageId).toBe(
      "<abc@d.example>",
    );
  });

  it("does not put 'now' in place of a Date it cannot read", async () => {
    const p = await parseInbound(mail("From: a@b.example\nDate: hôm qua\nSubject: x"));
    expect(p.date).toBeNull();
    expect(p.problems.join()).toContain("Date");
  });

  it("decodes windows-1258 with combining tone marks into NFC text, subject and name", async () => {
    // "Việt Nam" in windows-1258: ê is one byte (0xEA), the dot below a combining mark (0xF2).
    const body = Buffer.from([0x56, 0x69, 0xea, 0xf2, 0x74, 0x20, 0x4e, 0x61, 0x6d, 0x0d, 0x0a]);
    const raw = mail(
      `From: =?windows-1258?Q?Vi=EA=F2t?= <a@b.example>
Subject: =?windows-1258?Q?Tr=E2=CC_l=F5=F2i?=
Content-Type: text/plain; charset=windows-1258
Content-Transfer-Encoding: 8bit`,
      body,
    );
    const p = await parseInbound(raw);
    expect(p.text.trim()).toBe("Việt Nam");
    expect(p.subject).toBe("Trầ lợi");
    expect(p.from?.name).toBe("Việt");
    expect(p.text).toBe(p.text.normalize("NFC"));
  });

  it("converts an HTML-only body to text", async () => {
    const p = await parseInbound(
      mail(
        "From: a@b.example\nContent-Type: text/html; charset=utf-8",
        "<p>Đồng ý</p><blockquote>cũ</blockquote>",
      ),
    );
    expect(p.hasHtml).toBe(true);
    expect(p.text).toContain("Đồng ý");
    expect(p.text).toContain("> cũ");
  });

  it("hashes attachments", async () => {
    const raw = mail(
      `From: a@b.example
Content-Type: multipart/mixed; boundary="b"`,
      `--b\r\nContent-Type: text/plain\r\n\r\nxin chào\r\n--b\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n`,
    );
    const [a] = (await parseInbound(raw)).attachments;
    expect(a).toMatchObject({ filename: "a.pdf", contentType: "application/pdf", size: 9 });
    expect(a?.sha256).toBe(createHash("sha256").update("%PDF-1.4\n").digest("hex"));
  });

  it("reports a charset nothing can decode, and a multipart that is never closed", async () => {
    const p = await parseInbound(
      mail(
        `From: a@b.example
Content-Type: multipart/mixed; boundary="b"`,
        "--b\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nqapla'\r\n",
      ),
    );
    expect(p.malformed).toBe(true);
    expect(p.problems).toEqual([
      'multipart boundary "b" is never closed (truncated message?)',
      'unknown charset "x-klingon"',
    ]);
  });

  it("does not count the headers a bounce returns as a broken part of the bounce", async () => {
    const raw = mail(
      `From: MAILER-DAEMON@b.example
Content-Type: multipart/report; report-type=delivery-status; boundary="r"`,
      '--r\r\nContent-Type: text/rfc822-headers\r\n\r\nContent-Type: multipart/mixed; boundary="gone"\r\n\r\n--r--\r\n',
    );
    expect((await parseInbound(raw)).problems).toEqual([]);
  });

  it("never throws, whatever the bytes", async () => {
    for (const raw of [
      Buffer.alloc(0),
      Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0x0d]),
      Buffer.from("no headers at all"),
    ]) {
      const p = await parseInbound(raw);
      expect(p.sha256).toHaveLength(64);
    }
  });

  it("reads only the headers of an oversized message", async () => {
    const raw = oversizedMessage();
    expect(raw.length).toBeGreaterThan(MAX_INBOUND_BYTES);
    const p = await parseInbound(raw);
    expect(p.oversized).toBe(true);
    expect(p.size).toBe(raw.length);
    expect(p.messageId).toBe("<oversized-0001@uy-ban-kiem-tra.example>");
    expect(p.subject).toContain("[PH-2026-0001]");
    expect(p.text).toBe("");
    expect(p.attachments).toEqual([]);
    expect(p.problems[0]).toContain("body not read");
  });
});
