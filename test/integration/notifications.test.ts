import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailSettings } from "../../src/config.js";
import { NOTIFICATION_EVENTS } from "../../src/domain/notification-events.js";
import { mailSend } from "../../src/jobs/catalog.js";
import { composeNotificationMail } from "../../src/notifications/deliver.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, eventually, type Harness, json } from "../support/harness.js";
import { staffSecondmentBody } from "../support/samples.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.js";

// Thursday 5/3/2026, 10:00 in Hà Nội.
const clock = fixedClock("2026-03-05T03:00:00Z");
let smtp: SmtpSink;
let h: Harness;
let lan: { userId: string; token: string }; // clerk, files the requests
let minh: { userId: string; token: string }; // approver
let hoa: { userId: string; token: string }; // clerk
let tuan: { userId: string; token: string }; // auditor
let ha: { userId: string; token: string }; // approver of another committee
let gateway: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  h = await createHarness({ queue: "redis", smtpUrl: smtp.url, workers: true, clock });
  lan = await h.user("NGHE-AN", ["clerk"], "Trần Thị Lan");
  minh = await h.user("NGHE-AN", ["approver"], "Lê Văn Minh");
  hoa = await h.user("NGHE-AN", ["clerk"], "Phạm Thị Hoa");
  tuan = await h.user("NGHE-AN", ["auditor"], "Đỗ Văn Tuấn");
  ha = await h.user("HA-NOI", ["approver", "clerk"], "Vũ Thu Hà");
  gateway = await h.token("CATW", ["mail_gateway"]);
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});

async function feed(user: { token: string }) {
  return json(await h.call("GET", "/v1/notifications?limit=100", { token: user.token }));
}
const typesOf = async (user: { token: string }, requestId: string) =>
  (await feed(user)).items
    .filter((n: { requestId: string }) => n.requestId === requestId)
    .map((n: { eventType: string }) => n.eventType);

describe("events reach exactly the people concerned", () => {
  it("submit → approvers; approve → the filer and followers; sent → the same; a reply → filer, followers, clerks", async () => {
    const created = await json(
      await h.call("POST", "/v1/requests", { token: lan.token, body: staffSecondmentBody() }),
    );
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token: lan.token });
    expect(await typesOf(minh, created.id)).toEqual(["submitted_for_approval"]);
    expect(await typesOf(lan, created.id)).toEqual([]); // she did it herself, and is no approver
    expect(await typesOf(hoa, created.id)).toEqual([]);

    await h.call("PUT", `/v1/requests/${created.id}/follow`, { token: tuan.token });
    await h.call("POST", `/v1/requests/${created.id}/approve`, { token: minh.token });
    await eventually(
      async () =>
        (await json(await h.call("GET", `/v1/requests/${created.id}`, { token: lan.token }))).status ===
        "sent",
    );
    expect(await typesOf(lan, created.id)).toEqual(["letter_sent", "approved"]);
    expect(await typesOf(tuan, created.id)).toEqual(["letter_sent", "approved"]); // follows it
    expect(await typesOf(minh, created.id)).toEqual(["submitted_for_approval"]); // approved it himself
    expect(await typesOf(hoa, created.id)).toEqual([]);
    expect(await typesOf(ha, created.id)).toEqual([]); // another committee: never

    const { rows } = await h.db.query("select token from dispatches where request_id = $1", [created.id]);
    const reply = Buffer.from(
      `From: ubkt-catw@uy-ban-kiem-tra.example\r\nTo: reply+${rows[0].token}@phoihop.example\r\nSubject: Re\r\nMessage-ID: <n1@catw.example>\r\n\r\nĐồng ý.\r\n`,
    );
    await h.call("POST", "/v1/inbound/mime", {
      token: gateway,
      body: reply,
      headers: { "content-type": "message/rfc822" },
    });
    await eventually(async () => (await typesOf(hoa, created.id)).includes("reply_received"));
    expect((await typesOf(lan, created.id))[0]).toBe("reply_received");
    expect((await typesOf(tuan, created.id))[0]).toBe("reply_received");
    expect(await typesOf(minh, created.id)).toEqual(["submitted_for_approval"]);
  });

  it("a delivery failure is urgent and also reaches the approvers", async () => {
    smtp.respondWith({ code: 550, message: "5.1.1 unknown" });
    try {
      const created = await json(
        await h.call("POST", "/v1/requests", { token: lan.token, body: staffSecondmentBody() }),
      );
      await h.call("POST", `/v1/requests/${created.id}/submit`, { token: lan.token });
      await h.call("POST", `/v1/requests/${created.id}/approve`, { token: minh.token });
      const n = await eventually(async () =>
        (await feed(minh)).items.find(
          (x: { requestId: string; eventType: string }) =>
            x.requestId === created.id && x.eventType === "delivery_failed",
        ),
      );
      expect(n.urgent).toBe(true);
      expect(await typesOf(lan, created.id)).toContain("delivery_failed");
    } finally {
      smtp.respondWith("accept");
    }
  });

  it("a notification about a MẬT request carries nothing of its content", async () => {
    const created = await json(
      await h.call("POST", "/v1/requests", {
        token: lan.token,
        body: staffSecondmentBody({ classification: "mat" }),
      }),
    );
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token: lan.token });
    const n = (await feed(minh)).items.find((x: { requestId: string }) => x.requestId === created.id);
    expect(n.title).toBe(`Yêu cầu ${created.reference} chờ phê duyệt`);
    expect(n.body).not.toContain("cử cán bộ");
    expect(JSON.stringify(n)).not.toContain(created.subject);
    expect(n.link).toBe(`/yeu-cau/${created.id}`);
  });

  it("every event type names only the request's reference in its title", () => {
    for (const e of NOTIFICATION_EVENTS) expect(e.title("PH-2026-0001")).toContain("PH-2026-0001");
  });
});

describe("the feed and preferences", () => {
  it("counts unread, marks read (only one's own), and honours an in-app switch-off", async () => {
    const before = await feed(minh);
    expect(before.unreadCount).toBeGreaterThan(0);
    const first = before.items[0].id;
    const other = await h.call("POST", "/v1/notifications/read", {
      token: lan.token,
      body: { ids: [first] },
    });
    expect((await json(other)).marked).toBe(0); // not hers
    const mine = await json(
      await h.call("POST", "/v1/notifications/read", { token: minh.token, body: { ids: [first] } }),
    );
    expect(mine).toEqual({ marked: 1, unreadCount: before.unreadCount - 1 });
    const all = await json(
      await h.call("POST", "/v1/notifications/read", { token: minh.token, body: { ids: "all" } }),
    );
    expect(all.unreadCount).toBe(0);

    const put = await h.call("PUT", "/v1/notifications/preferences", {
      token: minh.token,
      body: {
        digestTime: "18:00",
        preferences: [{ eventType: "submitted_for_approval", inApp: false, email: "digest" }],
      },
    });
    expect(put.status).toBe(200);
    const created = await json(
      await h.call("POST", "/v1/requests", { token: lan.token, body: staffSecondmentBody() }),
    );
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token: lan.token });
    expect(await typesOf(minh, created.id)).toEqual([]);
    const prefs = await json(await h.call("GET", "/v1/notifications/preferences", { token: minh.token }));
    expect(prefs.digestTime).toBe("18:00");
    expect(
      prefs.preferences.find((p: { eventType: string }) => p.eventType === "submitted_for_approval"),
    ).toEqual({
      eventType: "submitted_for_approval",
      inApp: false,
      email: "digest",
    });
  });

  it("refuses bad preferences and a token without a person, changing nothing", async () => {
    const bad = [
      { preferences: [{ eventType: "party_picnic", inApp: true, email: "immediate" }] },
      { preferences: [{ eventType: "approved", inApp: true, email: "carrier-pigeon" }] },
      { digestTime: "25:00" },
      { digestTime: "7 giờ" },
    ];
    for (const body of bad) {
      const res = await h.call("PUT", "/v1/notifications/preferences", { token: hoa.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const prefs = await json(await h.call("GET", "/v1/notifications/preferences", { token: hoa.token }));
    expect(prefs.digestTime).toBe("07:30");
    const plain = await h.token("NGHE-AN", ["clerk"]);
    expect((await h.call("GET", "/v1/notifications", { token: plain })).status).toBe(409);
    expect((await h.call("GET", "/v1/notifications")).status).toBe(401);
  });
});

describe("notification e-mails", () => {
  const deliver = async () => {
    const ids = await composeNotificationMail({
      db: h.db,
      clock,
      mail: mailSettings(h.cfg),
      publicUrl: "https://phoihop.example",
    });
    for (const messageId of ids) await h.queues.enqueue(mailSend, { messageId });
    return ids;
  };
  const mailsTo = async (user: { userId: string }) => {
    const { rows } = await h.db.query("select email from users where id = $1", [user.userId]);
    return smtp.received.filter((m) => m.envelopeTo.includes(rows[0].email));
  };

  it("go at once, marked automatic, with a link and nothing classified, once", async () => {
    await deliver();
    await deliver();
    const mails = await eventually(async () => {
      const m = await mailsTo(minh);
      return m.length ? m : undefined;
    });
    const mail = mails[0]!;
    expect(mail.parsed.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail.parsed.text).toContain("https://phoihop.example/yeu-cau/");
    expect(
      smtp.received.some(
        (m) =>
          m.parsed.headers.get("auto-submitted") === "auto-generated" &&
          m.parsed.text?.includes("cử cán bộ tham gia Đoàn kiểm tra") &&
          m.parsed.text?.includes("độ mật"),
      ),
    ).toBe(false);
    const { rows } = await h.db.query(
      "select count(*)::int as n, count(distinct message_id)::int as d from outbound_messages where purpose = 'notification'",
    );
    expect(rows[0].n).toBe(rows[0].d);
    const pending = await h.db.query(
      "select count(*)::int as n from notifications where email_status = 'pending'",
    );
    expect(pending.rows[0].n).toBe(0);
  });

  it("a daily digest goes once at the user's time, across midnight, however often the sweep runs", async () => {
    await h.call("PUT", "/v1/notifications/preferences", {
      token: tuan.token,
      body: {
        digestTime: "07:30",
        preferences: [
          { eventType: "approved", inApp: true, email: "digest" },
          { eventType: "letter_sent", inApp: true, email: "digest" },
        ],
      },
    });
    const created = await json(
      await h.call("POST", "/v1/requests", { token: lan.token, body: staffSecondmentBody() }),
    );
    await h.call("PUT", `/v1/requests/${created.id}/follow`, { token: tuan.token });
    await h.call("POST", `/v1/requests/${created.id}/submit`, { token: lan.token });
    clock.set("2026-03-05T17:00:00Z"); // 00:00 on 6/3 in Hà Nội
    await h.call("POST", `/v1/requests/${created.id}/approve`, { token: minh.token });
    await eventually(async () => (await typesOf(tuan, created.id)).includes("letter_sent"));
    const digests = async () =>
      // An auditor gets digests by default: an earlier day's may exist; this is about 6/3.
      (
        await h.db.query(
          "select day::text, notifications from notification_digests where user_id = $1 and day = '2026-03-06'",
          [tuan.userId],
        )
      ).rows;

    clock.set("2026-03-06T00:20:00Z"); // 07:20: before the digest time
    await deliver();
    expect(await digests()).toEqual([]);
    clock.set("2026-03-06T00:31:00Z"); // 07:31
    await Promise.all([deliver(), deliver()]);
    await deliver(); // as after a restart
    expect(await digests()).toEqual([{ day: "2026-03-06", notifications: 2 }]);
    const digestMail = await eventually(async () =>
      (await mailsTo(tuan)).find((m) => m.parsed.subject?.includes("Tổng hợp thông báo ngày 06 tháng 3")),
    );
    expect(digestMail.parsed.subject).toContain("ngày 06 tháng 3 năm 2026");
    expect(digestMail.parsed.headers.get("auto-submitted")).toBe("auto-generated");

    // An urgent event is never only in a digest.
    await h.call("PUT", "/v1/notifications/preferences", {
      token: tuan.token,
      body: { preferences: [{ eventType: "delivery_failed", inApp: true, email: "digest" }] },
    });
    const { insertRequestEvent } = await import("../../src/db/queries/request-events.js");
    await insertRequestEvent(h.db, {
      requestId: created.id,
      action: "delivery_failed",
      fromStatus: null,
      toStatus: null,
    });
    const urgent = await h.db.query(
      "select email_status from notifications where user_id = $1 and event_type = 'delivery_failed'",
      [tuan.userId],
    );
    expect(urgent.rows[0].email_status).toBe("pending");
  });
});

describe("events about the committee itself", () => {
  it("template changed → the committee's other admins; report due and submission missing → the committee's clerks", async () => {
    const { wordLikeTemplate } = await import("../support/word-like-template.js");
    const { sweepReminders } = await import("../../src/mail/remind.js");
    const { createCalendar } = await import("../../src/domain/working-days.js");
    const admin1 = await h.user("NGHE-AN", ["admin"], "Quản trị Một");
    const admin2 = await h.user("NGHE-AN", ["admin"], "Quản trị Hai");
    const up = await h.call("PUT", "/v1/templates/cong-van?activate=true", {
      token: admin1.token,
      body: wordLikeTemplate(),
      headers: { "content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    });
    expect(up.status, await up.clone().text()).toBe(201);
    const types = async (u: { token: string }) =>
      (await feed(u)).items.map((n: { eventType: string }) => n.eventType);
    expect(await types(admin2)).toEqual(["template_changed"]);
    expect(await types(admin1)).toEqual([]);
    expect(await types(lan)).not.toContain("template_changed");
    await h.call("POST", "/v1/templates/cong-van/activate", {
      token: admin1.token,
      body: { version: "built-in" },
    });
    expect(await types(admin2)).toEqual(["template_changed", "template_changed"]);

    const central = await h.user("CATW", ["admin"], "Quản trị Trung ương");
    const schedule = await json(
      await h.call("POST", "/v1/report-schedules", {
        token: central.token,
        body: {
          code: "quy-nghe-an",
          name: "Báo cáo quý",
          target: "committee:NGHE-AN",
          periodType: "quarter",
          cutoff: { closesOnDay: 14, dueWorkingDays: 10 },
        },
      }),
    );
    await h.call("POST", `/v1/report-schedules/${schedule.id}/run`, {
      token: central.token,
      body: { periodKey: "2025-Q4" },
    });
    await eventually(async () => (await types(hoa)).includes("report_due"));
    expect(await types(lan)).toContain("report_due");
    expect(await types(ha)).not.toContain("report_due");
    const report = await eventually(async () => {
      const { rows } = await h.db.query(
        "select d.id from dispatches d join requests r on r.id = d.request_id where r.kind = 'periodic_report' and d.status = 'sent'",
      );
      return rows[0];
    });
    expect(report).toBeTruthy();
    clock.set("2026-03-20T01:30:00Z"); // working day 10 after the report was sent: its reminders are due
    await sweepReminders({ db: h.db, clock, calendar: createCalendar(), mail: mailSettings(h.cfg) });
    expect(await types(hoa)).toContain("submission_missing");
  });

  it("gives an auditor the daily digest by default", async () => {
    const someone = await h.user("NGHE-AN", ["auditor"], "Kiểm soát viên");
    const prefs = await json(await h.call("GET", "/v1/notifications/preferences", { token: someone.token }));
    expect(new Set(prefs.preferences.map((p: { email: string }) => p.email))).toEqual(new Set(["digest"]));
    const clerkPrefs = await json(await h.call("GET", "/v1/notifications/preferences", { token: hoa.token }));
    expect(
      clerkPrefs.preferences.find((p: { eventType: string }) => p.eventType === "reply_received").email,
    ).toBe("immediate");
  });
});
