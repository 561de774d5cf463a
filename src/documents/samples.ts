// Sample content and context for previews, template checks and layout tests. The thông báo (TB) and báo cáo
// (BC) have no workflow yet: these samples are how they are previewed until one issues them. The committees
// are examples; their abbreviations are those DOMAIN.md quotes, not invented ones.
import { REQUEST_KINDS } from "../domain/kinds/index.js";
import type {
  CommitteeSnapshot,
  DocumentContent,
  DocumentContext,
  DocumentType,
  RequestKind,
} from "../domain/kinds/kind.js";
import type { FiguresRow } from "../domain/kinds/layouts.js";
import { formatInteger, formatRate } from "../domain/vn-format.js";

export const SAMPLE_ISSUER: CommitteeSnapshot = {
  code: "CATW",
  name: "Ủy ban Kiểm tra Đảng ủy Công an Trung ương",
  shortName: "UBKT Đảng ủy Công an Trung ương",
  superiorLine: "ĐẢNG ỦY CÔNG AN TRUNG ƯƠNG",
  issuerLine: "ỦY BAN KIỂM TRA",
  issuerAbbr: "UBKT",
  placeName: "Hà Nội",
  signerName: "Nguyễn Thị Hằng",
  signerTitle: "PHÓ CHỦ NHIỆM",
  email: "ubkt@example.invalid",
};

export const SAMPLE_RECIPIENT: CommitteeSnapshot = {
  code: "NGHE-AN",
  name: "Ủy ban Kiểm tra Tỉnh ủy Nghệ An",
  shortName: "UBKT Tỉnh ủy Nghệ An",
  superiorLine: "TỈNH ỦY NGHỆ AN",
  issuerLine: "ỦY BAN KIỂM TRA",
  issuerAbbr: "UBKTTU",
  placeName: "Nghệ An",
  signerName: "Trần Thị Lan",
  signerTitle: "PHÓ CHỦ NHIỆM",
  email: "ubkt.nghean@example.invalid",
};

/** A context issued on 05/3/2026 (a day below 10, so the date line shows its leading zero). */
export function sampleContext(
  typeCode: DocumentType,
  overrides: Partial<DocumentContext> = {},
): DocumentContext {
  return {
    issuer: SAMPLE_ISSUER,
    recipient: SAMPLE_RECIPIENT,
    number: 7,
    typeCode,
    issuedOn: "2026-03-05",
    classification: "thuong",
    urgency: "thuong",
    copyTo: ["Thường trực Đảng ủy Công an Trung ương (để b/c)"],
    draft: null,
    ...overrides,
  };
}

/** Thông báo kết luận kiểm tra: title, subject, headed body; recipients go under "Nơi nhận:". */
export const SAMPLE_THONG_BAO: DocumentContent = {
  subject: "kết luận kiểm tra chuyên đề đối với Ban Thường vụ Đảng ủy Công an tỉnh Nghệ An",
  body: [
    {
      text: "Thực hiện Kế hoạch số 03-KH/UBKT ngày 10/02/2026, Đoàn kiểm tra đã tiến hành kiểm tra từ ngày 16/3/2026 đến ngày 30/4/2026. Xét báo cáo của Đoàn kiểm tra, Ủy ban Kiểm tra Đảng ủy Công an Trung ương kết luận như sau:",
    },
    { text: "I- ƯU ĐIỂM", heading: true },
    {
      text: "Ban Thường vụ Đảng ủy Công an tỉnh đã ban hành đầy đủ văn bản lãnh đạo, chỉ đạo công tác quản lý tài chính, tài sản của Đảng; việc thu, nộp, quản lý đảng phí cơ bản đúng quy định.",
    },
    { text: "II- HẠN CHẾ, KHUYẾT ĐIỂM", heading: true },
    {
      text: "Việc tự kiểm tra tài chính ở một số chi bộ chưa thường xuyên; sổ sách kế toán chưa cập nhật kịp thời.",
    },
    { text: "III- YÊU CẦU", heading: true },
    {
      text: "Ban Thường vụ Đảng ủy Công an tỉnh chỉ đạo khắc phục các hạn chế nêu trên, báo cáo kết quả về Ủy ban Kiểm tra Đảng ủy Công an Trung ương trước ngày 30/6/2026.",
    },
  ],
};

// Counts as the 2015–2020 review records them (seed article); rates are computed, never typed in.
const FIGURES: ReadonlyArray<{ content: string; total: number; coordinated: number }> = [
  {
    content: "Ủy ban Kiểm tra tỉnh ủy, thành ủy phối hợp thực hiện kế hoạch kiểm tra, giám sát",
    total: 63,
    coordinated: 58,
  },
  { content: "Kế hoạch kiểm tra, giám sát chuyên đề", total: 115, coordinated: 17 },
  { content: "Đảng viên bị thi hành kỷ luật", total: 147, coordinated: 13 },
  { content: "Khiếu nại kỷ luật đảng đã giải quyết", total: 0, coordinated: 0 },
];

export const SAMPLE_FIGURES: FiguresRow[] = FIGURES.map((f) => ({
  content: f.content,
  total: formatInteger(f.total),
  coordinated: formatInteger(f.coordinated),
  rate: formatRate(f.coordinated, f.total),
}));

/** Báo cáo kết quả phối hợp: title, subject, headed body, the figures table, conclusions after it. */
export const SAMPLE_BAO_CAO: DocumentContent = {
  subject: "kết quả thực hiện Quy chế phối hợp trong công tác kiểm tra, giám sát nhiệm kỳ 2015 - 2020",
  body: [
    { text: "I- KẾT QUẢ THỰC HIỆN", heading: true },
    { text: "Kết quả phối hợp kiểm tra, giám sát và thi hành kỷ luật trong nhiệm kỳ như sau:" },
  ],
  rows: SAMPLE_FIGURES,
  afterTable: [
    { text: "II- HẠN CHẾ, NGUYÊN NHÂN", heading: true },
    {
      text: "Việc phối hợp xem xét thi hành kỷ luật đảng viên trong đảng bộ công an các tỉnh, thành phố còn thấp.",
    },
  ],
};

const LAYOUT_SAMPLES: Record<string, DocumentContent> = {
  "thong-bao": SAMPLE_THONG_BAO,
  "bao-cao": SAMPLE_BAO_CAO,
};

/**
 * What a layout says in a preview or an upload check: the sample payload of the first kind that issues it,
 * else (thông báo, báo cáo: no workflow yet) the samples above.
 */
export function sampleContent(template: string, ctx: DocumentContext): DocumentContent | undefined {
  for (const kind of Object.values(REQUEST_KINDS) as RequestKind<unknown>[]) {
    const spec = kind.documents.find((d) => d.template === template);
    if (spec) return spec.content(kind.sample, ctx);
  }
  return LAYOUT_SAMPLES[template];
}
