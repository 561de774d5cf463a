/** Vietnamese formatting for party documents (DOMAIN.md "Dates", "Numbers"). Pure. */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function parseIsoDate(iso: string): CalendarDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** Day below 10 and the months 1 and 2 take a leading zero: "ngày 05 tháng 3", "ngày 20 tháng 02". */
export function dayMonthVi({ day, month }: CalendarDate): string {
  const monthText = month <= 2 ? pad2(month) : String(month);
  return `ngày ${pad2(day)} tháng ${monthText}`;
}

/** "ngày 05 tháng 3 năm 2026" */
export function longDateVi(date: CalendarDate): string {
  return `${dayMonthVi(date)} năm ${date.year}`;
}

/** The place-and-date line: "Hà Nội, ngày 05 tháng 3 năm 2026". */
export function dateLine(place: string, date: CalendarDate): string {
  return `${place}, ${longDateVi(date)}`;
}

/** "05/3/2026" as used inside body text. */
export function shortDateVi({ day, month, year }: CalendarDate): string {
  return `${pad2(day)}/${month <= 2 ? pad2(month) : month}/${year}`;
}

/** The hour a report is due on its due day: the reply policy's end of day. */
export const DUE_HOUR = "17:00";

/**
 * The one way a report's due day is written, wherever it is shown (the schedule page, the request's e-mail, the
 * submission form, the report itself): "17:00 ngày 27/3/2026".
 */
export const dueDayText = (isoDay: string): string => `${DUE_HOUR} ngày ${shortDateVi(parseIsoDate(isoDay))}`;

// Hà Nội has kept UTC+7 without daylight saving since 1975: from then on its wall clock is plain arithmetic,
// several times cheaper than formatToParts on a page that writes a date per row. Earlier instants ask the
// time-zone database.
const HANOI_OFFSET_MS = 7 * 3600_000;
const FIXED_OFFSET_SINCE = Date.UTC(1975, 5, 13);

/** The calendar date in Asia/Ho_Chi_Minh of an instant. */
const vietnamDayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Ho_Chi_Minh",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

export function dateInVietnam(instant: Date): CalendarDate {
  if (instant.getTime() >= FIXED_OFFSET_SINCE) {
    const wall = new Date(instant.getTime() + HANOI_OFFSET_MS);
    return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
  }
  const parts = vietnamDayFormat.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month"), day: get("day") };
}

export function isoDate({ year, month, day }: CalendarDate): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

// ---------- Instants in Vietnam time: the one way screens, registers, mail and letters write them ----------

const vietnamWallClock = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Ho_Chi_Minh",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** The wall clock in Asia/Ho_Chi_Minh of an instant. */
export function wallClockInVietnam(instant: Date): CalendarDate & { hour: number; minute: number } {
  if (instant.getTime() >= FIXED_OFFSET_SINCE) {
    const wall = new Date(instant.getTime() + HANOI_OFFSET_MS);
    return {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
    };
  }
  const parts = vietnamWallClock.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
  };
}

/** "10:00": hours and minutes of Vietnam time, 24-hour. */
export function clockTimeVi(instant: Date): string {
  const { hour, minute } = wallClockInVietnam(instant);
  return `${pad2(hour)}:${pad2(minute)}`;
}

/** "05/03/2026": a date in a table or a form (screens, register exports), every part padded. */
export function numericDateVi({ day, month, year }: CalendarDate): string {
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

/** "05/03/2026 10:00": an instant in a table or a form, in Vietnam time. */
export function numericDateTimeVi(instant: Date): string {
  return `${numericDateVi(wallClockInVietnam(instant))} ${clockTimeVi(instant)}`;
}

/** "17:00 ngày 12/3/2026": a deadline in a sentence (letters, mail), as a report's due day is written. */
export function deadlineTextVi(instant: Date): string {
  return `${clockTimeVi(instant)} ngày ${shortDateVi(wallClockInVietnam(instant))}`;
}

const integerVi = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });
/** "1.234.567" */
export function formatInteger(n: number): string {
  return integerVi.format(n);
}

/** A number counted from 01: "07". */
export function documentNumberText(n: number): string {
  return pad2(n);
}

/** "07-CV/UBKTTU" — the symbol without "Số". */
export function documentSymbol(number: number, typeCode: string, issuerAbbr: string): string {
  return `${documentNumberText(number)}-${typeCode}/${issuerAbbr}`;
}

/** "Số 07-CV/UBKTTU": no colon after "Số" in party documents. */
export function numberLine(number: number, typeCode: string, issuerAbbr: string): string {
  return `Số ${documentSymbol(number, typeCode, issuerAbbr)}`;
}

const DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
function digitWord(d: number): string {
  const word = DIGITS[d];
  if (word === undefined) throw new Error(`Not a digit: ${d}`);
  return word;
}
/** Counts in words where documents use them ("02 (hai) đồng chí"); 0–99 is what letters need. */
export function countInWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return formatInteger(n);
  if (n < 10) return digitWord(n);
  const tens = Math.floor(n / 10);
  const unit = n % 10;
  const head = tens === 1 ? "mười" : `${DIGITS[tens]} mươi`;
  if (unit === 0) return head;
  const tail =
    unit === 5 ? "lăm" : unit === 1 && tens > 1 ? "mốt" : unit === 4 && tens > 1 ? "tư" : digitWord(unit);
  return `${head} ${tail}`;
}

/** Recipients one per line: "- A;" … the last ending with ".". A single recipient stands alone. */
export function recipientLines(names: readonly string[]): string[] {
  if (names.length === 1) return [`${names[0]}.`];
  return names.map((n, i) => `- ${n}${i === names.length - 1 ? "." : ";"}`);
}

/** "02 (hai)": a count with its leading zero and in words, as letters write the number of people or copies. */
export function countWithWords(n: number): string {
  return `${documentNumberText(n)} (${countInWords(n)})`;
}

const percentVi = new Intl.NumberFormat("vi-VN", {
  style: "percent",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** A fraction as the committees publish it: 0.920634… → "92,06%" (two decimals, decimal comma). */
export function formatPercent(fraction: number): string {
  return percentVi.format(fraction);
}

/** What a rate with nothing to divide by prints: 0% would claim a result that was never measured. */
export const UNDEFINED_RATE = "không xác định";

/**
 * A rate from recorded counts (DOMAIN.md "Numbers"): 58 of 63 → "92,06%". Rounded in basis points on
 * integers so 13/147 gives 8,84% and never a float artefact; a zero total gives UNDEFINED_RATE.
 */
export function formatRate(part: number, total: number): string {
  if (total === 0) return UNDEFINED_RATE;
  return formatPercent(Math.round((part * 10_000) / total) / 10_000);
}
