import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findKind } from "../../src/domain/kinds/index.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { servedDocument } from "../support/openapi-walk.js";
import { signIn } from "../support/web.js";

// What crosses from one committee to another: the counterpart's projection of a request, a cancelled request the
// recipient had received, and the secrecy floor of the sensitive kinds (nothing of them in a Subject line).
let h: Harness;
let filer: { userId: string; token: string };
let approver: { userId: string; token: string };
let counterpart: string;

const SUBMIT_NOTE = "Ghi chú nội bộ: đã trao đổi riêng với đồng chí Chánh Văn phòng";
const APPROVE_NOTE = "Ý kiến lãnh đạo: chỉ gửi bản chính qua giao liên";

beforeAll(async () => {
  h = await createHarness({ queue: "redis", workers: true });
  filer = await h.user("CATW", ["clerk"], "Hoàng Thị Lập");
  approver = await h.user("CATW", ["approver"], "Vũ Văn Duyệt");
  counterpart = (await h.user("NGHE-AN", ["clerk", "approver"], "Đinh Văn Nhận")).token;
}, 60_000);
afterAll(async () => {
  await h?.close();
});

async function fileAndIssue(
  kind: string,
  extra: Record<string, unknown> = {},
  approveBody: unknown = undefined,
) {
  const created = await json(
    await h.call("POST", "/v1/requests", {
      token: filer.token,
      body: { kind, to: "NGHE-AN", payload: findKind(kind)!.sample, ...extra },
    }),
  );
  expect(created.id, JSON.stringify(created)).toBeTruthy();
  await h.call("POST", `/v1/requests/${created.id}/submit`, {
    token: filer.token,
    body: { note: SUBMIT_NOTE },
  });
  const approved = await h.call("POST", `/v1/requests/${created.id}/approve`, {
    token: approver.token,
    body: approveBody ?? { note: APPROVE_NOTE },
  });
  expect(approved.status, await approved.clone().text()).toBe(200);
  return created.id as string;
}

const detailOf = async (id: string, token: string) => {
  const res = await h.call("GET", `/v1/requests/${id}`, { token });
  return { status: res.status, body: await json(res) };
};

describe("what the counterpart sees of a request", () => {
  let id: string;
  beforeAll(async () => {
    id = await fileAndIssue("information_exchange");
    await eventually(async () => (await detailOf(id, filer.token)).body.status === "sent", 30_000);
  }, 60_000);

  it("is the letters, their dispatch and answer: never the filer's notes, people, user or token ids", async () => {
    const own = await detailOf(id, filer.token);
    const ownText = JSON.stringify(own.body);
    // The filer's own view keeps its trail (this is what must not cross).
    expect(ownText).toContain(SUBMIT_NOTE);
    expect(ownText).toContain("Hoàng Thị Lập");
    expect(ownText).toContain(filer.userId);

    const { status, body } = await detailOf(id, counterpart);
    const text = JSON.stringify(body);
    expect(status, text).toBe(200);
    for (const secret of [
      SUBMIT_NOTE,
      APPROVE_NOTE,
      "Hoàng Thị Lập",
      "Vũ Văn Duyệt",
      filer.userId,
      approver.userId,
    ]) {
      expect(text, `the counterpart sees “${secret}”: ${text}`).not.toContain(secret);
    }
    for (const e of own.body.events) {
      if (e.actorTokenId) expect(text, "a token id crossed").not.toContain(e.actorTokenId);
    }
    expect(text).not.toMatch(/actorTokenId|actorUser|"detail"|smtpResponse|toAddress|answerNote/);
    expect(body.messages).toEqual([]);
    expect(body.inbound).toEqual([]);
    expect(body.documents.length).toBeGreaterThan(0);
    expect(body.documents[0].download).toBe(`/v1/documents/${body.documents[0].id}`);
    expect(body.dispatches.map((d: { to: string }) => d.to)).toEqual(["NGHE-AN"]);
    expect(body.events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["issued", "sent"]),
    );
    expect(body.events.map((e: { action: string }) => e.action)).not.toContain("submit");
    // Every key of the projection is one the projection names (no row spread through): the document's
    // CounterpartRequestDetail allows no other property anywhere.
    expect(Object.keys(body.events[0]).sort()).toEqual(["action", "at", "id", "toStatus"]);
    const doc = await servedDocument(h);
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: "doc", components: doc.components });
    const projection = ajv.compile({ $ref: "doc#/components/schemas/CounterpartRequestDetail" });
    expect(projection(body), ajv.errorsText(projection.errors)).toBe(true);
    expect(projection(own.body), "the filer's view must not pass as the counterpart's").toBe(false);
  });

  it("keeps a cancelled issued request visible to the recipient, as cancelled, with the letters it received", async () => {
    const cancelled = await h.call("POST", `/v1/requests/${id}/cancel`, { token: filer.token, body: {} });
    expect(cancelled.status, await cancelled.text()).toBe(200);
    const { status, body } = await detailOf(id, counterpart);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe("cancelled");
    expect(body.events.map((e: { action: string }) => e.action)).toContain("cancel");
    const letter = await h.call("GET", body.documents[0].download, { token: counterpart });
    expect(letter.status).toBe(200);
    const list = await json(await h.call("GET", "/v1/requests?status=cancelled", { token: counterpart }));
    expect(list.items.map((r: { id: string }) => r.id)).toContain(id);
    // The page shows it too.
    const web = await signIn(h, counterpart);
    const page = await web.get(`/yeu-cau/${id}`);
    expect(page.status, page.html).toBe(200);
    expect(page.html).toContain("Đã hủy");
  });

  it("never shows the counterpart a request cancelled before it was issued", async () => {
    const created = await json(
      await h.call("POST", "/v1/requests", {
        token: filer.token,
        body: {
          kind: "information_exchange",
          to: "NGHE-AN",
          payload: findKind("information_exchange")!.sample,
        },
      }),
    );
    await h.call("POST", `/v1/requests/${created.id}/cancel`, { token: filer.token, body: {} });
    expect((await detailOf(created.id, counterpart)).status).toBe(404);
    const list = await json(await h.call("GET", "/v1/requests?status=cancelled", { token: counterpart }));
    expect(list.items.map((r: { id: string }) => r.id)).not.toContain(created.id);
  });
});

describe("the secrecy floor of discipline and complaint files", () => {
  it.each(["discipline_review", "complaint_resolution"])(
    "refuses %s filed below MẬT, naming the field",
    async (kind) => {
      const res = await h.call("POST", "/v1/requests", {
        token: filer.token,
        body: { kind, to: "NGHE-AN", classification: "thuong", payload: findKind(kind)!.sample },
      });
      const body = await json(res);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(body.error.details[0].field).toBe("classification");
      expect(findKind(kind)!.minimumClassification).toBe("mat");
    },
  );

  it("lets only the approver lower it, with a recorded reason; the e-mail Subject then names no one", async () => {
    const name = findKind("discipline_review")!.sample as { member: { name: string } };
    const created = await json(
      await h.call("POST", "/v1/requests", {
        token: filer.token,
        body: { kind: "discipline_review", to: "NGHE-AN", payload: name },
      }),
    );
    expect(created.classification).toBe("mat");
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token: filer.token });
    const noReason = await h.call("POST", `/v1/requests/${created.id}/approve`, {
      token: approver.token,
      body: { classification: "thuong" },
    });
    const refused = await json(noReason);
    expect(noReason.status, JSON.stringify(refused)).toBe(400);
    expect(refused.error.details[0].field).toBe("classificationReason");
    expect((await detailOf(created.id, filer.token)).body.status).toBe("submitted");

    const reason = "Đảng viên đã có kết luận công khai; gửi thư điện tử theo đề nghị của đơn vị";
    const ok = await h.call("POST", `/v1/requests/${created.id}/approve`, {
      token: approver.token,
      body: { classification: "thuong", classificationReason: reason },
    });
    expect(ok.status, await ok.clone().text()).toBe(200);
    const detail = await eventually(async () => {
      const d = (await detailOf(created.id, filer.token)).body;
      return d.messages.length ? d : undefined;
    }, 30_000);
    expect(detail.classification).toBe("thuong");
    const approval = detail.events.find((e: { action: string }) => e.action === "approve");
    expect(approval.detail.classification).toEqual({ from: "mat", to: "thuong", reason });
    for (const m of detail.messages) expect(m.subject).not.toContain(name.member.name);
    const { rows } = await h.db.query<{ subject: string }>(
      "select subject from outbound_messages where request_id = $1",
      [created.id],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.subject).not.toContain(name.member.name);
  });

  it("offers the approver the level and the reason on the page; the filing form offers nothing below the floor", async () => {
    const created = await json(
      await h.call("POST", "/v1/requests", {
        token: filer.token,
        body: {
          kind: "complaint_resolution",
          to: "NGHE-AN",
          payload: findKind("complaint_resolution")!.sample,
        },
      }),
    );
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token: filer.token });
    const web = await signIn(h, approver.token);
    const view = await web.get(`/yeu-cau/${created.id}`);
    expect(view.html).toContain('name="classificationReason"');
    const refused = await web.post(`/yeu-cau/${created.id}/phe-duyet`, { classification: "thuong" });
    expect(refused.status, refused.html).toBe(400);
    expect(refused.html).toContain("Hạ độ mật dưới mức tối thiểu");
    expect((await detailOf(created.id, filer.token)).body.status).toBe("submitted");
    const done = await web.post(`/yeu-cau/${created.id}/phe-duyet`, {
      classification: "thuong",
      classificationReason: "Đơn đã được công khai theo quyết định của Ủy ban",
    });
    expect(done.status, done.html).toBe(303);
    expect((await detailOf(created.id, filer.token)).body.classification).toBe("thuong");

    const clerk = await signIn(h, filer.token);
    const form = await clerk.get("/yeu-cau/moi/discipline_review");
    expect(form.status).toBe(200);
    const select = /<select[^>]*name="classification"[^>]*>([\s\S]*?)<\/select>/.exec(form.html)?.[1] ?? "";
    expect(select).toContain('value="mat"');
    expect(select).not.toContain('value="thuong"');
  });
});
