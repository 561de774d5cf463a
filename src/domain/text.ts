/** Every text input is normalised to NFC before it is validated or stored. */
export function nfc(value: string): string {
  return value.normalize("NFC");
}

/** Deep NFC over parsed JSON: strings normalised, structure untouched. */
export function nfcDeep<T>(value: T): T {
  if (typeof value === "string") return nfc(value) as T;
  if (Array.isArray(value)) return value.map(nfcDeep) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfcDeep(v)])) as T;
  }
  return value;
}

/** ASCII slug for codes and file names: "Hồ Chí Minh" → "HO-CHI-MINH". */
export function asciiSlug(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toUpperCase();
}

/** Vietnamese upper-casing (header lines are caps). */
export function upperVi(value: string): string {
  return value.toLocaleUpperCase("vi-VN");
}
