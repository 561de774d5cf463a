/**
 * Which periods a schedule may run: only a period of the schedule's own type whose figures have closed (its
 * cut-off day is over). A run for an open or future period would issue numbered reports with nothing to report and,
 * because runs are keyed by period, would make the real run later do nothing; a month on a quarterly schedule is
 * not one of its periods at all. The refusal says why, in Vietnamese, naming `periodKey`.
 */
import { parseIsoDate, shortDateVi } from "../domain/vn-format.js";
import { AppError } from "../errors.js";
import { type CutoffRule, type Period, type PeriodType, periodDates, safeParsePeriodKey } from "./periods.js";

export const PERIOD_TYPE_NAMES: Record<PeriodType, string> = {
  month: "tháng",
  quarter: "quý",
  half: "6 tháng",
  nine_months: "9 tháng",
  year: "năm",
  term: "nhiệm kỳ",
};

const refuse = (message: string, field: string) =>
  new AppError("validation_failed", message, [{ field: "periodKey", message: field }]);

export function runnablePeriod(
  schedule: { code: string; periodType: PeriodType; cutoff: CutoffRule },
  key: string,
  now: Date,
): Period {
  const parsed = safeParsePeriodKey(key);
  if (!parsed.ok) throw refuse(parsed.error.message, parsed.error.message);
  const period = parsed.period;
  if (period.type !== schedule.periodType) {
    const wanted = PERIOD_TYPE_NAMES[schedule.periodType];
    throw refuse(
      `Lịch ${schedule.code} báo cáo theo ${wanted}; kỳ ${key} là kỳ ${PERIOD_TYPE_NAMES[period.type]}, không phải kỳ của lịch này.`,
      `phải là kỳ ${wanted}`,
    );
  }
  const { to, closesAt } = periodDates(period, schedule.cutoff);
  if (now < closesAt) {
    const last = shortDateVi(parseIsoDate(to));
    throw refuse(
      `Kỳ ${key} chưa kết thúc: số liệu chốt hết ngày ${last}. Chỉ chạy báo cáo cho kỳ đã kết thúc.`,
      `kỳ chưa kết thúc (chốt hết ngày ${last})`,
    );
  }
  return period;
}
