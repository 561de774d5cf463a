import { describe, expect, it } from "vitest";
import { analyseInbound } from "../../src/mail/inbound/index.js";
import { authenticationFailure, judgeTrust } from "../../src/mail/inbound/trust.js";

const COUNTERPART = "ubkt-catw@uy-ban-kiem-tra.example";
const ctx = { ourDomains: ["phoihop.example"], replyDomains: ["phoihop.example"] };

async function read(lines: string[]) {
  return analyseInbound(Buffer.from(lines.join("\r\n")), ctx);
}

const reply = (extra: string[] = [], body = "Đồng ý cử cán bộ.", from = COUNTERPART) => [
  `From: <${from}>`,
  "To: reply+mfrggzdfmztwq2lknnwg23tpobyxe43u@phoihop.example",
  "Subject: Re: x",
  ...extra,
  "Content-Type: text/plain; charset=utf-8",
  "",
  body,
  "",
];

async function verdict(lines: string[], matchMethod: string, authservIds: string[] = []) {
  const a = await read(lines);
  return judgeTrust({
    parsed: a.parsed,
    classification: a.classification,
    stripped: a.stripped,
    matchMethod,
    counterpartEmail: COUNTERPART,
    authservIds,
  });
}

describe("what is enough for a message to count by itself", () => {
  it.each(["recipient_token", "references_token", "message_id", "dsn_token", "manual"])(
    "%s from the counterpart, readable: counts",
    async (method) => {
      expect(await verdict(reply(), method)).toEqual({
        senderMatches: true,
        needsReview: false,
        reasons: [],
      });
    },
  );

  it.each([
    ["subject_tag", "tiêu đề"],
    ["body_marker", "Mã theo dõi"],
  ])("%s alone waits", async (method, said) => {
    const v = await verdict(reply(), method);
    expect(v.needsReview).toBe(true);
    expect(v.reasons.join()).toContain(said);
  });

  it("another sender waits, even on the token", async () => {
    const v = await verdict(reply([], "Đồng ý.", "someone@gmail.example"), "recipient_token");
    expect(v).toMatchObject({ senderMatches: false, needsReview: true });
  });

  it("a malformed message waits, with the number of problems", async () => {
    const v = await verdict(
      reply(["Content-Transfer-Encoding: base64"], "!!! không phải base64"),
      "recipient_token",
    );
    expect(v.reasons.join()).toContain("lỗi định dạng");
  });

  it("an out-of-office never waits (it changes nothing)", async () => {
    expect((await verdict(reply(["Auto-Submitted: auto-replied"]), "subject_tag")).needsReview).toBe(false);
  });
});

describe("Authentication-Results", () => {
  const parsedWith = async (header: string) =>
    (await read(reply([`Authentication-Results: ${header}`]))).parsed;

  it.each([
    ["mx.ours; dmarc=fail header.from=uy-ban-kiem-tra.example", "DMARC"],
    [
      "mx.ours; dkim=fail header.d=uy-ban-kiem-tra.example; spf=softfail smtp.mailfrom=x@uy-ban-kiem-tra.example",
      "dkim=fail",
    ],
    ["mx.ours; dkim=pass header.d=other.example", "không xác thực được"],
  ])("ours, %s → waits", async (header, said) => {
    expect(authenticationFailure(await parsedWith(header), ["mx.ours"])).toContain(said);
  });

  it.each([
    "mx.ours; dkim=pass header.d=uy-ban-kiem-tra.example",
    "mx.ours (version 1); spf=pass smtp.mailfrom=bounce@mail.uy-ban-kiem-tra.example; dkim=none",
    "mx.ours; spf=pass smtp.mailfrom=uy-ban-kiem-tra.example",
  ])("ours, %s → fine", async (header) => {
    expect(authenticationFailure(await parsedWith(header), ["mx.ours"])).toBeNull();
  });

  it("anyone else's, or none configured: ignored", async () => {
    const p = await parsedWith("mx.evil.example; dmarc=fail");
    expect(authenticationFailure(p, ["mx.ours"])).toBeNull();
    expect(authenticationFailure(p, [])).toBeNull();
  });
});

describe("the MIME check", () => {
  it("flags invalid base64 and a message of thousands of parts", async () => {
    const b64 = await read(reply(["Content-Transfer-Encoding: base64"], "%%% not base64 %%%"));
    expect(b64.parsed.malformed).toBe(true);
    expect(b64.parsed.problems.join()).toContain("invalid base64");
    const parts = Array.from(
      { length: 1500 },
      (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\n${i}\r\n`,
    ).join("");
    const wide = await read([
      "From: a@b.example",
      "Content-Type: multipart/mixed; boundary=b",
      "",
      `${parts}--b--`,
    ]);
    expect(wide.parsed.malformed).toBe(true);
    expect(wide.parsed.problems.join()).toContain("more than 200 MIME parts");
  });

  it("keeps valid base64 (with and without padding) unflagged", async () => {
    const ok = await read(
      reply(["Content-Transfer-Encoding: base64"], Buffer.from("Đồng ý cử cán bộ.").toString("base64")),
    );
    expect(ok.parsed.problems).toEqual([]);
    expect(ok.parsed.text.trim()).toBe("Đồng ý cử cán bộ.");
  });
});
