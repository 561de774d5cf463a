import { staffSecondment } from "../../src/domain/kinds/staff-secondment/index.js";

export function staffSecondmentBody(overrides: Record<string, unknown> = {}) {
  return {
    kind: "staff_secondment",
    to: "CATW",
    copyTo: ["Thường trực Tỉnh ủy"],
    payload: structuredClone(staffSecondment.sample),
    ...overrides,
  };
}
