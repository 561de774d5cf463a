import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { signIn, type WebClient } from "../support/web.js";

// No SMTP_URL: the embedded mode, where letters stay in the outbox (and the pages must say so).
let h: Harness;
let clerkToken: string;
let operatorToken: string;
let clerk: WebClient;
let operator: WebClient;

beforeAll(async () => {
  h = await createHarness({ queue: "redis", workers: true });
  clerkToken = await h.token("NGHE-AN", ["clerk", "approver"]);
  operatorToken = await h.token("CATW", ["admin"]);
  clerk = await signIn(h, clerkToken);
  operator = await signIn(h, operatorToken);
});
afterAll(() => h.close());

/** A request of NGHE-AN to CATW, approved, whose letter the workers have composed and kept. */
async function sentRequest(): Promise<{ id: string; reference: string; messageId: string; subject: string }> {
  const created = await json(
    await h.call("POST", "/v1/requests", { token: clerkToken, body: staffSecondmentBody() }),
  );
  expect(created.id, JSON.stringify(created)).toBeTruthy();
  await h.call("POST", `/v1/requests/${created.id}/submit`, { token: clerkToken });
  await h.call("POST", `/v1/requests/${created.id}/approve`, { token: clerkToken });
  const detail = await eventually(async () => {
    const d = await json(await h.call("GET", `/v1/requests/${created.id}`, { token: clerkToken }));
    return d.status === "sent" ? d : undefined;
  });
  const [message] = detail.messages;
  return { id: created.id, reference: detail.reference, messageId: message.id, subject: message.subject };
}

// One letter serves every test (it takes the workers a moment); attaching a reply to it does not change it.
let letter: ReturnType<typeof sentRequest> | undefined;
const sentLetter = () => {
  letter ??= sentRequest();
  return letter;
};

function unmatchedReply(subject: string, body: string): Uint8Array {
  return new TextEncoder().encode(
    [
      "From: UBKT Dang uy CATW <ubkt-catw@uy-ban-kiem-tra.example>",
      "To: phoihop@phoihop.example",
      `Subject: ${subject}`,
      `Message-ID: <${Math.random().toString(36).slice(2)}@mail.catw.example>`,
      "Date: Fri, 06 Mar 2026 09:00:00 +0700",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      body,
      "",
    ].join("\r\n"),
  );
}

async function storeUnmatched(subject: string, body: string): Promise<string> {
  const stored = await json(
    await h.call("POST", "/v1/inbound/mime", {
      token: await h.token("CATW", ["mail_gateway"]),
      body: unmatchedReply(subject, body),
      headers: { "content-type": "message/rfc822" },
    }),
  );
  expect(stored.id, JSON.stringify(stored)).toBeTruthy();
  await eventually(async () => {
    const l = await json(await h.call("GET", "/v1/inbound?status=unmatched", { token: operatorToken }));
    return l.items.some((i: { id: string }) => i.id === stored.id);
  });
  return stored.id;
}

/** The attach field of one inbound message, from its label to the end of its block. */
const attachFieldOf = (html: string, inboundId: string) => {
  const start = html.indexOf(`action="/hop-thu-den/${inboundId}/gan"`);
  return start < 0 ? "" : html.slice(start, html.indexOf("</form>", start));
};

describe("the outbox screens", () => {
  it("never say a kept letter was sent: the request, the list, the timeline and the header", async () => {
    const r = await sentLetter();
    const page = await clerk.get(`/yeu-cau/${r.id}`);
    expect(page.status).toBe(200);
    const status = page.html.slice(page.html.indexOf('id="trang-thai"'));
    expect(status.slice(0, status.indexOf("</span>"))).toContain("Lưu trong hộp thư đi (chưa gửi)");
    expect(page.html).toContain('data-action="sent"');
    expect(page.html).not.toContain("Đã gửi thư điện tử");
    expect(page.html).toContain("Hộp thư đi (chưa gửi)");
    expect(page.html).not.toContain(">Thư đã gửi<");
    const list = await clerk.get("/yeu-cau");
    expect(list.html).toContain("Lưu trong hộp thư đi (chưa gửi)");
    expect(list.html).not.toMatch(/class="badge[^"]*">Đã gửi</);
  });

  it("lists the committee's letter and shows it readable, with the .eml to download", async () => {
    const r = await sentLetter();
    const list = await clerk.get("/thu-di");
    expect(list.status, list.html).toBe(200);
    expect(list.html).toContain("không được gửi đi");
    expect(list.html).toContain(`href="/thu-di/${r.messageId}"`);
    expect(list.html).toContain(`<a href="/yeu-cau/${r.id}">${r.reference}</a>`);
    expect(list.html).toContain("Lưu trong hộp thư đi (chưa gửi)");

    const page = await clerk.get(`/thu-di/${r.messageId}`);
    expect(page.status, page.html).toBe(200);
    expect(page.html).toContain(`[${r.reference}] V/v đề nghị cử cán bộ tham gia Đoàn kiểm tra`);
    const body = page.html.match(/<pre class="mail">([\s\S]*?)<\/pre>/)?.[1] ?? "";
    expect(body).toContain(`Mã theo dõi: ${r.reference}/`);
    expect(page.html).toContain("<dd>Ủy ban Kiểm tra Tỉnh ủy Nghệ An &lt;phoihop@phoihop.example&gt;</dd>");
    expect(page.html).toContain("ubkt-catw@uy-ban-kiem-tra.example");
    expect(page.html).toMatch(/reply\+[\w-]+@phoihop\.example/);
    expect(page.html).toMatch(/\.docx <span class="muted">— [\d,]+ KB<\/span>/);
    expect(page.html).toContain(`href="/thu-di/${r.messageId}/tai-ve"`);

    const eml = await h.app.request(`/thu-di/${r.messageId}/tai-ve`, { headers: { cookie: clerk.cookie } });
    expect(eml.status).toBe(200);
    expect(eml.headers.get("content-type")).toBe("message/rfc822");
    expect((await simpleParser(Buffer.from(await eml.arrayBuffer()))).subject).toBe(r.subject);
  });

  it("does not show another committee's message, nor a made-up one", async () => {
    const r = await sentLetter();
    const foreign = await operator.get(`/thu-di/${r.messageId}`);
    expect(foreign.status, foreign.html).toBe(404);
    expect(foreign.html).not.toContain(r.reference);
    expect((await operator.get(`/thu-di/${r.messageId}/tai-ve`)).status).toBe(404);
    expect((await clerk.get("/thu-di/khong-co")).status).toBe(404);
    expect((await operator.get("/thu-di")).html).not.toContain(r.messageId);
  });
});

describe("the inbox triage screen", () => {
  it("shows an unmatched message, refuses a wrong reference at the field and attaches with the right one", async () => {
    const r = await sentLetter();
    const inboundId = await storeUnmatched("Về việc cử cán bộ", "Chúng tôi đồng ý cử cán bộ tham gia.");

    const page = await operator.get("/hop-thu-den");
    expect(page.status, page.html).toBe(200);
    expect(page.html).toContain("Về việc cử cán bộ");
    expect(page.html).toContain("ubkt-catw@uy-ban-kiem-tra.example");
    expect(page.html).toMatch(/<pre class="mail">Chúng tôi đồng ý cử cán bộ tham gia\.\s*<\/pre>/);
    expect(page.html).toContain("<strong>Đồng ý</strong>");
    expect(attachFieldOf(page.html, inboundId)).toContain('name="reference"');

    const malformed = await operator.post(`/hop-thu-den/${inboundId}/gan`, { reference: "nope" });
    expect(malformed.status, malformed.html).toBe(400);
    const field = attachFieldOf(malformed.html, inboundId);
    expect(field).toContain('class="field invalid"');
    expect(field).toMatch(/<span class="field-error"[^>]*>Mã chưa đúng, cần dạng PH-YYYY-NNNN<\/span>/);
    expect(field).toContain('value="nope"');

    const unknown = await operator.post(`/hop-thu-den/${inboundId}/gan`, { reference: "PH-2026-9999" });
    expect(unknown.status, unknown.html).toBe(404);
    expect(attachFieldOf(unknown.html, inboundId)).toContain("Không có yêu cầu đã gửi thư mang mã này");

    const attached = await operator.post(`/hop-thu-den/${inboundId}/gan`, { reference: r.reference });
    expect(attached.status, attached.html).toBe(303);
    expect(attached.location).toBe("/hop-thu-den");
    const after = await operator.get(attached.location!);
    expect(after.html).toContain(`vào yêu cầu ${r.reference}`);
    expect(after.html).not.toContain(inboundId);

    const processed = await eventually(async () => {
      const p = await operator.get("/hop-thu-den?status=processed");
      return p.html.includes(inboundId) ? p : undefined;
    });
    expect(processed.html).toContain(`href="/yeu-cau/${r.id}"`);
    expect(attachFieldOf(processed.html, inboundId)).toBe("");
  });

  it("is for the central committee's admins only: the API's 403 is the page", async () => {
    const inboundId = await storeUnmatched("Thư không rõ", "Nội dung không rõ.");
    const denied = await clerk.get("/hop-thu-den");
    expect(denied.status, denied.html).toBe(403);
    expect(denied.html).toContain("Chỉ quản trị viên của UBKT Đảng ủy Công an Trung ương");
    expect(denied.html).not.toContain("Thư không rõ");
    const provincialAdmin = await signIn(h, await h.token("NGHE-AN", ["admin"]));
    expect((await provincialAdmin.get("/hop-thu-den")).status).toBe(403);
    const post = await clerk.post(`/hop-thu-den/${inboundId}/gan`, { reference: "PH-2026-0001" });
    expect(post.status, post.html).toBe(403);
    const still = await json(await h.call("GET", "/v1/inbound?status=unmatched", { token: operatorToken }));
    expect(still.items.map((i: { id: string }) => i.id)).toContain(inboundId);
  });
});
