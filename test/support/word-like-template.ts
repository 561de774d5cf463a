import PizZip from "pizzip";

/**
 * A template shaped the way Microsoft Word saves one: tags split over several runs with rsid attributes and
 * proofing marks between them, a tag in a page header, and a table whose row repeats over a loop.
 */
export function wordLikeTemplate(bodyXml = defaultBody()): Buffer {
  const zip = new PizZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    "word/_rels/document.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>`,
  );
  zip.file(
    "word/header1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p w:rsidR="00A1"><w:r><w:t xml:space="preserve">Mẫu riêng — </w:t></w:r><w:r w:rsidR="00B2"><w:t>{</w:t></w:r><w:r w:rsidR="00B3"><w:t>issuer.name}</w:t></w:r></w:p></w:hdr>`,
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>${bodyXml}<w:sectPr><w:headerReference w:type="default" r:id="rId7"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>`,
  );
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

const run = (text: string, rsid = "00C4") =>
  `<w:r w:rsidR="${rsid}"><w:t xml:space="preserve">${text}</w:t></w:r>`;
const cell = (width: number, content: string) =>
  `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/></w:tcPr>${content}</w:tc>`;
const para = (...runs: string[]) => `<w:p w:rsidR="00D5" w:rsidRDefault="00D5">${runs.join("")}</w:p>`;

function defaultBody(): string {
  return [
    // {issuer.superior} split in three runs with a spell-check mark in the middle, as Word does.
    para(
      run("{issuer."),
      '<w:proofErr w:type="spellStart"/>',
      run("superior", "00E6"),
      '<w:proofErr w:type="spellEnd"/>',
      run("}"),
    ),
    para(run("MẪU WORD CỦA ỦY BAN — "), run("{doc."), run("subject}")),
    para(run("Số {doc."), run("number}-{doc.typeCode}/{issuer.abbr}")),
    para(run("{#marks.confidentiality}{marks."), run("confidentiality}{/marks.confidentiality}")),
    para(run("{#marks.urgency}{marks.urgency}{/marks.urgency}")),
    para(run("{#marks.draft}{marks.draft}{/marks.draft}")),
    para(run("{doc.dateLine}")),
    para(run("Kính gửi: {#recipients}{line}{/recipients}")),
    // A table with a header row and a row repeated over the body paragraphs.
    `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="7000"/><w:gridCol w:w="2000"/></w:tblGrid>` +
      `<w:tr>${cell(7000, para(run("Nội dung")))}${cell(2000, para(run("Ghi chú")))}</w:tr>` +
      // The row loop opens in the first cell and closes in the last, as a Word author writes it.
      `<w:tr>${cell(7000, para(run("{#body}{"), run("text}")))}${cell(2000, para(run("đã ghi"), run("{/body}")))}</w:tr></w:tbl>`,
    para(run("{signer.capacity}")),
    para(run("{signer.title}")),
    para(run("{signer."), '<w:proofErr w:type="gramStart"/>', run("name}"), '<w:proofErr w:type="gramEnd"/>'),
    para(run("Nơi nhận: {#copies}{line}; {/copies}")),
  ].join("");
}

export const wordLikeBody = { run, para };
