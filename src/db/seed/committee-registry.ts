import { readFileSync } from "node:fs";
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
  versions: CommitteeVersionSeed[];
}

export const CENTRAL_CODE = "CATW";
// The 34 provincial-level units exist since 1/7/2025 (Nghị quyết 202/2025/QH15).
const PROVINCES_FROM = "2025-07-01";
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

export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") endCell();
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else cell += ch;
  }
  if (cell !== "" || row.length) endRow();
  const [header, ...body] = rows.filter((r) => r.some((c) => c.trim() !== ""));
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? "").trim()])));
}

function provinceSeed(unit: CsvUnit): CommitteeSeed {
  const code = asciiSlug(unit.short_name);
  const version = (
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
  // Đồng Nai: a province from 1/7/2025, a centrally-run city from 30/4/2026 (Nghị quyết 30/2026/QH16).
  const cityFrom = /city from (\d{4}-\d{2}-\d{2})/.exec(unit.notes)?.[1];
  const versions = cityFrom
    ? [
        version(PROVINCES_FROM, dayBefore(cityFrom), unit.party_committee.replace("Thành ủy", "Tỉnh ủy")),
        version(cityFrom, null, unit.party_committee),
      ]
    : [version(PROVINCES_FROM, null, unit.party_committee)];
  return {
    code,
    level: "province",
    issuerAbbr: "UBKTTU",
    email: `ubkt-${code.toLowerCase()}@${PLACEHOLDER_DOMAIN}`,
    placeholderFields: PLACEHOLDERS,
    versions,
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
  versions: [
    {
      validFrom: "2020-01-01",
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

export function committeeRegistrySeed(): CommitteeSeed[] {
  const csv = readFileSync(new URL("./provincial-units-2026.csv", import.meta.url), "utf8");
  const units = parseCsv(csv) as unknown as CsvUnit[];
  return [CENTRAL, ...units.map(provinceSeed)];
}
