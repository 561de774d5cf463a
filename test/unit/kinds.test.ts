import { describe, expect, it } from "vitest";
import { FILEABLE_KIND_NAMES, findKind, KIND_NAMES } from "../../src/domain/kinds/index.js";

const EXPECTED_KINDS = [
  "staff_secondment",
  "joint_inspection",
  "discipline_review",
  "complaint_resolution",
  "information_exchange",
  "annual_program",
];

type Payload = Record<string, unknown>;

/** The kind's sample with one change applied: each case breaks exactly one field. */
function broken(kind: string, change: (p: Payload) => void): unknown {
  const payload = structuredClone(findKind(kind)!.sample) as Payload;
  change(payload);
  return payload;
}

const at = (p: Payload, key: string) => p[key] as Payload;

// [kind, what is wrong, the change, the field the error must name]
const BAD: Array<[string, string, (p: Payload) => void, string]> = [
  ["staff_secondment", "no staff", (p) => (at(p, "staff").count = 0), "staff.count"],
  [
    "staff_secondment",
    "nobody to inspect",
    (p) => Object.assign(at(p, "plan"), { organisations: [], members: [] }),
    "plan.organisations",
  ],
  ["staff_secondment", "bad phone", (p) => (at(p, "contact").phone = "gọi tôi"), "contact.phone"],
  ["joint_inspection", "leader outside the team", (p) => (p.leader = "Người Ngoài Đoàn"), "leader"],
  ["joint_inspection", "a team of one", (p) => (p.team = (p.team as unknown[]).slice(0, 1)), "team"],
  ["joint_inspection", "no legal basis", (p) => (p.legalBasis = []), "legalBasis"],
  ["joint_inspection", "timeline backwards", (p) => (at(p, "timeline").to = "2026-01-01"), "timeline.to"],
  [
    "joint_inspection",
    "blank team member position",
    (p) => ((at(p, "team") as unknown as Payload[])[0]!.position = " "),
    "team.0.position",
  ],
  ["discipline_review", "unknown form", (p) => (p.proposedForm = "phe_binh"), "proposedForm"],
  ["discipline_review", "no files", (p) => (p.files = []), "files"],
  ["discipline_review", "bad deadline", (p) => (p.opinionDeadline = "20/3/2026"), "opinionDeadline"],
  ["discipline_review", "no member name", (p) => (at(p, "member").name = ""), "member.name"],
  ["complaint_resolution", "unknown case type", (p) => (p.caseType = "kien_nghi"), "caseType"],
  ["complaint_resolution", "deadline before receipt", (p) => (p.deadline = "2026-01-01"), "deadline"],
  ["complaint_resolution", "nothing asked", (p) => (p.asks = []), "asks"],
  [
    "complaint_resolution",
    "concerned neither member nor organisation",
    (p) => (at(p, "concerned").type = "ca_nhan"),
    "concerned.type",
  ],
  ["information_exchange", "e-mail delivery", (p) => (p.delivery = "email"), "delivery"],
  ["information_exchange", "nothing asked for", (p) => (p.items = []), "items"],
  ["information_exchange", "no purpose", (p) => (p.purpose = "   "), "purpose"],
  ["annual_program", "no items", (p) => (p.items = []), "items"],
  ["annual_program", "bad term", (p) => (p.scope = { type: "toan_khoa", term: "khóa XIII" }), "scope.term"],
  ["annual_program", "item without lead unit", (p) => ((p.items as Payload[])[0]!.lead = ""), "items.0.lead"],
  ["annual_program", "year out of range", (p) => (p.scope = { type: "nam", year: 1990 }), "scope.year"],
];

describe("request kinds", () => {
  it("registers the six kinds people file, and the periodic report the service issues", () => {
    expect([...FILEABLE_KIND_NAMES].sort()).toEqual([...EXPECTED_KINDS].sort());
    expect(KIND_NAMES.filter((k) => !FILEABLE_KIND_NAMES.includes(k))).toEqual(["periodic_report"]);
  });

  it.each(EXPECTED_KINDS)("%s: its sample parses with its schema", (name) => {
    const kind = findKind(name)!;
    const result = kind.payloadSchema.safeParse(kind.sample);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    expect(kind.subject(kind.sample)).not.toBe("");
    expect(kind.documents.length).toBeGreaterThan(0);
  });

  it.each(BAD)("%s rejects %s, naming the field", (name, _what, change, field) => {
    const result = findKind(name)!.payloadSchema.safeParse(broken(name, change));
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths, JSON.stringify(result.error!.issues)).toContain(field);
    for (const issue of result.error!.issues) expect(issue.message).toMatch(/[à-ỹđ]/iu);
  });

  it("defaults discipline and denunciation files to MẬT", () => {
    expect(findKind("discipline_review")!.defaultClassification).toBe("mat");
    expect(findKind("complaint_resolution")!.defaultClassification).toBe("mat");
  });

  it("issues the plan before its cover letter, and the programme before its cover letter", () => {
    expect(findKind("joint_inspection")!.documents.map((d) => d.type)).toEqual(["KH", "CV"]);
    expect(findKind("annual_program")!.documents.map((d) => d.type)).toEqual(["CTr", "CV"]);
  });
});
