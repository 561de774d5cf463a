import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { composeReminderMail } from "../../src/mail/request-mail.js";

const settings = { mailFrom: "phoihop@ubkt.example", replyDomain: "reply.ubkt.example" };

async function reminderText(deadlineAt: Date | null, purpose: "reminder" | "escalation" = "reminder") {
  const message = await composeReminderMail({
    request: {
      id: "r-1",
      reference: "PH-2026-000123",
      kind: "cong-van",
      subject: "phối hợp kiểm tra",
      toCommitteeId: 2,
    },
    dispatch: { id: "d-1", token: "tok123", deadlineAt },
    original: { messageId: "<first@ubkt.example>" },
    issuerName: "Ủy ban Kiểm tra Đảng ủy Công an Trung ương",
    recipient: { name: "Ủy ban Kiểm tra Tỉnh ủy Hà Giang", email: "ubkt@hagiang.example" },
    purpose,
    sequence: 1,
    settings,
    now: new Date("2026-03-13T02:00:00Z"),
  });
  return (await simpleParser(message.raw)).text ?? "";
}

describe("the reminder's deadline", () => {
  it("is written as a Vietnamese letter writes it, in Vietnam time: never 12/3/26", async () => {
    // 10:00 UTC is 17:00 in Hà Nội, the end of the answer's last working day.
    const text = await reminderText(new Date("2026-03-12T10:00:00Z"));
    expect(text).toContain("hạn trả lời: 17:00 ngày 12/3/2026.");
    expect(text).not.toMatch(/\d+\/\d+\/26\b/);
  });

  it("takes the Hà Nội day when UTC is still on the day before, and pads the months 1 and 2", async () => {
    const text = await reminderText(new Date("2026-02-04T18:30:00Z"), "escalation");
    expect(text).toContain("hạn trả lời là 01:30 ngày 05/02/2026.");
  });

  it("says nothing of a deadline the dispatch does not have", async () => {
    const text = await reminderText(null);
    expect(text).not.toContain("hạn trả lời");
  });
});
