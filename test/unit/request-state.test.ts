import { describe, expect, it } from "vitest";
import { REQUEST_STATUSES, transition } from "../../src/domain/request-state.js";

describe("request state machine", () => {
  it("walks the happy path draft → submitted → approved → issued → sent", () => {
    expect(transition("draft", "submit", ["clerk"])).toEqual({ ok: true, from: "draft", to: "submitted" });
    expect(transition("submitted", "approve", ["approver"])).toEqual({
      ok: true,
      from: "submitted",
      to: "approved",
    });
    expect(transition("approved", "issue", "system")).toEqual({ ok: true, from: "approved", to: "issued" });
    expect(transition("issued", "send", "system")).toEqual({ ok: true, from: "issued", to: "sent" });
  });

  it("lets only an approver approve", () => {
    for (const role of ["clerk", "admin", "auditor"] as const) {
      expect(transition("submitted", "approve", [role])).toMatchObject({ ok: false, reason: "role" });
    }
  });

  it("refuses an approval that skips submission, and a second approval", () => {
    expect(transition("draft", "approve", ["approver"])).toMatchObject({ ok: false, reason: "state" });
    expect(transition("approved", "approve", ["approver"])).toMatchObject({ ok: false, reason: "state" });
  });

  it("cancels from every non-final state, never from a final one", () => {
    for (const s of REQUEST_STATUSES) {
      const r = transition(s, "cancel", ["clerk"]);
      expect(r.ok, s).toBe(s !== "cancelled" && s !== "concluded");
    }
  });

  it("keeps system steps away from people and people's steps away from the system", () => {
    expect(transition("approved", "issue", ["admin", "approver"])).toMatchObject({
      ok: false,
      reason: "role",
    });
    expect(transition("draft", "submit", "system")).toMatchObject({ ok: false, reason: "role" });
  });

  it("auditors change nothing", () => {
    expect(transition("draft", "submit", ["auditor"])).toMatchObject({ ok: false, reason: "role" });
    expect(transition("draft", "cancel", ["auditor"])).toMatchObject({ ok: false, reason: "role" });
  });

  it("records a permanent delivery failure and allows a later successful send", () => {
    expect(transition("issued", "fail_delivery", "system")).toMatchObject({
      ok: true,
      to: "delivery_failed",
    });
    expect(transition("delivery_failed", "send", "system")).toMatchObject({ ok: true, to: "sent" });
  });
});
