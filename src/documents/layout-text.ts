// Text as the layouts print it, whatever the user typed (else "Căn cứ Căn cứ Điều lệ Đảng;;",
// "vi phạm..", "liên quan.."): the layout adds words and punctuation, so what the user typed of them goes.

/** Doubled punctuation and stray spaces before it: ";;" → ";", ".." → ".", ";." → ".", "x ;" → "x;". "…" and
 * "./." are kept. */
export function tidyText(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[ \t]+/g, " ")
    .replace(/ +([;,.:!?])/g, "$1")
    .replace(/;{2,}/g, ";")
    .replace(/,{2,}/g, ",")
    .replace(/:{2,}/g, ":")
    .replace(/(?<![./])\.\.(?![./])/g, ".")
    .replace(/[;,:]\.(?!\/)/g, ".")
    .replace(/\.[;,](?=\s|$)/g, ".")
    .trim();
}

/** The body ends with "./." (36-HD): the last paragraph, after the table if the document has one. */
export function endsDocument<P extends { text: string }>(body: P[], afterTable: P[]): [P[], P[]] {
  const close = (list: P[]): P[] => {
    const last = list.at(-1);
    if (!last) return list;
    const text = /\.\/\.$/.test(last.text) ? last.text : `${last.text.replace(/[\s.;,:]+$/u, "")}./.`;
    return [...list.slice(0, -1), { ...last, text }];
  };
  return afterTable.length ? [body, close(afterTable)] : [close(body), afterTable];
}
