import { describe, expect, it } from "vitest";
import { extractStaffNames, suggestAnswer } from "../../src/mail/inbound/index.js";

describe("suggestAnswer", () => {
  it("accepts and names the staff sent", () => {
    const text =
      "Kính gửi Ủy ban.\nĐồng ý cử đồng chí Nguyễn Văn An và đồng chí Lê Thị Bình tham gia Đoàn kiểm tra.";
    expect(suggestAnswer(text)).toEqual({
      suggestion: "accepted",
      evidence: "Đồng ý cử đồng chí Nguyễn Văn An và đồng chí Lê Thị Bình tham gia Đoàn kiểm tra.",
      staffNames: ["Nguyễn Văn An", "Lê Thị Bình"],
    });
  });

  it.each([
    ["Thống nhất với đề nghị của Ủy ban.", "accepted"],
    ["Nhất trí phối hợp.", "accepted"],
    ["Ủy ban sẽ cử 02 đồng chí tham gia.", "accepted"],
    ["We accept the invitation.", "accepted"],
    ["We agree to take part.", "accepted"],
    ["Không thể cử cán bộ tham gia do trùng lịch.", "declined"],
    ["Ủy ban không đồng ý với thời gian đề xuất.", "declined"],
    ["Chưa thống nhất được lịch.", "declined"],
    ["Xin phép không tham gia đợt này.", "declined"],
    ["Ủy ban từ chối đề nghị phối hợp.", "declined"],
    ["We must decline: the officers are on another mission.", "declined"],
    ["We are unable to send staff this month.", "declined"],
    ["Đề nghị bổ sung kế hoạch chi tiết.", "needs_info"],
    ["Đề nghị Ủy ban cung cấp thêm tài liệu.", "needs_info"],
    ["Đồng ý về chủ trương, đề nghị làm rõ thời gian làm việc.", "needs_info"],
    ["We need more information about the schedule.", "needs_info"],
    ["Could you please provide the draft plan? We will then confirm the nomination.", "needs_info"],
  ])("%s → %s", (text, suggestion) => {
    expect(suggestAnswer(text).suggestion).toBe(suggestion);
  });

  it("suggests nothing for an acknowledgement", () => {
    expect(suggestAnswer("Đã nhận văn bản, sẽ báo cáo lãnh đạo và trả lời sau.")).toEqual({
      suggestion: null,
    });
  });

  it("names nobody when it declines", () => {
    expect(suggestAnswer("Không thể cử đồng chí Nguyễn Văn An tham gia do bận công tác.")).toEqual({
      suggestion: "declined",
      evidence: "Không thể cử đồng chí Nguyễn Văn An tham gia do bận công tác.",
    });
  });

  it("reads composed and decomposed Vietnamese alike", () => {
    expect(suggestAnswer("Đồng ý cử đồng chí Lê Thị Bình tham gia.".normalize("NFD")).staffNames).toEqual([
      "Lê Thị Bình",
    ]);
  });
});

describe("extractStaffNames", () => {
  it.each([
    ["cử đồng chí Đại tá Phạm Minh Tuấn, Phó Chủ nhiệm, tham gia", ["Phạm Minh Tuấn"]],
    ["cử đ/c Thượng tá Lê Văn Dũng tham gia Đoàn", ["Lê Văn Dũng"]],
    [
      "cử 02 đồng chí tham gia Tổ xác minh, gồm: đồng chí Hoàng Thị Thu Hà, Phó Trưởng phòng Nghiệp vụ I; đồng chí Võ Đức Thắng, chuyên viên",
      ["Hoàng Thị Thu Hà", "Võ Đức Thắng"],
    ],
    [
      "Đoàn gồm các đồng chí: Nguyễn Văn An, Lê Thị Bình và Trần Quốc Huy.",
      ["Nguyễn Văn An", "Lê Thị Bình", "Trần Quốc Huy"],
    ],
    ["Kính gửi đồng chí Trần Văn Cường,\nỦy ban đồng ý phối hợp.", []],
    ["Đầu mối liên hệ: đồng chí Trần Văn Cường.", []],
    ["Cử đồng chí Phó Chủ nhiệm Ủy ban tham gia.", []],
  ])("%s", (text, names) => {
    expect(extractStaffNames(text)).toEqual(names);
  });
});
