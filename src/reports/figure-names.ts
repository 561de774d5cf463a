// The figures a committee reports and how a person reads them. Pure: the pages import it without the database.

/**
 * The pairs a committee reports (total, of which with coordination), with how a person reads each one: what the
 * committees publish in their term reviews (the 2015–2020 review: inspection and supervision plans, thematic plans,
 * plans where the province asked the central committee to send staff and the reverse, organisations and members
 * inspected, disciplinary cases, denunciations and appeals handled together).
 */
export const FIGURE_LABELS = {
  inspections: "cuộc kiểm tra",
  supervisions: "cuộc giám sát",
  organisations: "tổ chức đảng được kiểm tra, giám sát",
  members: "đảng viên được kiểm tra, giám sát",
  denunciations: "đơn tố cáo, khiếu nại kỷ luật đảng đã giải quyết",
  disciplined: "đảng viên bị thi hành kỷ luật",
  thematicPlans: "kế hoạch kiểm tra, giám sát chuyên đề",
  staffRequestedByProvince:
    "kế hoạch kiểm tra, giám sát (trong đó: tỉnh ủy, thành ủy đề nghị UBKT Trung ương cử cán bộ)",
  staffRequestedByCentral: "kế hoạch kiểm tra, giám sát (trong đó: UBKT Trung ương đề nghị tỉnh cử cán bộ)",
} as const;
export type FigureName = keyof typeof FIGURE_LABELS;
/** Added with the term reviews: optional, so submissions made before them stay valid (absent = not reported). */
export const OPTIONAL_FIGURES: readonly FigureName[] = [
  "thematicPlans",
  "staffRequestedByProvince",
  "staffRequestedByCentral",
];
