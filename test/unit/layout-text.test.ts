// Without I/O: what the layouts print holds whatever the user typed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { documentData } from "../../src/documents/document-data.js";
import { headerLayout, headerSuperiorLines } from "../../src/documents/header-layout.js";
import { tidyText } from "../../src/documents/layout-text.js";
import { SAMPLE_ISSUER, SAMPLE_RECIPIENT } from "../../src/documents/samples.js";
import { styleProfile } from "../../src/documents/style-profiles.js";
import { textWidthPt } from "../../src/documents/text-measure.js";
import { REQUEST_KINDS } from "../../src/domain/kinds/index.js";
import type { DocumentContext, RequestKind } from "../../src/domain/kinds/kind.js";

const profile = styleProfile("HD36-2018");

const ctx = (typeCode: DocumentContext["typeCode"]): DocumentContext => ({
  issuer: SAMPLE_ISSUER,
  recipient: SAMPLE_RECIPIENT,
  number: 7,
  typeCode,
  issuedOn: "2026-03-05",
  classification: "thuong",
  urgency: "thuong",
  copyTo: [],
  draft: null,
});

const kinds = Object.values(REQUEST_KINDS) as RequestKind<unknown>[];

function printed(kind: RequestKind<unknown>, payload: unknown): string[] {
  return kind.documents.flatMap((spec) => {
    const c = ctx(spec.type);
    const data = documentData(spec.content(payload, c), c, profile);
    return [
      ...data.body.map((p) => p.text),
      ...data.afterTable.map((p) => p.text),
      ...data.recipients.map((r) => r.line),
      ...data.copies.map((r) => r.line),
      ...data.rows.flatMap((r) => Object.values(r)),
    ];
  });
}

// Codes, enums and contact details are not free text.
const KEEP = new Set([
  "phone",
  "email",
  "term",
  "type",
  "caseType",
  "proposedForm",
  "delivery",
  "activity",
  "periodKey",
  "scheduleCode",
]);

const DOUBLED = /Căn cứ Căn cứ|đồng chí [Đđ]ồng chí|;;|,,|(?<![./])\.\.(?![./])|[;,]\.(?!\/)| [;,.]/;

describe("tidyText", () => {
  it.each([
    ["Điều lệ Đảng;;", "Điều lệ Đảng;"],
    ["vi phạm..", "vi phạm."],
    ["liên quan ;", "liên quan;"],
    ["hết;.", "hết."],
    ["Rất mong …./.", "Rất mong …./."],
    ["ba chấm...", "ba chấm..."],
  ])("%s → %s", (input, output) => expect(tidyText(input)).toBe(output));
});

describe("no doubled words or punctuation, whatever the user typed", () => {
  const typed = fc
    .tuple(
      fc.constantFrom("", "Căn cứ ", "căn cứ ", "- ", "Đồng chí "),
      fc.stringMatching(/^[a-zàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễđ ]{1,20}$/),
      fc.constantFrom("", ".", ";", ";;", "..", ",", " .", ";."),
    )
    .map(([lead, body, tail]) => `${lead}${body.trim() || "x"}${tail}`);

  it("in every kind's documents, from its sample with every text field retyped", () => {
    const checked = new Set<string>();
    fc.assert(
      fc.property(fc.array(typed, { minLength: 8, maxLength: 8 }), (texts) => {
        for (const kind of kinds) {
          let i = 0;
          const retype = (v: unknown, key = ""): unknown => {
            if (typeof v === "string" && !/^\d{4}-\d{2}-\d{2}$/.test(v) && !KEEP.has(key))
              return texts[i++ % texts.length];
            if (Array.isArray(v)) return v.map((x) => retype(x, key));
            if (v && typeof v === "object")
              return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, retype(x, k)]));
            return v;
          };
          const payload = retype(structuredClone(kind.sample)) as Record<string, unknown>;
          const team = payload.team as { name: string }[] | undefined;
          if (team?.[0]) payload.leader = team[0].name;
          // Keep the cross-field rules of the kinds (a leader from the team, …) satisfied.
          const parsed = kind.payloadSchema.safeParse(payload);
          if (!parsed.success) continue;
          checked.add(kind.kind);
          for (const line of printed(kind, parsed.data)) expect(line, kind.kind).not.toMatch(DOUBLED);
        }
      }),
      { numRuns: 60 },
    );
    // Every kind must have been exercised, or the property says little.
    expect([...checked].sort()).toEqual(kinds.map((k) => k.kind).sort());
  });
});

describe("every document type ends per the rules", () => {
  it.each(kinds.flatMap((k) => k.documents.map((d) => [k.kind, d.type, k, d] as const)))(
    "%s %s ends its text with ./.",
    (_name, type, kind, spec) => {
      const c = ctx(type);
      const data = documentData(spec.content(kind.sample, c), c, profile);
      const last = (data.afterTable.length ? data.afterTable : data.body).at(-1)!;
      expect(last.text).toMatch(/[^./]\.\/\.$/);
    },
  );

  it("opens the staff-secondment letter with a whole sentence", () => {
    const kind = REQUEST_KINDS.staff_secondment as RequestKind<unknown>;
    const c = ctx("CV");
    const first = documentData(kind.documents[0]!.content(kind.sample, c), c, profile).body[0]!.text;
    expect(first).toMatch(
      /^Thực hiện .+, Ủy ban Kiểm tra .+ tiến hành kiểm tra đối với .+; thời kỳ kiểm tra từ ngày/,
    );
  });

  it("puts a single addressee on the Kính gửi line, several under it", () => {
    const kind = REQUEST_KINDS.staff_secondment as RequestKind<unknown>;
    const c = ctx("CV");
    expect(documentData(kind.documents[0]!.content(kind.sample, c), c, profile).addresseeInline).toBe(true);
    const several = documentData(
      { subject: "x", recipients: ["A;", "B"], body: [{ text: "y" }] },
      c,
      profile,
    );
    expect(several.addresseeInline).toBe(false);
    expect(several.recipients.map((r) => r.line)).toEqual(["- A;", "- B."]);
  });
});

describe("header cells from measured widths", () => {
  it("measures as the issue did: the central committee's name is 227.5 pt at 14 pt", () => {
    expect(textWidthPt("ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG", { sizePt: 14 })).toBeCloseTo(227.5, 1);
  });

  it("gives the motto and the central committee's name room on one line", () => {
    const h = headerLayout(profile);
    const motto = textWidthPt(profile.text.motto, profile.elements.motto) * 20;
    expect(h.mottoTw).toBeGreaterThan(motto);
    expect(h.rightTw - 2 * h.cellMarginTw).toBeGreaterThanOrEqual(h.mottoTw);
    expect(h.leftLinePt).toBeGreaterThan(
      textWidthPt("ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG", profile.elements.superior),
    );
    expect(h.outdentTw).toBeLessThanOrEqual(Math.round((profile.header.maxOutdentMm * 1440) / 25.4));
  });

  it("breaks a name too long for its cell after the organ, never inside the place's name", () => {
    expect(headerSuperiorLines(profile, "THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH")).toEqual([
      "THÀNH ỦY",
      "THÀNH PHỐ HỒ CHÍ MINH",
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("BẮC", "NAM", "TRUNG", "ƯƠNG", "THÀNH", "PHỐ", "KHÁNH", "HÒA"), {
          minLength: 1,
          maxLength: 9,
        }),
        (words) => {
          const line = `TỈNH ỦY ${words.join(" ")}`;
          const lines = headerSuperiorLines(profile, line);
          expect(lines.join(" ")).toBe(line);
          for (const l of lines)
            expect(textWidthPt(l, profile.elements.superior)).toBeLessThanOrEqual(
              headerLayout(profile).leftLinePt,
            );
        },
      ),
    );
  });
});
