import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.js";
import { signIn, type WebClient } from "../support/web.js";

// A provincial committee sends its periodic figures from the browser (Thursday 5 March 2026 on the harness clock).
let h: Harness;
let clerk: WebClient;
let central: WebClient;
let admin: WebClient;

beforeAll(async () => {
  h = await createHarness({ queue: "redis" });
  clerk = await signIn(h, (await h.user("NGHE-AN", ["clerk"], "Trần Thị Lan")).token);
  central = await signIn(h, (await h.user("CATW", ["clerk"], "Vũ Thị Mai")).token);
  admin = await signIn(h, (await h.user("CATW", ["admin"], "Lê Văn Quản")).token);
});
afterAll(() => h.close());

const rows = async () =>
  (await h.db.query<{ n: number }>("select count(*)::int as n from report_submissions")).rows[0]!.n;

function figures(overrides: Record<string, string> = {}) {
  const f: Record<string, string> = {};
  for (const name of [
    "inspections",
    "supervisions",
    "organisations",
    "members",
    "denunciations",
    "disciplined",
  ]) {
    f[`figures.${name}.total`] = "4";
    f[`figures.${name}.coordinated`] = "2";
  }
  return { ...f, ...overrides };
}

describe("periodic figures from the browser", () => {
  it("shows the API's messages at the fields and writes nothing when the figures are wrong", async () => {
    const before = await rows();
    const res = await clerk.post("/bao-cao/so-lieu", {
      periodKey: "2026-02",
      ...figures({ "figures.inspections.total": "bốn", "figures.members.coordinated": "9" }),
    });
    expect(res.status).toBe(400);
    expect(res.html).toMatch(
      /<label for="f-figures-inspections-total">Tổng số<\/label><span class="field-error" id="f-figures-inspections-total-loi">phải là số nguyên không âm/,
    );
    expect(res.html).toContain(
      "số đảng viên được kiểm tra, giám sát có phối hợp (9) không được lớn hơn tổng số (4)",
    );
    expect(res.html).toContain('value="bốn"');
    expect(await rows()).toBe(before);
  });

  it("sends, shows and corrects the figures of a period, keeping every version", async () => {
    const sent = await clerk.post("/bao-cao/so-lieu", {
      periodKey: "2026-02",
      note: "Số liệu tháng 2",
      ...figures(),
    });
    expect(sent.status).toBe(303);
    const page = await clerk.get(sent.location!);
    expect(page.html).toContain("Số liệu kỳ 2026-02 — NGHE-AN");
    expect(page.html).toContain("2/4");
    const id = sent.location!.match(/so-lieu\/([0-9a-f-]{36})/)![1]!;

    const again = await clerk.post("/bao-cao/so-lieu", { periodKey: "2026-02", ...figures() });
    expect(again.status).toBe(409);

    const noReason = await clerk.post(`/bao-cao/so-lieu/${id}`, { ...figures(), note: "", reason: "" });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain("bắt buộc: lý do sửa số liệu");
    const fixed = await clerk.post(`/bao-cao/so-lieu/${id}`, {
      ...figures({ "figures.inspections.total": "5" }),
      note: "",
      reason: "Bổ sung một cuộc kiểm tra",
    });
    expect(fixed.status).toBe(303);
    const history = await clerk.get(fixed.location!);
    expect(history.html).toContain("Bản 2 (hiện hành)");
    expect(history.html).toContain("2/5");
    expect(history.html).toContain("Bổ sung một cuộc kiểm tra");

    const list = await central.get("/bao-cao/so-lieu");
    expect(list.html).toContain("NGHE-AN");
    expect(list.html).toContain("2026-02");
  });
});

describe("a report schedule from the browser", () => {
  const schedules = async () =>
    (await h.db.query<{ n: number }>("select count(*)::int as n from report_schedules")).rows[0]!.n;

  it("is for admins only", async () => {
    expect((await central.get("/bao-cao/lich-moi")).status).toBe(403);
    expect((await clerk.post("/bao-cao/lich-moi", { code: "x-y" })).status).toBe(403);
  });

  it("shows bad settings at their fields and creates nothing, then creates the schedule", async () => {
    const before = await schedules();
    const bad = await admin.post("/bao-cao/lich-moi", {
      code: "Quý Tỉnh",
      name: "",
      target: "group:provinces",
      periodType: "quarter",
      "cutoff.closesOnDay": "31",
      "cutoff.dueWorkingDays": "mười",
      active: "1",
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(
      /<label for="f-code">[^<]*<\/label><span class="field-error"[^>]*>chữ thường, số và -/,
    );
    expect(bad.html).toMatch(
      /<label for="f-name">[^<]*<\/label><span class="field-error"[^>]*>không được để trống/,
    );
    expect(bad.html).toContain('id="f-cutoff-dueWorkingDays-loi"');
    expect(bad.html).toContain('value="Quý Tỉnh"');
    expect(await schedules()).toBe(before);

    const good = await admin.post("/bao-cao/lich-moi", {
      code: "catw-quy-tinh",
      name: "Báo cáo quý của các tỉnh",
      target: "group:provinces",
      periodType: "quarter",
      "cutoff.closesOnDay": "last",
      "cutoff.dueWorkingDays": "10",
      active: "1",
    });
    expect(good.status).toBe(303);
    expect(good.location).toBe("/bao-cao/lich/catw-quy-tinh");
    expect((await admin.get(good.location!)).html).toContain("Báo cáo quý của các tỉnh");
    expect(await schedules()).toBe(before + 1);
  });
});
