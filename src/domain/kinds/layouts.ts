// The built-in layouts (templates/<name>.docx): which document type each prints, whether it has "Kính gửi",
// and the columns of its table. Kinds fill `DocumentContent.rows` with these keys; templates/build.ts draws the
// columns. "stt" is numbered by document-data.ts, so kinds leave it out.
import type { DocumentType } from "./kind.js";

export interface TableColumn {
  key: string;
  header: string;
  /** Share of the text width, in per cent; a layout's columns add up to 100. */
  widthPct: number;
  align: "left" | "center" | "right";
}

export interface LayoutSpec {
  type: DocumentType;
  /** Only a công văn has "Kính gửi:" (DOMAIN.md); other types name their recipients under "Nơi nhận:". */
  addressee: boolean;
  table: readonly TableColumn[] | null;
}

const stt: TableColumn = { key: "stt", header: "STT", widthPct: 8, align: "center" };

export const TEAM_COLUMNS = [
  stt,
  { key: "name", header: "Họ và tên", widthPct: 26, align: "left" },
  { key: "position", header: "Chức vụ", widthPct: 38, align: "left" },
  { key: "role", header: "Nhiệm vụ trong Đoàn", widthPct: 28, align: "left" },
] as const satisfies readonly TableColumn[];

export const PROGRAMME_COLUMNS = [
  stt,
  { key: "content", header: "Nội dung", widthPct: 38, align: "left" },
  { key: "time", header: "Thời gian", widthPct: 16, align: "center" },
  { key: "lead", header: "Đơn vị chủ trì", widthPct: 19, align: "left" },
  { key: "partner", header: "Đơn vị phối hợp", widthPct: 19, align: "left" },
] as const satisfies readonly TableColumn[];

export const FIGURES_COLUMNS = [
  stt,
  { key: "content", header: "Nội dung", widthPct: 47, align: "left" },
  { key: "total", header: "Tổng số", widthPct: 14, align: "right" },
  { key: "coordinated", header: "Có phối hợp", widthPct: 15, align: "right" },
  { key: "rate", header: "Tỷ lệ", widthPct: 16, align: "right" },
] as const satisfies readonly TableColumn[];

type RowOf<C extends readonly TableColumn[]> = Record<Exclude<C[number]["key"], "stt">, string>;
export type TeamRow = RowOf<typeof TEAM_COLUMNS>;
export type ProgrammeRow = RowOf<typeof PROGRAMME_COLUMNS>;
export type FiguresRow = RowOf<typeof FIGURES_COLUMNS>;

export const LAYOUTS = {
  "cong-van": { type: "CV", addressee: true, table: null },
  "ke-hoach": { type: "KH", addressee: false, table: TEAM_COLUMNS },
  "chuong-trinh": { type: "CTr", addressee: false, table: PROGRAMME_COLUMNS },
  "thong-bao": { type: "TB", addressee: false, table: null },
  "bao-cao": { type: "BC", addressee: false, table: FIGURES_COLUMNS },
} as const satisfies Record<string, LayoutSpec>;

export type LayoutName = keyof typeof LAYOUTS;
export const LAYOUT_NAMES = Object.keys(LAYOUTS) as LayoutName[];
