/** ASCII for the PDF's literal strings (signature dictionary), which pdf-lib writes byte by byte. */
export function foldDiacritics(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e]/g, "?");
}
