/** Layout settings that differ between party document rules; a new profile is data, not code. */
export interface StyleProfile {
  code: string;
  subjectPrefix: string;
  signerCapacity: string;
  archiveLine: string;
}

export const STYLE_PROFILES: Record<string, StyleProfile> = {
  "HD36-2018": {
    code: "HD36-2018",
    subjectPrefix: "V/v ",
    signerCapacity: "T/M ỦY BAN KIỂM TRA",
    archiveLine: "Lưu VP",
  },
};

export function styleProfile(code: string): StyleProfile {
  return STYLE_PROFILES[code] ?? STYLE_PROFILES["HD36-2018"]!;
}
