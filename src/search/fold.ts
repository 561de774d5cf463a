/**
 * Vietnamese folding for search, the same mapping as the SQL function phoihop_fold (migrations 018a and 022a): tone marks
 * and vowel hats dropped, đ → d, lower case. One character in, one character out, so a match found in the folded
 * text is at the same offsets in the original (highlighting depends on it).
 */
const FROM =
  "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ";
const TO =
  "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD";
const MAP = new Map(
  [...FROM].map((ch, i): [string, string] => {
    const to = TO[i];
    if (to === undefined) throw new Error("FROM and TO must be the same length");
    return [ch, to];
  }),
);

export function foldVi(text: string): string {
  let out = "";
  for (const ch of text) {
    const mapped = MAP.get(ch) ?? ch;
    // Only ASCII is lower-cased: what PostgreSQL's lower() does in every locale, one UTF-16 unit each.
    out += mapped.length === 1 && mapped >= "A" && mapped <= "Z" ? mapped.toLowerCase() : mapped;
  }
  return out;
}
