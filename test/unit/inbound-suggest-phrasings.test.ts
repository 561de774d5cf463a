import { describe, expect, it } from "vitest";
import { analyseInbound, extractStaffNames, suggestAnswer } from "../../src/mail/inbound/index.js";

/** The usual ways a committee answers, each with what the service should pre-select. */
const PHRASINGS: [text: string, suggestion: "accepted" | "declined" | "needs_info" | null][] = [
  ["Đề nghị đồng chí cho biết thêm thời gian làm việc của Đoàn.", "needs_info"],
  ["Kính đề nghị Quý Ủy ban vui lòng cung cấp kế hoạch chi tiết.", "needs_info"],
  ["Đề nghị các đồng chí gửi thêm dự thảo kế hoạch.", "needs_info"],
  ["Xin cho biết thành phần Đoàn gồm những ai.", "needs_info"],
  ["Chúng tôi cần thêm thông tin về địa điểm làm việc.", "needs_info"],
  ["Nội dung còn chưa rõ thời gian, đề nghị trao đổi thêm.", "needs_info"],
  ["Please let us know the dates first.", "needs_info"],
  ["Chúng tôi không thể cử cán bộ tham gia đợt này.", "declined"],
  ["Đơn vị không bố trí được cán bộ do đang thực hiện nhiệm vụ khác.", "declined"],
  ["Rất tiếc, Ủy ban không đủ cán bộ để tham gia.", "declined"],
  ["Ủy ban chưa thể sắp xếp lịch trong tháng 3.", "declined"],
  ["Xin phép không tham gia đợt kiểm tra này.", "declined"],
  ["Thống nhất cử 02 đồng chí tham gia Đoàn.", "accepted"],
  ["Ủy ban giới thiệu đồng chí Trần Văn Cường tham gia.", "accepted"],
  ["Đồng ý với đề nghị, sẽ cử cán bộ tham gia.", "accepted"],
  ["Nhất trí phối hợp theo kế hoạch.", "accepted"],
  ["We agree and will nominate two officers.", "accepted"],
  ["Đã nhận văn bản, sẽ báo cáo lãnh đạo.", null],
];

describe("the usual phrasings", () => {
  it.each(PHRASINGS)("%s → %s", (text, suggestion) => {
    expect(suggestAnswer(text).suggestion).toBe(suggestion);
  });
});

describe("names from lists and tables", () => {
  it.each([
    [
      "a bulleted list under “cử 02 đồng chí tham gia:”",
      "Ủy ban cử 02 đồng chí tham gia:\n- Đồng chí Nguyễn Văn An, Phó Trưởng phòng\n- Đồng chí Lê Thị Bình, chuyên viên\n\nTrân trọng.",
      ["Nguyễn Văn An", "Lê Thị Bình"],
    ],
    [
      "a numbered list with ranks",
      "Danh sách cán bộ tham gia:\n1. Đại tá Phạm Minh Tuấn – Phó Chủ nhiệm\n2) Thượng tá Hoàng Thị Thu Hà – Trưởng phòng",
      ["Phạm Minh Tuấn", "Hoàng Thị Thu Hà"],
    ],
    [
      "a table of the text conversion",
      "Cử 02 đồng chí tham gia như sau:\n| STT | Họ và tên | Chức vụ |\n|---|---|---|\n| 1 | Nguyễn Văn An | Phó Trưởng phòng |\n| 2 | Lê Thị Bình | Chuyên viên |",
      ["Nguyễn Văn An", "Lê Thị Bình"],
    ],
    [
      "a tab-separated table",
      "Thành viên tham gia:\n1\tTrần Quốc Khánh\tChuyên viên\n2\tĐỗ Thị Mai\tChuyên viên chính",
      ["Trần Quốc Khánh", "Đỗ Thị Mai"],
    ],
    [
      "a name followed by its title without a comma",
      "cử đồng chí Nguyễn Văn An Phó Trưởng phòng tham gia",
      ["Nguyễn Văn An"],
    ],
  ])("%s", (_, text, names) => {
    expect(extractStaffNames(text)).toEqual(names);
  });

  it("the accepted suggestion carries the listed names", () => {
    const s = suggestAnswer("Ủy ban cử 02 đồng chí tham gia:\n• Nguyễn Văn An\n• Lê Thị Bình");
    expect(s).toMatchObject({ suggestion: "accepted", staffNames: ["Nguyễn Văn An", "Lê Thị Bình"] });
  });

  it("a decline written after the quote is read (not the quoted request)", async () => {
    const raw = Buffer.from(
      [
        "From: a@b.example",
        "Subject: Re: x",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Kính gửi đồng chí,",
        "Vào Th 5, 5 thg 3, 2026 lúc 10:00 phoihop <phoihop@phoihop.example> đã viết:",
        "> Đề nghị cử 02 đồng chí tham gia Đoàn kiểm tra.",
        "Chúng tôi không thể cử cán bộ tham gia đợt này.",
        "",
      ].join("\r\n"),
    );
    const a = await analyseInbound(raw, {
      ourDomains: ["phoihop.example"],
      replyDomains: ["phoihop.example"],
    });
    expect(a.stripped).toBe("Kính gửi đồng chí,\nChúng tôi không thể cử cán bộ tham gia đợt này.");
    expect(a.suggestion.suggestion).toBe("declined");
  });
});
