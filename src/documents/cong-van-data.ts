// The data a công văn template (templates/cong-van.docx) takes; see templates/cong-van.tags.md.
// Every string arrives already formatted for print (NFC, date line, "V/v" prefix, recipient
// punctuation): the template only places text, it decides nothing.

export interface CongVanLine {
  line: string;
}

export interface CongVanParagraph {
  text: string;
}

export interface CongVanData {
  issuer: {
    /** Directly superior body, e.g. "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG" (printed in caps). */
    superior: string;
    /** Issuing body, e.g. "ỦY BAN KIỂM TRA" (printed in caps, bold). */
    name: string;
    /** Issuer abbreviation from the registry, e.g. "UBKTTU"; never invented. */
    abbr: string;
  };
  doc: {
    /** Sequence number with its leading zero, e.g. "07". */
    number: string;
    /** Type code, "CV" for a công văn. */
    typeCode: string;
    /** Subject with the profile's prefix, e.g. "V/v đề nghị cử cán bộ tham gia Đoàn kiểm tra". */
    subject: string;
    /** Place and date, e.g. "Hà Nội, ngày 05 tháng 3 năm 2026". */
    dateLine: string;
  };
  /** One per line after "Kính gửi:"; several: "- …;" and the last ends with "."; one: the name alone. */
  recipients: CongVanLine[];
  /** Body paragraphs, one justified paragraph each. */
  body: CongVanParagraph[];
  /** "Nơi nhận:" items as entered, e.g. "- Như trên;", "- Lưu VP.". */
  copies: CongVanLine[];
  signer: {
    /** e.g. "T/M ỦY BAN KIỂM TRA" (printed in caps, bold). */
    capacity: string;
    /** e.g. "PHÓ CHỦ NHIỆM" (printed in caps, bold). */
    title: string;
    /** Name only, no rank or degree (bold). */
    name: string;
  };
}
