// The data every layout template takes (templates/<layout>.docx; tags in templates/<layout>.tags.md).
// Every string arrives formatted for print (NFC, date line, "V/v" prefix, recipient and copy punctuation):
// a template only places text, it decides nothing. A mark that is not set is "" so that the template's
// `{#marks.urgency}…{/marks.urgency}` section drops out; a missing value would fail the render instead.

export interface Line {
  line: string;
}

export interface Paragraph {
  text: string;
  /** Headings ("I- …", "1.") print bold without the first-line indent; always a boolean for `{^heading}`. */
  heading: boolean;
}

export interface DocumentData {
  issuer: {
    /** Directly superior body, e.g. "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG" (printed in caps); a name too long for the
     * header cell carries a line break ("THÀNH ỦY\nTHÀNH PHỐ HỒ CHÍ MINH"). */
    superior: string;
    /** Issuing body, e.g. "ỦY BAN KIỂM TRA" (printed in caps, bold). */
    name: string;
    /** Issuer abbreviation from the registry, e.g. "UBKTTU"; never invented. */
    abbr: string;
    /** Place of the date line, e.g. "Hà Nội". */
    place: string;
  };
  doc: {
    /** Sequence number with its leading zero, e.g. "07". */
    number: string;
    /** "CV", "KH", "CTr", "TB", "BC". */
    typeCode: string;
    /** Abbreviation again, so `{doc | symbol}` works on this object alone. */
    issuerAbbr: string;
    /** "07-CV/UBKTTU": the number line without "Số". */
    symbol: string;
    /** Type name as printed above the subject, "KẾ HOẠCH"; "" for a công văn (it has none). */
    title: string;
    /** The trích yếu as this type prints it: "V/v đề nghị …" under the number of a công văn, bare under a title. */
    subject: string;
    /** The trích yếu without any prefix. */
    subjectText: string;
    /** ISO date of issue, for formatters: `{doc.issuedOn | shortDate}`. */
    issuedOn: string;
    /** Place of the date line (same as issuer.place), so `{doc | dateLine}` works. */
    place: string;
    /** "Hà Nội, ngày 05 tháng 3 năm 2026". */
    dateLine: string;
  };
  marks: {
    /** "MẬT" / "TỐI MẬT" / "TUYỆT MẬT", or "" when not classified. */
    confidentiality: string;
    /** "KHẨN" / "THƯỢNG KHẨN" / "HỎA TỐC", or "" when not urgent. */
    urgency: string;
    /** "Dự thảo lần 2", or "" on an issued document. */
    draft: string;
  };
  /** After "Kính gửi:" (công văn): several → "- …;" and the last ends with "."; one → the name alone. */
  recipients: Line[];
  /** One addressee: it stands on the "Kính gửi:" line itself; several go one per line under it. */
  addresseeInline: boolean;
  body: Paragraph[];
  /** The layout's table rows: string cells keyed by column (src/domain/kinds/layouts.ts), "stt" numbered. */
  rows: Record<string, string>[];
  /** Paragraphs after the table. */
  afterTable: Paragraph[];
  /** "Nơi nhận:" items as printed, e.g. "- Như trên;", "- Lưu VP.". */
  copies: Line[];
  signer: {
    /** "T/M ỦY BAN KIỂM TRA". */
    capacity: string;
    /** "CHỦ NHIỆM" / "PHÓ CHỦ NHIỆM". */
    title: string;
    /** Name only, no rank or degree. */
    name: string;
  };
}
