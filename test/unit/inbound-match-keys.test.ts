import { describe, expect, it } from "vitest";
import { bestMatch, matchKeys, parseInbound } from "../../src/mail/inbound/index.js";
import { bodyMarkers, subjectTags, tokenInAddress } from "../../src/mail/inbound/match-keys.js";

const ctx = { replyDomains: ["Phoihop.Example", "reply.cqt.example"] };
const A = "mfrggzdfmztwq2lknnwg23tpobyxe43u";
const B = "nbswy3dpeb3w64tmmqqgc3ltnvzgk5dz";

async function keys(headers: string, body = "", envelopeTo?: string[]) {
  const raw = Buffer.from(`${headers.trim().replace(/\r?\n/g, "\r\n")}\r\n\r\n${body}`);
  return matchKeys(await parseInbound(raw, envelopeTo ? { envelopeTo } : {}), ctx);
}

describe("reply tokens", () => {
  it("accepts exactly 32 characters of a–z and 2–7, any case, on a reply domain only", () => {
    const domains = ["phoihop.example"];
    expect(tokenInAddress(`reply+${A}@phoihop.example`, domains)).toBe(A);
    expect(tokenInAddress(`REPLY+${A.toUpperCase()}@PHOIHOP.EXAMPLE`, domains)).toBe(A);
    expect(tokenInAddress(`reply-${A}@phoihop.example`, domains)).toBe(A);
    expect(tokenInAddress(`reply+${A}@evil.example`, domains)).toBeNull();
    expect(tokenInAddress(`reply+${A.slice(1)}@phoihop.example`, domains)).toBeNull();
    expect(tokenInAddress(`reply+${A}a@phoihop.example`, domains)).toBeNull();
    expect(tokenInAddress(`reply+${A.slice(0, 31)}1@phoihop.example`, domains)).toBeNull();
    expect(tokenInAddress(`reply+${A.slice(0, 31)}8@phoihop.example`, domains)).toBeNull();
    expect(tokenInAddress(`noreply+${A}@phoihop.example`, domains)).toBeNull();
  });

  it("finds them in To, Cc, delivery headers and the envelope, in that order, once each", async () => {
    const k = await keys(
      `From: x@y.example
To: "Ủy ban" <reply+${B}@reply.cqt.example>
Cc: reply+${A}@phoihop.example, other@phoihop.example
Delivered-To: reply+${B}@reply.cqt.example
Subject: x`,
      "",
      [`reply+${A.toUpperCase()}@phoihop.example`],
    );
    expect(k.tokens.fromRecipients).toEqual([B, A]);
  });

  it("finds <reply-token@domain> in References and In-Reply-To", async () => {
    const k = await keys(`From: x@y.example
In-Reply-To: <reply-${B}@phoihop.example>
References: <reply-${A}@phoihop.example> <reply-${A}@evil.example> <reply-short@phoihop.example>`);
    expect(k.tokens.fromReferences).toEqual([B, A]);
  });
});

describe("message ids", () => {
  it("lists In-Reply-To first, then References newest first, without our pseudo-references", async () => {
    const k = await keys(`From: x@y.example
In-Reply-To: <r2@x.example>
References: <reply-${A}@phoihop.example> <ph-1@phoihop.example> <r1@x.example>
 <r2@x.example>`);
    expect(k.messageIds).toEqual(["<r2@x.example>", "<r1@x.example>", "<ph-1@phoihop.example>"]);
  });
});

describe("subject tags", () => {
  it.each([
    ["[PH-2026-0001] V/v", ["PH-2026-0001"]],
    ["Re: Fwd: TL: Trả lời: [PH-2026-0001] V/v", ["PH-2026-0001"]],
    ["Phúc đáp PH-2026-0042", ["PH-2026-0042"]],
    ["[ph-2026-0001]", ["PH-2026-0001"]],
    ["[PH - 2026 - 0001]", ["PH-2026-0001"]],
    ["[PH–2026–0001]", ["PH-2026-0001"]],
    ["[PH-2026-0001] và [PH-2026-0002]", ["PH-2026-0001", "PH-2026-0002"]],
    ["XPH-2026-0001", []],
    ["PH-26-0001", []],
    ["PH-2026-001", []],
  ])("%s", (subject, tags) => {
    expect(subjectTags(subject)).toEqual(tags);
  });
});

describe("body markers", () => {
  it("reads the marker as written, quoted, or forwarded, and only with a valid token", () => {
    const text = `Đồng ý.\n\n> Mã theo dõi: PH-2026-0001/${A}\n>> Mã theo dõi: PH-2026-0001/${A}\nMã theo dõi: PH-2026-0002 / ${B.toUpperCase()}\nPH-2026-0003/${A}x\nPH-2026-0004/abc`;
    expect(bodyMarkers(text)).toEqual([
      { reference: "PH-2026-0001", token: A },
      { reference: "PH-2026-0002", token: B },
    ]);
  });
});

describe("bestMatch", () => {
  const empty = {
    tokens: { fromRecipients: [], fromReferences: [] },
    messageIds: [],
    subjectTags: [],
    bodyMarkers: [],
  };
  it("takes the first non-empty list in priority order", () => {
    const all = {
      tokens: { fromRecipients: [A], fromReferences: [B] },
      messageIds: ["<m@x>"],
      subjectTags: ["PH-2026-0001"],
      bodyMarkers: [{ reference: "PH-2026-0002", token: B }],
    };
    expect(bestMatch(all)).toEqual({ method: "recipient_token", token: A });
    expect(bestMatch({ ...all, tokens: { fromRecipients: [], fromReferences: [B] } })).toEqual({
      method: "references_token",
      token: B,
    });
    expect(bestMatch({ ...empty, messageIds: ["<m@x>"], subjectTags: ["PH-2026-0001"] })).toEqual({
      method: "message_id",
      messageId: "<m@x>",
    });
    expect(bestMatch({ ...empty, subjectTags: ["PH-2026-0001"] }).method).toBe("subject_tag");
    expect(bestMatch({ ...empty, bodyMarkers: all.bodyMarkers })).toEqual({
      method: "body_marker",
      token: B,
      subjectTag: "PH-2026-0002",
    });
    expect(bestMatch(empty)).toEqual({ method: "none" });
  });
});
