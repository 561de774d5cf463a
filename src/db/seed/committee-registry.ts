import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { CENTRAL_CODE } from "../../domain/central-committee.js";
import { asciiSlug, upperVi } from "../../domain/text.js";

export interface CommitteeVersionSeed {
  validFrom: string;
  validTo: string | null;
  name: string;
  shortName: string;
  superiorLine: string;
  issuerLine: string;
  placeName: string;
  signerName: string;
  signerTitle: string;
}

export interface CommitteeSeed {
  code: string;
  level: "central" | "province";
  issuerAbbr: string;
  email: string;
  /** Fields the seed only fills with a placeholder (registry-gaps.ts refuses to issue with them). */
  placeholderFields: string[];
  /** The days the unit exists (the registry as of a date counts only the units valid on it). */
  validFrom: string;
  validTo: string | null;
  /** The unit this one was merged into, and the act that did it. */
  successor?: { code: string; effectiveOn: string; source: string };
  versions: CommitteeVersionSeed[];
}

export { CENTRAL_CODE };
// The 34 provincial-level units exist since 1/7/2025 (Nghị quyết 202/2025/QH15); the 63 before them since the last
// change to that list, Hà Tây joining Hà Nội on 1/8/2008 (Nghị quyết 15/2008/QH12 — general knowledge, not in
// domain-vn.md), until 30/6/2025.
const PROVINCES_FROM = "2025-07-01";
const PRE2025_FROM = "2008-08-01";
const PRE2025_TO = "2025-06-30";
export const MERGER_SOURCE = "Nghị quyết 202/2025/QH15 ngày 12/6/2025 (sắp xếp đơn vị hành chính cấp tỉnh)";
// Obvious placeholders on a reserved domain (RFC 2606): the real ones come from the committees (README, import).
const PLACEHOLDER_DOMAIN = "uy-ban-kiem-tra.example";
export const PLACEHOLDER_SIGNER = "(Chưa nhập người ký)";
const PLACEHOLDERS = ["email", "signerName"];

interface CsvUnit {
  official_name: string;
  short_name: string;
  type: string;
  party_committee: string;
  notes: string;
}

/** Rows of a CSV file with a header line, cells trimmed, blank lines skipped (csv-parse, RFC 4180 quoting). */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, {
    columns: (h: string[]) => h.map((c) => c.trim()),
    skip_empty_lines: true,
    trim: true,
    bom: true,
  });
}

interface CsvPre2025Unit extends CsvUnit {
  became_2025: string;
  continues: "yes" | "no";
}

const version = (
  unit: { short_name: string },
  validFrom: string,
  validTo: string | null,
  partyCommittee: string,
): CommitteeVersionSeed => ({
  validFrom,
  validTo,
  name: `Ủy ban Kiểm tra ${partyCommittee}`,
  shortName: `UBKT ${partyCommittee}`,
  superiorLine: upperVi(partyCommittee),
  issuerLine: "ỦY BAN KIỂM TRA",
  placeName: unit.short_name,
  signerName: PLACEHOLDER_SIGNER,
  signerTitle: "CHỦ NHIỆM",
});

/** The names a pre-2025 unit had: Thừa Thiên Huế became Thành phố Huế on 1/1/2025, the others kept theirs. */
function pre2025Versions(unit: CsvPre2025Unit): CommitteeVersionSeed[] {
  const renamedFrom = /from (\d{4}-\d{2}-\d{2})/.exec(unit.notes)?.[1];
  const renamed = /Thành ủy [^ ]+/.exec(unit.notes)?.[0];
  if (!renamedFrom || !renamed) return [version(unit, PRE2025_FROM, PRE2025_TO, unit.party_committee)];
  return [
    version(unit, PRE2025_FROM, dayBefore(renamedFrom), unit.party_committee),
    version({ short_name: renamed.replace("Thành ủy ", "") }, renamedFrom, PRE2025_TO, renamed),
  ];
}

function provinceSeed(unit: CsvUnit, before: CsvPre2025Unit | undefined): CommitteeSeed {
  const code = asciiSlug(unit.short_name);
  // Đồng Nai: a province from 1/7/2025, a centrally-run city from 30/4/2026 (Nghị quyết 30/2026/QH16).
  const cityFrom = /city from (\d{4}-\d{2}-\d{2})/.exec(unit.notes)?.[1];
  const versions = cityFrom
    ? [
        version(
          unit,
          PROVINCES_FROM,
          dayBefore(cityFrom),
          unit.party_committee.replace("Thành ủy", "Tỉnh ủy"),
        ),
        version(unit, cityFrom, null, unit.party_committee),
      ]
    : [version(unit, PROVINCES_FROM, null, unit.party_committee)];
  return {
    code,
    level: "province",
    issuerAbbr: "UBKTTU",
    email: `ubkt-${code.toLowerCase()}@${PLACEHOLDER_DOMAIN}`,
    placeholderFields: PLACEHOLDERS,
    // A unit that kept its name through the merger is the same committee before and after it.
    validFrom: before ? PRE2025_FROM : PROVINCES_FROM,
    validTo: null,
    versions: [...(before ? pre2025Versions(before) : []), ...versions],
  };
}

/** A pre-2025 unit merged into another on 1/7/2025: valid until 30/6/2025, with its successor. */
function endedUnitSeed(unit: CsvPre2025Unit): CommitteeSeed {
  const code = asciiSlug(unit.short_name);
  return {
    code,
    level: "province",
    issuerAbbr: "UBKTTU",
    email: `ubkt-${code.toLowerCase()}@${PLACEHOLDER_DOMAIN}`,
    placeholderFields: PLACEHOLDERS,
    validFrom: PRE2025_FROM,
    validTo: PRE2025_TO,
    successor: { code: asciiSlug(unit.became_2025), effectiveOn: PROVINCES_FROM, source: MERGER_SOURCE },
    versions: pre2025Versions(unit),
  };
}

function dayBefore(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const CENTRAL: CommitteeSeed = {
  code: CENTRAL_CODE,
  level: "central",
  issuerAbbr: "UBKT",
  email: `ubkt-catw@${PLACEHOLDER_DOMAIN}`,
  placeholderFields: PLACEHOLDERS,
  validFrom: PRE2025_FROM,
  validTo: null,
  versions: [
    {
      validFrom: PRE2025_FROM,
      validTo: null,
      name: "Ủy ban Kiểm tra Đảng ủy Công an Trung ương",
      shortName: "UBKT Đảng ủy Công an Trung ương",
      superiorLine: "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG",
      issuerLine: "ỦY BAN KIỂM TRA",
      placeName: "Hà Nội",
      signerName: PLACEHOLDER_SIGNER,
      signerTitle: "CHỦ NHIỆM",
    },
  ],
};

const readSeedCsv = <T>(file: string): T[] =>
  parseCsv(readFileSync(new URL(file, import.meta.url), "utf8")) as unknown as T[];

/**
 * The registry as data: the central committee, the 34 provincial units since 1/7/2025 (provincial-units-2026.csv)
 * and the 63 before (provincial-units-2008-2025.csv): 34 of those continue as one of the 34 (same committee, the
 * earlier names as earlier versions), the other 29 end on 30/6/2025 with the unit they were merged into.
 */
export function committeeRegistrySeed(): CommitteeSeed[] {
  const units = readSeedCsv<CsvUnit>("./provincial-units-2026.csv");
  const before = readSeedCsv<CsvPre2025Unit>("./provincial-units-2008-2025.csv");
  const continuing = new Map(before.filter((u) => u.continues === "yes").map((u) => [u.became_2025, u]));
  return [
    CENTRAL,
    ...units.map((u) => provinceSeed(u, continuing.get(u.short_name))),
    ...before.filter((u) => u.continues === "no").map(endedUnitSeed),
  ];
}
