/**
 * Figures of past periods recorded after the fact by the central committee's admin: one CSV or XLSX table, one row
 * per unit and period, checked whole before anything is written. Every problem is reported with its row and column
 * (row 1 is the header), and one problem means nothing is written: all or nothing. The rows written are marked
 * recorded after the fact, with who (the token) and when, and share one import id.
 *
 * Columns: `committee` (the unit's code), `periodKey` (2019, 2020-Q3, NK2015-2020, …), `note` (optional), and for
 * each figure `<name>_total` and `<name>_coordinated` (inspections, supervisions, organisations, members,
 * denunciations, disciplined; thematicPlans, staffRequestedByProvince, staffRequestedByCentral may be left empty).
 *
 * A unit counts only for the periods the registry had it (a unit merged away on 1/7/2025 has no figures for 2026),
 * and a period must have ended. Parsing: csv-parse (RFC 4180, BOM) and exceljs (the first worksheet).
 */
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import type pg from "pg";
import type { Principal } from "../auth/tokens.js";
import { mustFind, withTransaction } from "../db/db.js";
import { listUnitValidities } from "../db/queries/committees.js";
import { insertReportSubmission, listCurrentSubmissionsOf } from "../db/queries/report-submissions.js";
import type { ErrorDetail } from "../errors.js";
import { AppError } from "../errors.js";
import { periodDates, safeParsePeriodKey } from "./periods.js";
import { FIGURE_LABELS, type FigureName, OPTIONAL_FIGURES, SUBMISSION_CUTOFF } from "./submissions.js";

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 20_000;
const MAX_PROBLEMS = 200;
/** The row number in a problem's field ("rows[12].periodKey" → 12); NaN for a field without one. */
const rowOf = (field: string | undefined) => Number(/\d+/.exec(field ?? "")?.[0]);

export interface TableRow {
  /** The row's number in the file as a person sees it (1 is the header). */
  row: number;
  cells: Record<string, string>;
}

const FIGURE_COLUMNS = (Object.keys(FIGURE_LABELS) as FigureName[]).flatMap((n) => [
  `${n}_total`,
  `${n}_coordinated`,
]);
export const IMPORT_COLUMNS = ["committee", "periodKey", "note", ...FIGURE_COLUMNS];

function tableError(message: string): AppError {
  return new AppError("validation_failed", message, [{ field: "body", message }]);
}

export function readCsvTable(bytes: Buffer): { header: string[]; rows: TableRow[] } {
  let records: string[][];
  try {
    records = parse(bytes, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (err) {
    throw tableError(`Không đọc được tệp CSV: ${(err as Error).message}`);
  }
  const [header = [], ...body] = records;
  return {
    header,
    rows: body.map((cells, i) => ({
      row: i + 2,
      cells: Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ""])),
    })),
  };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
    return String(value).trim();
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object" && "result" in value) return cellText(value.result as ExcelJS.CellValue);
  if (typeof value === "object" && "richText" in value)
    return value.richText
      .map((r) => r.text)
      .join("")
      .trim();
  if (typeof value === "object" && "text" in value) return String(value.text).trim();
  return String(value).trim();
}

export async function readXlsxTable(bytes: Buffer): Promise<{ header: string[]; rows: TableRow[] }> {
  // Loaded by the first import, not at start-up (exceljs is ~0.2 s of the service's cold start).
  const { default: Excel } = await import("exceljs");
  const book = new Excel.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw tableError(`Không đọc được tệp XLSX: ${(err as Error).message}`);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw tableError("Tệp XLSX không có trang tính nào");
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    header[col - 1] = cellText(cell.value);
  });
  const rows: TableRow[] = [];
  sheet.eachRow((r, number) => {
    if (number === 1) return;
    const cells = Object.fromEntries(header.map((h, j) => [h, cellText(r.getCell(j + 1).value)]));
    if (Object.values(cells).some((v) => v !== "")) rows.push({ row: number, cells });
  });
  return { header, rows };
}

interface UnitValidity {
  id: number;
  code: string;
  validFrom: string;
  validTo: string | null;
}

interface CheckedRow {
  row: number;
  committeeId: number;
  periodKey: string;
  figures: Record<string, { total: number; coordinated: number }>;
  note: string;
}

/** Every problem of the table, each naming its row and column; and the rows as they would be written. */
export function checkTable(
  table: { header: string[]; rows: TableRow[] },
  units: Map<string, UnitValidity>,
  now: Date,
): { rows: CheckedRow[]; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const problem = (row: number, column: string, message: string) =>
    problems.push({ field: `rows[${row}].${column}`, location: `dòng ${row}, cột ${column}`, message });
  for (const [i, h] of table.header.entries())
    if (!IMPORT_COLUMNS.includes(h))
      problem(1, h || `#${i + 1}`, `cột không được hỗ trợ; các cột: ${IMPORT_COLUMNS.join(", ")}`);
  for (const required of ["committee", "periodKey"])
    if (!table.header.includes(required)) problem(1, required, "thiếu cột bắt buộc");
  if (!table.rows.length) problem(2, "committee", "bảng không có dòng số liệu nào");
  if (table.rows.length > MAX_ROWS) problem(MAX_ROWS + 2, "committee", `tối đa ${MAX_ROWS} dòng một lần`);
  const rows: CheckedRow[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows.slice(0, MAX_ROWS)) {
    if (problems.length >= MAX_PROBLEMS) break;
    const before = problems.length;
    const code = (cells.committee ?? "").normalize("NFC");
    const unit = units.get(code);
    if (!unit) problem(row, "committee", code ? `không có đơn vị mã ${code} trong danh bạ` : "bắt buộc");
    const key = cells.periodKey ?? "";
    const parsed = safeParsePeriodKey(key);
    let dates: { from: string; to: string; closesAt: Date } | null = null;
    if (!parsed.ok) problem(row, "periodKey", parsed.error.message);
    else {
      dates = periodDates(parsed.period, SUBMISSION_CUTOFF);
      if (dates.closesAt > now)
        problem(row, "periodKey", `kỳ ${key} chưa kết thúc (đến hết ngày ${dates.to})`);
    }
    if (unit && dates && (unit.validFrom > dates.to || (unit.validTo !== null && unit.validTo < dates.from)))
      problem(
        row,
        "committee",
        `đơn vị ${code} không có trong danh bạ trong kỳ ${key} (hiệu lực ${unit.validFrom} – ${unit.validTo ?? "nay"})`,
      );
    const figures: CheckedRow["figures"] = {};
    for (const name of Object.keys(FIGURE_LABELS) as FigureName[]) {
      const cols = [`${name}_total`, `${name}_coordinated`] as const;
      const raw = cols.map((col) => ({ col, v: (cells[col] ?? "").trim() }));
      if (raw.every(({ v }) => v === "") && OPTIONAL_FIGURES.includes(name)) continue;
      const [total, coordinated] = raw.map(({ col, v }) => {
        const wrong =
          v === "" ? "bắt buộc" : /^\d{1,9}$/.test(v) ? null : `phải là số nguyên không âm, nhận được “${v}”`;
        if (wrong) problem(row, col, wrong);
        return wrong ? null : Number(v);
      }) as [number | null, number | null];
      if (total !== null && coordinated !== null) {
        if (coordinated > total)
          problem(row, cols[1], `số có phối hợp (${coordinated}) không được lớn hơn tổng số (${total})`);
        figures[name] = { total, coordinated };
      }
    }
    const pair = `${code} ${key}`;
    if (unit && parsed.ok && seen.has(pair))
      problem(row, "periodKey", `trùng với dòng ${seen.get(pair)} (${code}, ${key})`);
    else seen.set(pair, row);
    if (problems.length === before && unit)
      rows.push({
        row,
        committeeId: unit.id,
        periodKey: key,
        figures,
        note: (cells.note ?? "").trim().slice(0, 2000),
      });
  }
  return { rows, problems };
}

export interface ImportOutcome {
  importId: string;
  inserted: number;
  rows: { row: number; committee: string; periodKey: string }[];
}

/** Checks the whole table, then writes every row in one transaction, or nothing (400 naming each row and column). */
export async function importPastFigures(
  deps: { db: pg.Pool; clock: { now(): Date } },
  actor: Principal,
  table: { header: string[]; rows: TableRow[] },
): Promise<ImportOutcome> {
  const now = deps.clock.now();
  const unitRows = await listUnitValidities(deps.db);
  const units = new Map(unitRows.map((u) => [u.code, u]));
  const codes = new Map(unitRows.map((u) => [u.id, u.code]));
  const importId = randomUUID();
  return withTransaction(deps.db, async (tx) => {
    const { rows, problems } = checkTable(table, units, now);
    // Figures already there are corrected by their committee (PUT), never overwritten by an import.
    const existing = await listCurrentSubmissionsOf(tx, rows);
    for (const e of existing) {
      const r = mustFind(
        rows.find((x) => x.committeeId === e.committeeId && x.periodKey === e.periodKey),
        `the imported row of committee ${e.committeeId} for ${e.periodKey}`,
      );
      problems.push({
        field: `rows[${r.row}].periodKey`,
        location: `dòng ${r.row}, cột periodKey`,
        message: `${codes.get(e.committeeId)} đã có số liệu kỳ ${e.periodKey} (bản ${e.version}); không ghi đè`,
      });
    }
    if (problems.length) {
      throw new AppError(
        "validation_failed",
        `Bảng số liệu có ${problems.length}${problems.length >= MAX_PROBLEMS ? "+" : ""} lỗi; chưa ghi dòng nào (nhập tất cả hoặc không nhập gì).`,
        problems.sort((a, b) => rowOf(a.field) - rowOf(b.field)),
      );
    }
    for (const r of rows) {
      await insertReportSubmission(tx, {
        committeeId: r.committeeId,
        periodKey: r.periodKey,
        version: 1,
        figures: r.figures,
        reason: null,
        note: r.note,
        submittedBy: actor.tokenId,
        submittedAt: now,
        importId,
      });
    }
    return {
      importId,
      inserted: rows.length,
      rows: rows.map((r) => ({
        row: r.row,
        committee: mustFind(codes.get(r.committeeId), `the code of committee ${r.committeeId}`),
        periodKey: r.periodKey,
      })),
    };
  });
}
