import { describe, expect, it } from "vitest";
import { FILEABLE_KIND_NAMES, findKind } from "../../src/domain/kinds/index.js";
import { fieldForError, fieldNames, inputOf, kindFields, valuesOf } from "../../src/web/kind-fields.js";

describe("forms generated from the kinds' schemas", () => {
  it.each(FILEABLE_KIND_NAMES)("%s: the sample survives a trip through the form", (name) => {
    const kind = findKind(name)!;
    const fields = kindFields(kind);
    const form = inputOf(fields, kind.sample as Record<string, unknown>);
    const back = valuesOf(fields, form);
    expect(kind.payloadSchema.parse(back)).toEqual(kind.payloadSchema.parse(kind.sample));
  });

  it("sends empty required fields and mistyped numbers as typed, so the API's messages answer them", () => {
    const kind = findKind("staff_secondment")!;
    const values = valuesOf(kindFields(kind), {
      "payload.staff.count": "hai",
      "payload.plan.organisations": "  Đảng ủy A \n\n Đảng ủy B ",
      "payload.contact.email": "",
    });
    expect(values.staff).toEqual({ count: "hai", profile: "" });
    expect((values.plan as { organisations: string[] }).organisations).toEqual(["Đảng ủy A", "Đảng ủy B"]);
    expect(values.contact).not.toHaveProperty("email");
    const result = kind.payloadSchema.safeParse(values);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toContain("staff.count: phải là một số");
    expect(messages).toContain("staff.profile: không được để trống");
  });

  it("drops blank rows of a list of people and keeps the others in order", () => {
    const kind = findKind("joint_inspection")!;
    const fields = kindFields(kind);
    const values = valuesOf(fields, {
      "payload.team.0.name": "Nguyễn Văn A",
      "payload.team.1.name": "",
      "payload.team.2.name": "Lê Thị B",
    });
    expect((values.team as { name: string }[]).map((m) => m.name)).toEqual(["Nguyễn Văn A", "Lê Thị B"]);
  });

  it("puts an error on its field, or on the list that holds it", () => {
    const kind = findKind("staff_secondment")!;
    const names = fieldNames(kindFields(kind), {});
    expect(fieldForError("payload.plan.period.to", names)).toBe("payload.plan.period.to");
    expect(fieldForError("payload.plan.organisations.3", names)).toBe("payload.plan.organisations");
    expect(fieldForError("nowhere", names)).toBeUndefined();
  });
});
