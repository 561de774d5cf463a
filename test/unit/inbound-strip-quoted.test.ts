import { describe, expect, it } from "vitest";
import { stripQuoted } from "../../src/mail/inbound/index.js";

const NEW = "Đồng ý cử đồng chí Nguyễn Văn An tham gia.\n\nTrân trọng,\nVăn phòng";
const OLD = "> Kính gửi: Ủy ban.\n>\n> Mã theo dõi: PH-2026-0001/mfrggzdfmztwq2lknnwg23tpobyxe43u";

describe("stripQuoted cuts at", () => {
  it.each([
    ["Gmail (en)", "On Mon, Jun 1, 2026 at 9:15 AM Ủy ban <phoihop@phoihop.example> wrote:"],
    [
      "Gmail (en), wrapped",
      "On Mon, Jun 1, 2026 at 9:15 AM Ủy ban Kiểm tra Tỉnh ủy Cà Mau <\nphoihop@phoihop.example> wrote:",
    ],
    ["Gmail (vi)", "Vào Th 2, 1 thg 6, 2026 vào lúc 09:15 Ủy ban <phoihop@phoihop.example> đã viết:"],
    ["Thunderbird (vi)", "Vào lúc 09:15 ngày 01/06/2026, Ủy ban Kiểm tra Tỉnh ủy Cà Mau đã viết:"],
    ["Apple Mail (vi)", "Vào 1 thg 6, 2026, lúc 09:15, Ủy ban <phoihop@phoihop.example> đã viết:"],
    ["a client without diacritics", "Vao luc 09:15 ngay 01/06/2026, Uy ban da viet:"],
    ["Outlook (en)", "-----Original Message-----\nFrom: Ủy ban\nSent: Monday, June 1, 2026 9:15 AM"],
    ["Outlook Express", "----- Original Message ----- \nFrom: Ủy ban"],
    ["Outlook (vi) separator", "-----Thư gốc-----\nTừ: Ủy ban"],
    [
      "Outlook (vi) header block",
      "Từ: Ủy ban <phoihop@phoihop.example>\nĐã gửi: Thứ Hai, ngày 1 tháng 6 năm 2026 09:15\nĐến: UBKT\nChủ đề: [PH-2026-0001] V/v",
    ],
    [
      "Outlook (en) rule and block",
      "________________________________\nFrom: Ủy ban <phoihop@phoihop.example>\nSent: Monday\nTo: UBKT\nSubject: [PH-2026-0001]",
    ],
    [
      "an HTML <hr> turned into dashes",
      `${"-".repeat(80)}\n\nTừ: Ủy ban\nĐã gửi: Thứ Hai\nĐến: UBKT\nChủ đề: x`,
    ],
    ["Gmail forward", "---------- Forwarded message ---------\nFrom: X <x@y.example>"],
    ["Apple forward", "Begin forwarded message:\n\nFrom: X <x@y.example>"],
  ])("%s", (_, header) => {
    expect(stripQuoted(`${NEW}\n\n${header}\n\n${OLD}\n`)).toBe(NEW);
  });

  it.each([
    "Sent from my iPhone",
    "Gửi từ iPhone của tôi",
    "Gửi từ điện thoại Samsung Galaxy",
    "Get Outlook for Android",
  ])("the mobile signature %s", (signature) => {
    expect(stripQuoted(`${NEW}\n\n${signature}\n\n${OLD}`)).toBe(NEW);
  });

  it("a trailing block of > lines with no attribution", () => {
    expect(stripQuoted(`${NEW}\n\n${OLD}\n\n`)).toBe(NEW);
  });
});

describe("stripQuoted keeps", () => {
  it("text with no quote, trimmed", () => {
    expect(stripQuoted(`\n\n${NEW}\n\n`)).toBe(NEW);
  });

  it("answers written between quoted lines (only the trailing block goes)", () => {
    const inline = "> Câu hỏi 1?\nTrả lời 1.\n> Câu hỏi 2?\nTrả lời 2.\n\n> Phần cuối\n> của thư";
    expect(stripQuoted(inline)).toBe("> Câu hỏi 1?\nTrả lời 1.\n> Câu hỏi 2?\nTrả lời 2.");
  });

  it("a bottom-posted reply below the quote", () => {
    const text = `On Mon, Jun 1, 2026 at 9:15 AM Ủy ban wrote:\n${OLD}\n\n${NEW}\n`;
    expect(stripQuoted(text)).toBe(NEW);
  });

  it("the whole text when it is nothing but quote (never empty)", () => {
    expect(stripQuoted(OLD)).toBe(OLD);
  });

  it.each([
    "On Monday the team will arrive at 9:00.",
    "Vào ngày 05/6/2026, Ủy ban sẽ cử đoàn công tác.",
    "From: the attached list, we choose two officers.",
    "____________________\nNgười ký: Nguyễn Văn An",
    "Gửi từ ngày 05/6, các văn bản sẽ được gửi qua hệ thống.",
  ])("ordinary lines that look a little like quote headers: %s", (line) => {
    expect(stripQuoted(`${line}\n${NEW}`)).toBe(`${line}\n${NEW}`);
  });
});
