import { describe, expect, it } from "vitest";
import { parseUserCreateArgs } from "../../src/auth/users.js";

describe("parseUserCreateArgs (phoihop user create)", () => {
  it("normalises the name to NFC, lower-cases the e-mail and splits the roles", () => {
    const result = parseUserCreateArgs({
      committee: "NGHE-AN",
      name: "  Nguye\u0302\u0303n Va\u0306n A ",
      email: " A.Nguyen@X.Example ",
      role: "clerk,approver,clerk",
    });
    expect(result).toEqual({
      ok: true,
      value: {
        committee: "NGHE-AN",
        name: "Nguyễn Văn A",
        email: "a.nguyen@x.example",
        roles: ["clerk", "approver"],
      },
    });
  });

  it("names every bad or missing flag, in Vietnamese", () => {
    const result = parseUserCreateArgs({ name: "   ", email: "not-an-email", role: "clerk,boss" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      "--committee: thiếu --committee MÃ",
      "--name: họ tên không được để trống",
      "--email: địa chỉ e-mail không hợp lệ",
      "--role: vai trò phải là một trong: clerk, approver, admin, auditor, operator",
    ]);
  });

  it("refuses an empty role list", () => {
    const result = parseUserCreateArgs({ committee: "HUE", name: "A", email: "a@x.example", role: "," });
    expect(result).toEqual({
      ok: false,
      problems: ["--role: cần ít nhất một vai trò: clerk, approver, admin, auditor, operator"],
    });
  });
});
