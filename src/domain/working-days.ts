/**
 * Working days and deadlines for public servants in Vietnam (DOMAIN.md "Working days and deadlines").
 *
 * The days off are data, one JSON file per year in `data/holidays/`, read once at start: the government fixes Tết,
 * the Quốc khánh neighbour day and the swaps anew every year, and lunar libraries get some Vietnamese dates wrong.
 * Every date here is a calendar date in Asia/Ho_Chi_Minh; instants only enter through `dateInVietnam`, so the
 * machine's time zone never matters.
 *
 * A year without a file answers with weekends only and is recorded in `missingYears()` (or throws, if asked), so a
 * forgotten file degrades deadlines by a few days and shows in readiness instead of stopping production.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { type CalendarDate, dateInVietnam, isoDate, parseIsoDate } from "./vn-format.js";

const DAY_MS = 86_400_000;
const SATURDAY = 6;
const SUNDAY = 0;
/** Asia/Ho_Chi_Minh has been UTC+7 without DST since 1975, so a fixed offset is exact for every date we handle. */
const VIETNAM_UTC_OFFSET_HOURS = 7;

export const HOLIDAY_DATA_DIR = fileURLToPath(new URL("./reference-data/holidays/", import.meta.url));

// ---------- Calendar dates as day numbers (UTC arithmetic only, never local time) ----------

export type DateInput = CalendarDate | string;

const toDayNumber = ({ year, month, day }: CalendarDate): number => Date.UTC(year, month - 1, day) / DAY_MS;

function fromDayNumber(dayNumber: number): CalendarDate {
  const d = new Date(dayNumber * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const weekdayOf = (dayNumber: number): number => new Date(dayNumber * DAY_MS).getUTCDay();

/** `parseIsoDate` accepts 2026-02-30; a deadline table must not. */
function isRealIsoDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  return isoDate(fromDayNumber(toDayNumber(parseIsoDate(iso)))) === iso;
}

function toCalendarDate(input: DateInput): CalendarDate {
  const iso = typeof input === "string" ? input : isoDate(input);
  if (!isRealIsoDate(iso)) throw new RangeError(`not a calendar date: ${iso}`);
  return parseIsoDate(iso);
}

// ---------- The data files ----------

const IsoDateSchema = z
  .string()
  .refine(isRealIsoDate, { message: "expected a real date written YYYY-MM-DD" });
const TextSchema = z.string().trim().min(1);

const DayOffSchema = z.strictObject({
  date: IsoDateSchema,
  name: TextSchema,
  /** holiday: a day of Điều 112; compensatory: nghỉ bù (Điều 111 khoản 3); swap: nghỉ hoán đổi, made up on a Saturday. */
  kind: z.enum(["holiday", "compensatory", "swap"]),
  source: TextSchema,
  confirmed: z.boolean(),
  note: z.string().optional(),
});

const WorkingSaturdaySchema = z.strictObject({
  date: IsoDateSchema,
  name: TextSchema,
  source: TextSchema,
  confirmed: z.boolean(),
  note: z.string().optional(),
});

export const HolidayYearSchema = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    notes: z.array(z.string()).optional(),
    daysOff: z.array(DayOffSchema),
    workingSaturdays: z.array(WorkingSaturdaySchema),
  })
  .superRefine(checkYearConsistency);

export type DayOff = z.infer<typeof DayOffSchema>;
export type WorkingSaturday = z.infer<typeof WorkingSaturdaySchema>;
export type HolidayYear = z.infer<typeof HolidayYearSchema>;

type YearDraft = Pick<HolidayYear, "year" | "daysOff" | "workingSaturdays">;
type IssueSink = { addIssue(issue: { code: "custom"; path: (string | number)[]; message: string }): void };

/** The cross-field mistakes an editor makes by hand: a date copied from last year, a make-up day that is a Friday. */
function checkYearConsistency(data: YearDraft, ctx: IssueSink): void {
  const report = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  const inYear = (date: string) => date.startsWith(`${data.year}-`);
  const seen = new Set<string>();
  data.daysOff.forEach(({ date }, i) => {
    if (!inYear(date)) report(["daysOff", i, "date"], `${date} is not in ${data.year}`);
    if (seen.has(date)) report(["daysOff", i, "date"], `${date} is listed twice`);
    seen.add(date);
  });
  data.workingSaturdays.forEach(({ date }, i) => {
    if (!inYear(date)) report(["workingSaturdays", i, "date"], `${date} is not in ${data.year}`);
    const weekday = weekdayOf(toDayNumber(parseIsoDate(date)));
    if (weekday !== SATURDAY) report(["workingSaturdays", i, "date"], `${date} is not a Saturday`);
    if (seen.has(date)) report(["workingSaturdays", i, "date"], `${date} is also listed as a day off`);
  });
}

export class HolidayDataError extends Error {
  override name = "HolidayDataError";
}

/** ["daysOff", 3, "date"] → "daysOff[3].date", the way an editor finds the line. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : `${out ? "." : ""}${String(key)}`;
  return out || "(top level)";
}

/** Validates one year's data; the error names the file and each failing field ("daysOff[3].date: …"). */
export function parseHolidayYear(raw: unknown, file: string): HolidayYear {
  const result = HolidayYearSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
  throw new HolidayDataError(`invalid holiday data in ${file}:\n${lines.join("\n")}`);
}

function readHolidayFile(dir: string, file: string): HolidayYear {
  const path = join(dir, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new HolidayDataError(`cannot read holiday data ${path}: ${(error as Error).message}`);
  }
  const data = parseHolidayYear(raw, path);
  if (file !== `${data.year}.json`) {
    throw new HolidayDataError(
      `invalid holiday data in ${path}:\n  year: ${data.year} does not match the file name`,
    );
  }
  return data;
}

/** Reads every `YYYY.json` in `dir`. Files, not imports, so a new year needs no release. */
export function loadHolidayYears(dir: string = HOLIDAY_DATA_DIR): HolidayYear[] {
  const files = readdirSync(dir).filter((file) => /^\d{4}\.json$/.test(file));
  return files.sort().map((file) => readHolidayFile(dir, file));
}

let bundled: HolidayYear[] | undefined;
/** The shipped data, read on first use; build the app's calendar once at start so a bad file stops the start. */
export function bundledHolidayYears(): HolidayYear[] {
  bundled ??= loadHolidayYears();
  return bundled;
}

// ---------- The calendar ----------

export class MissingHolidayYearError extends Error {
  override name = "MissingHolidayYearError";
  constructor(readonly year: number) {
    super(`no holiday data for ${year}: add ${year}.json to ${HOLIDAY_DATA_DIR}`);
  }
}

export interface CalendarOptions {
  /** "weekends" (default): answer with Saturdays and Sundays only and record the year; "throw": MissingHolidayYearError. */
  onMissingYear?: "weekends" | "throw";
}

export interface WorkingCalendar {
  /** Mon–Fri that is not a day off, or a listed make-up Saturday. */
  isWorkingDay(date: DateInput): boolean;
  /** The day off listed for a date (with its name and source), if any. */
  dayOffOn(date: DateInput): DayOff | undefined;
  /** The date itself when it is a working day, else the first working day after it (BLDS 2015, Điều 148). */
  nextWorkingDay(date: DateInput): CalendarDate;
  /** The n-th working day after `start` (start is day 0; Friday + 1 = Monday); n = 0 gives nextWorkingDay(start); n < 0 counts back. */
  addWorkingDays(start: DateInput, n: number): CalendarDate;
  /** Working days after `a` up to and including `b`; negative when b is before a. */
  workingDaysBetween(a: DateInput, b: DateInput): number;
  /** The instant the due day ends (`endOfDay`, "HH:MM", Hà Nội time; "24:00" for the BLDS end of day). */
  deadlineInstant(start: Date, n: number, endOfDay?: string): Date;
  coveredYears(): number[];
  /** Years asked about that have no data: those answers counted weekends only. For readiness. */
  missingYears(): number[];
  /** Entries still marked `"confirmed": false`, to show until someone checks them against the notice. */
  unconfirmed(): Array<DayOff | WorkingSaturday>;
}

interface CalendarIndex {
  daysOff: Map<string, DayOff>;
  workingSaturdays: Set<string>;
  years: Set<number>;
}

function indexYears(years: readonly HolidayYear[]): CalendarIndex {
  const index: CalendarIndex = { daysOff: new Map(), workingSaturdays: new Set(), years: new Set() };
  for (const data of years) {
    if (index.years.has(data.year))
      throw new HolidayDataError(`holiday data for ${data.year} is given twice`);
    index.years.add(data.year);
    for (const dayOff of data.daysOff) index.daysOff.set(dayOff.date, dayOff);
    for (const saturday of data.workingSaturdays) index.workingSaturdays.add(saturday.date);
  }
  return index;
}

function parseClock(endOfDay: string): { hours: number; minutes: number } {
  const m = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/.exec(endOfDay);
  if (!m) throw new RangeError(`end of day must be HH:MM between 00:00 and 24:00: ${endOfDay}`);
  return { hours: Number(m[1] ?? m[3]), minutes: Number(m[2] ?? m[4]) };
}

function requireInteger(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`a number of working days must be an integer: ${n}`);
}

export function createCalendar(
  years: readonly HolidayYear[] = bundledHolidayYears(),
  options: CalendarOptions = {},
): WorkingCalendar {
  const index = indexYears(years);
  const missing = new Set<number>();
  const onMissingYear = options.onMissingYear ?? "weekends";

  function noteYear(date: CalendarDate): void {
    if (index.years.has(date.year)) return;
    if (onMissingYear === "throw") throw new MissingHolidayYearError(date.year);
    missing.add(date.year);
  }

  function isWorkingDayNumber(dayNumber: number): boolean {
    const date = fromDayNumber(dayNumber);
    noteYear(date);
    const iso = isoDate(date);
    if (index.workingSaturdays.has(iso)) return true;
    const weekday = weekdayOf(dayNumber);
    if (weekday === SATURDAY || weekday === SUNDAY) return false;
    return !index.daysOff.has(iso);
  }

  function nextWorkingDayNumber(dayNumber: number): number {
    let day = dayNumber;
    while (!isWorkingDayNumber(day)) day += 1;
    return day;
  }

  function addWorkingDays(start: DateInput, n: number): CalendarDate {
    requireInteger(n);
    let day = toDayNumber(toCalendarDate(start));
    if (n === 0) return fromDayNumber(nextWorkingDayNumber(day));
    const step = Math.sign(n);
    for (let left = Math.abs(n); left > 0; ) {
      day += step;
      if (isWorkingDayNumber(day)) left -= 1;
    }
    return fromDayNumber(day);
  }

  function workingDaysBetween(a: DateInput, b: DateInput): number {
    const from = toDayNumber(toCalendarDate(a));
    const to = toDayNumber(toCalendarDate(b));
    if (to < from) return -workingDaysBetween(b, a);
    let count = 0;
    for (let day = from + 1; day <= to; day += 1) if (isWorkingDayNumber(day)) count += 1;
    return count;
  }

  function deadlineInstant(start: Date, n: number, endOfDay = "17:00"): Date {
    const { hours, minutes } = parseClock(endOfDay);
    const due = addWorkingDays(dateInVietnam(start), n);
    return new Date(Date.UTC(due.year, due.month - 1, due.day, hours - VIETNAM_UTC_OFFSET_HOURS, minutes));
  }

  return {
    isWorkingDay: (date) => isWorkingDayNumber(toDayNumber(toCalendarDate(date))),
    dayOffOn: (date) => index.daysOff.get(isoDate(toCalendarDate(date))),
    nextWorkingDay: (date) => fromDayNumber(nextWorkingDayNumber(toDayNumber(toCalendarDate(date)))),
    addWorkingDays,
    workingDaysBetween,
    deadlineInstant,
    coveredYears: () => [...index.years].sort((x, y) => x - y),
    missingYears: () => [...missing].sort((x, y) => x - y),
    unconfirmed: () =>
      years
        .flatMap((data) => [...data.daysOff, ...data.workingSaturdays])
        .filter((entry) => !entry.confirmed),
  };
}
