import type { DocumentType } from "./kinds/kind.js";

/** Party document types this service issues (Hướng dẫn 36-HD/VPTW): code → name and printed title. */
export const DOCUMENT_TYPES: Record<DocumentType, { name: string; title: string | null }> = {
  CV: { name: "Công văn", title: null },
  KH: { name: "Kế hoạch", title: "KẾ HOẠCH" },
  CTr: { name: "Chương trình", title: "CHƯƠNG TRÌNH" },
  TB: { name: "Thông báo", title: "THÔNG BÁO" },
  BC: { name: "Báo cáo", title: "BÁO CÁO" },
};
