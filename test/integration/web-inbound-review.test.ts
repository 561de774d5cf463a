import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { signIn, type WebClient } from "../support/web.js";

/** Inbound mail that waits for review, on the pages: a message that waits for review says why, on the request and in triage; a person decides. */
let h: Harness;
let clerkToken: string;
let gateway: string;
let clerk: WebClient;
let operator: WebClient;

beforeAll(async () => {
  h = await createHarness({ queue: "redis", workers: true });
  clerkToken = await h.token("NGHE-AN", ["clerk", "approver"]);
  gateway = await h.token("CATW", ["mail_gateway"]);
  clerk = await signIn(h, clerkToken);
  operator = await signIn(h, await h.token("CATW", ["admin"]));
});
afterAll(() => h.close());

async function sentRequest() {
  const created = await json(
    await h.call("POST", "/v1/requests", { token: clerkToken, body: staffSecondmentBody() }),
  );
  await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerkToken });
  await h.call("POST", `/v1/requests/${created.id}/approve`, { token: clerkToken });
  return eventually(async () => {
    const d = await json(await h.call("GET", `/v1/requests/${created.id}`, { token: clerkToken }));
    return d.status === "sent" ? d : undefined;
  });
}

async function post(lines: string[]): Promise<string> {
  const res = await h.call("POST", "/v1/inbound/mime", {
    token: gateway,
    body: new TextEncoder().encode(lines.join("\r\n")),
    headers: { "content-type": "message/rfc822" },
  });
  const { id } = await json(res);
  await eventually(async () => {
    const { rows } = await h.db.query("select status from inbound_messages where id = $1", [id]);
    return rows[0].status !== "received";
  });
  return id;
}

describe("review on the pages", () => {
  it("a forged subject-tag reply waits with its reason on the request page and in triage, and a clerk confirms it", async () => {
    const r = await sentRequest();
    const inboundId = await post([
      "From: UBKT <ubkt-catw@uy-ban-kiem-tra.example>",
      "To: phoihop@phoihop.example",
      `Subject: Re: [${r.reference}] V/v cử cán bộ`,
      `Message-ID: <forged-${Date.now()}@elsewhere.example>`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Đồng ý cử đồng chí Nguyễn Văn An tham gia.",
      "",
    ]);
    const page = await clerk.get(`/yeu-cau/${r.id}`);
    expect(page.status, page.html).toBe(200);
    expect(page.html).toContain("Chờ cán bộ xem xét");
    expect(page.html).toContain("chỉ khớp theo mã yêu cầu trong tiêu đề");
    expect(page.html).toContain(`action="/yeu-cau/${r.id}/thu-den/${inboundId}/xac-nhan"`);
    const triage = await operator.get("/hop-thu-den");
    expect(triage.html).toContain(`action="/hop-thu-den/${inboundId}/xac-nhan"`);
    expect(triage.html).toContain("chỉ khớp theo mã yêu cầu trong tiêu đề");

    const done = await clerk.post(`/yeu-cau/${r.id}/thu-den/${inboundId}/xac-nhan`, {});
    expect(done.status, done.html).toBe(303);
    const after = await clerk.get(`/yeu-cau/${r.id}`);
    expect(after.html).toContain("Cán bộ đã xác nhận thư này");
    expect(after.html).toContain("Cán bộ xác nhận thư trả lời");
    expect((await json(await h.call("GET", `/v1/requests/${r.id}`, { token: clerkToken }))).status).toBe(
      "responded",
    );
  });

  it("a bounce shows its status, diagnostic and failed recipient on the request page", async () => {
    const r = await sentRequest();
    const { rows } = await h.db.query("select token from dispatches where request_id = $1", [r.id]);
    await post([
      "From: MAILER-DAEMON@mx.phoihop.example",
      "To: phoihop@phoihop.example",
      "Subject: Undelivered Mail Returned to Sender",
      `Message-ID: <b-${Date.now()}@mx.phoihop.example>`,
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      "",
      "--r",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.phoihop.example",
      "",
      "Final-Recipient: rfc822; ubkt-catw@uy-ban-kiem-tra.example",
      "Action: failed",
      "Status: 5.1.1",
      "Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable",
      "",
      "--r",
      "Content-Type: text/rfc822-headers",
      "",
      `Reply-To: reply+${rows[0].token}@phoihop.example`,
      "",
      "--r--",
      "",
    ]);
    const page = await clerk.get(`/yeu-cau/${r.id}`);
    expect(page.html).toContain("Thư bị trả lại");
    expect(page.html).toContain("mã 5.1.1");
    expect(page.html).toContain("550 5.1.1 mailbox unavailable");
    expect(page.html).toContain("<strong>ubkt-catw@uy-ban-kiem-tra.example</strong>");
  });

  it("the gateway token does not sign in", async () => {
    const res = await h.app.request("/dang-nhap", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: gateway, tiep: "/yeu-cau" }).toString(),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("cổng thư");
  });
});
