import { describe, expect, it } from "vitest";
import { STATUS_LABELS } from "../../src/domain/request-state.js";
import { withheldWords } from "../../src/web/format.js";
import { OUTBOX_WORDS, statusWords, withOutboxWords } from "../../src/web/sent-words.js";
import type { Viewer } from "../../src/web/context.js";

const viewer = (mailMode: "smtp" | "outbox"): Viewer => ({
  tokenId: "t",
  committeeId: 1,
  committeeCode: "NGHE-AN",
  roles: ["clerk"],
  userId: null,
  userName: null,
  mailMode,
});

describe("words on the screens", () => {
  it("a letter kept in the outbox is never called sent; with SMTP it is", () => {
    expect(statusWords(viewer("outbox"), "sent", STATUS_LABELS.sent)).toBe(OUTBOX_WORDS);
    expect(statusWords(viewer("smtp"), "sent", STATUS_LABELS.sent)).toBe("Đã gửi");
    expect(statusWords(viewer("outbox"), "approved", STATUS_LABELS.approved)).toBe("Đã phê duyệt");
    const row = withOutboxWords(viewer("outbox"), { id: "x", status: "sent", statusLabel: "Đã gửi" });
    expect(row).toEqual({ id: "x", status: "sent", statusLabel: OUTBOX_WORDS });
  });

  it("why a letter was withheld is said in words, never as the stored code", () => {
    expect(withheldWords("classified:mat")).toBe(
      "Văn bản mật: không gửi qua thư điện tử, chuyển theo đường giao liên",
    );
    expect(withheldWords("classified:toi_mat")).toContain("Văn bản tối mật");
    expect(withheldWords("classified:tuyet_mat")).not.toContain("classified");
  });
});
