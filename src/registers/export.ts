import { PassThrough, type Readable } from "node:stream";
import type { RegisterColumn } from "./columns.js";

/** Rows arrive page by page from the database (keyset), so neither the rows nor the file are ever all in memory. */
export type RowPages<R> = AsyncIterable<R[]>;

const WRAP_FROM_WIDTH = 20;

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * An .xlsx written by exceljs's streaming WorkbookWriter: each row is committed (serialised and dropped) as it
 * is written. Dates are Excel dates (dd/mm/yyyy), the header row repeats on every printed page, A4 landscape.
 */
export function streamXlsx<R>(p: {
  title: string;
  sheet: string;
  columns: RegisterColumn<R>[];
  pages: RowPages<R>;
}): Readable {
  const out = new PassThrough();
  // exceljs is loaded by the first export, not at start-up (~0.2 s of the service's cold start).
  (async () => {
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(p.sheet, {
      pageSetup: {
        paperSize: 9,
        orientation: "landscape",
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: "2:2",
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      },
      views: [{ state: "frozen", ySplit: 2 }],
    });
    // A styled cell costs exceljs a style lookup each (most of the export's time at 100,000 rows): only the dates
    // and the long texts, which must wrap to print, carry one.
    sheet.columns = p.columns.map((c) => ({
      key: c.key,
      width: c.width,
      ...(c.type === "date"
        ? { style: { numFmt: "dd/mm/yyyy" } }
        : c.width >= WRAP_FROM_WIDTH
          ? { style: { alignment: { wrapText: true, vertical: "top" } } }
          : {}),
    }));
    const title = sheet.addRow([p.title]);
    title.font = { bold: true, size: 14 };
    title.commit();
    const header = sheet.addRow(p.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
    header.commit();
    for await (const rows of p.pages) {
      for (const row of rows) {
        sheet
          .addRow(
            p.columns.map((c) => {
              const v = c.value(row);
              return c.type === "date" && typeof v === "string" ? toDate(v) : (v ?? "");
            }),
          )
          .commit();
      }
    }
    sheet.commit();
    await workbook.commit();
  })().catch((err) => out.destroy(err));
  return out;
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  return /[",\r\n;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const viDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** CSV (RFC 4180, UTF-8 with a BOM so Excel reads the Vietnamese), dates as dd/mm/yyyy. */
export async function* csvLines<R>(columns: RegisterColumn<R>[], pages: RowPages<R>): AsyncGenerator<string> {
  yield `\uFEFF${columns.map((c) => csvCell(c.header)).join(",")}\r\n`;
  for await (const rows of pages) {
    let chunk = "";
    for (const row of rows) {
      chunk += `${columns
        .map((c) => {
          const v = c.value(row);
          return csvCell(c.type === "date" && typeof v === "string" ? viDate(v) : v);
        })
        .join(",")}\r\n`;
    }
    yield chunk;
  }
}
