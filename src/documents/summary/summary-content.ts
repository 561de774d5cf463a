/**
 * The báo cáo tổng kết of a term or a year: a table of every published figure (total, of which coordinated, rate)
 * and the sentences the committees write them in ("58/63 UBKT tỉnh ủy, thành ủy … (chiếm 92,06%)"), each with its
 * fraction, and where the counts come from. For the whole country or one committee (its own figures only). Pure:
 * the statistics come in computed; the template is the ordinary "bao-cao" layout.
 */
import { upperFirst } from "../../domain/text.js";
import type { Block, DocumentContent } from "../../domain/kinds/kind.js";
import type { FiguresRow } from "../../domain/kinds/layouts.js";
import { formatInteger, parseIsoDate, shortDateVi } from "../../domain/vn-format.js";
import { describeRate } from "../../reports/rates.js";
import type { RateFigure } from "../../reports/statistics.js";

export interface SummaryInput {
  /** "nhiệm kỳ 2020-2025", "năm 2024". */
  periodLabel: string;
  from: string;
  to: string;
  /** null: the whole country; else the committee's name ("Ủy ban Kiểm tra Tỉnh ủy Nghệ An"). */
  committeeName: string | null;
  /** The provincial units of the registry during the period (whole country only). */
  units: number | null;
  rates: Record<string, RateFigure | undefined>;
  submittedCommittees: number;
  recordedAfterFact: number;
}

/** The figures in the order of the table, each with how it is named in a row and in a sentence. */
const FIGURES: { key: string; row: string; sentence: string; country?: true }[] = [
  {
    key: "provincesCoordinatedInspection",
    row: "UBKT tỉnh ủy, thành ủy phối hợp thực hiện kế hoạch kiểm tra",
    sentence:
      "UBKT tỉnh ủy, thành ủy phối hợp với UBKT Đảng ủy Công an Trung ương tổ chức thực hiện kế hoạch kiểm tra",
    country: true,
  },
  {
    key: "provincesCoordinatedSupervision",
    row: "UBKT tỉnh ủy, thành ủy phối hợp thực hiện kế hoạch giám sát",
    sentence: "UBKT tỉnh ủy, thành ủy phối hợp tổ chức thực hiện kế hoạch giám sát",
    country: true,
  },
  {
    key: "provincesCoordinated",
    row: "UBKT tỉnh ủy, thành ủy có văn bản phối hợp qua phoihop",
    sentence: "UBKT tỉnh ủy, thành ủy có văn bản phối hợp qua phoihop",
    country: true,
  },
  { key: "inspectionsCoordinated", row: "Cuộc kiểm tra có phối hợp", sentence: "cuộc kiểm tra có phối hợp" },
  { key: "supervisionsCoordinated", row: "Cuộc giám sát có phối hợp", sentence: "cuộc giám sát có phối hợp" },
  {
    key: "thematicPlansCoordinated",
    row: "Kế hoạch kiểm tra, giám sát chuyên đề có phối hợp",
    sentence: "kế hoạch kiểm tra, giám sát chuyên đề có sự phối hợp giữa hai bên",
  },
  {
    key: "staffRequestedByProvince",
    row: "Kế hoạch tỉnh ủy, thành ủy đề nghị UBKT Trung ương cử cán bộ tham gia",
    sentence:
      "kế hoạch kiểm tra, giám sát do tỉnh ủy, thành ủy đề nghị UBKT Đảng ủy Công an Trung ương cử cán bộ tham gia",
  },
  {
    key: "staffRequestedByCentral",
    row: "Kế hoạch UBKT Trung ương đề nghị tỉnh cử cán bộ tham gia",
    sentence: "kế hoạch kiểm tra, giám sát do UBKT Đảng ủy Công an Trung ương đề nghị cử cán bộ tham gia",
  },
  {
    key: "organisationsCoordinated",
    row: "Tổ chức đảng được kiểm tra, giám sát có phối hợp",
    sentence: "tổ chức đảng được kiểm tra, giám sát có phối hợp",
  },
  {
    key: "membersCoordinated",
    row: "Đảng viên được kiểm tra, giám sát có phối hợp",
    sentence: "đảng viên được kiểm tra, giám sát có phối hợp",
  },
  {
    key: "disciplinedCoordinated",
    row: "Đảng viên bị thi hành kỷ luật có phối hợp",
    sentence: "trường hợp thi hành kỷ luật đảng viên có sự phối hợp",
  },
  {
    key: "denunciationsCoordinated",
    row: "Tố cáo, khiếu nại kỷ luật đảng giải quyết có phối hợp",
    sentence: "đơn tố cáo, khiếu nại kỷ luật đảng được giải quyết có phối hợp",
  },
  {
    key: "answeredOnTime",
    row: "Yêu cầu phối hợp được trả lời đúng hạn",
    sentence: "yêu cầu phối hợp được trả lời đúng hạn",
  },
];

const shortDate = (iso: string) => shortDateVi(parseIsoDate(iso));

/** The figures the summary shows, each with its rate: the country-wide ones only in the national summary. */
function shownFigures(input: SummaryInput) {
  return FIGURES.flatMap((f) => {
    const rate = input.rates[f.key];
    return rate && (!f.country || input.committeeName === null) ? [{ f, rate }] : [];
  });
}

export function summaryRows(input: SummaryInput): FiguresRow[] {
  return shownFigures(input).map(({ f, rate: r }) => ({
    content: f.row,
    total: formatInteger(r.denominator),
    coordinated: formatInteger(r.numerator),
    rate: r.text,
  }));
}

export function summaryContent(input: SummaryInput): DocumentContent {
  const whose = input.committeeName ?? "UBKT Đảng ủy Công an Trung ương với UBKT các tỉnh ủy, thành ủy";
  const shown = shownFigures(input);
  const sentences: Block[] = shown.map(({ f, rate }) => ({ text: `- ${describeRate(f.sentence, rate)}.` }));
  const sources = [...new Set(shown.map(({ rate }) => rate.source))];
  return {
    subject: `tổng kết công tác phối hợp kiểm tra, giám sát ${input.periodLabel}${input.committeeName ? ` của ${input.committeeName}` : ""}`,
    recipients: ["Ban Thường vụ Đảng ủy Công an Trung ương"],
    body: [
      { text: "I- KẾT QUẢ PHỐI HỢP", heading: true },
      {
        text: `Kết quả thực hiện Quy chế phối hợp trong công tác kiểm tra, giám sát giữa ${whose}, ${input.periodLabel} (từ ngày ${shortDate(input.from)} đến ngày ${shortDate(input.to)}):`,
      },
      ...sentences,
      { text: "Số liệu chi tiết:" },
    ],
    rows: summaryRows(input),
    afterTable: [
      { text: "II- NGUỒN SỐ LIỆU", heading: true },
      ...(input.units !== null
        ? [
            {
              text: `Số UBKT tỉnh ủy, thành ủy tính theo danh bạ đơn vị hiệu lực trong kỳ: ${formatInteger(input.units)} đơn vị.`,
            },
          ]
        : []),
      {
        text: `Số liệu do ${formatInteger(input.submittedCommittees)} ủy ban gửi${input.recordedAfterFact ? `, trong đó ${formatInteger(input.recordedAfterFact)} bản số liệu do UBKT Trung ương ghi nhận sau` : ""}. Tỷ lệ tính trên số đếm (tử số/mẫu số); mẫu số bằng 0 thì tỷ lệ không xác định.`,
      },
      ...sources.map((s) => ({ text: `- ${upperFirst(s)}.` })),
    ],
  };
}
