import type { FC } from "hono/jsx";
import type { ApiError } from "../api-client.js";
import type { PeriodType } from "../../reports/periods.js";
import { fieldId } from "../layout.js";

// What the report pages share: the API's schedule and committee shapes, their words, and a form field.

export interface Schedule {
  id: string;
  code: string;
  name: string;
  from: string;
  target: string;
  periodType: PeriodType;
  cutoff: { closesOnDay: number | "last"; dueWorkingDays: number };
  active: boolean;
  cron: string | null;
  tz: string;
}

export interface Committee {
  code: string;
  name: string;
}

export const PERIOD_TYPE_LABELS: Record<PeriodType, string> = {
  month: "Hằng tháng",
  quarter: "Hằng quý",
  half: "6 tháng",
  nine_months: "9 tháng đầu năm",
  year: "Hằng năm",
  term: "Nhiệm kỳ",
};

export function targetLabel(target: string, committees: Committee[]): string {
  if (target === "group:provinces") return "Các UBKT tỉnh ủy, thành ủy";
  if (target === "group:all") return "Tất cả các ủy ban kiểm tra";
  const code = target.replace(/^committee:/, "");
  return committees.find((c) => c.code === code)?.name ?? code;
}

export function cutoffLabel(s: Schedule): string {
  const day = s.cutoff.closesOnDay === "last" ? "ngày cuối" : `ngày ${s.cutoff.closesOnDay}`;
  return s.periodType === "term"
    ? `hết nhiệm kỳ; hạn gửi ${s.cutoff.dueWorkingDays} ngày làm việc sau đó`
    : `${day} của tháng cuối kỳ; hạn gửi ${s.cutoff.dueWorkingDays} ngày làm việc sau đó`;
}

export const ActiveBadge: FC<{ active: boolean }> = ({ active }) =>
  active ? <span class="badge ok">Đang chạy theo lịch</span> : <span class="badge warn">Tạm dừng</span>;

/** The API's field errors by the field they name (`query.to`, `periodKey`): the page's controls use the same ids. */
export const errorsByField = (error?: ApiError) =>
  new Map((error?.details ?? []).map((d) => [d.field ?? "", d.message]));

export const Field: FC<{ name: string; label: string; errors: Map<string, string>; children?: unknown }> = (
  p,
) => (
  <div class={`field${p.errors.has(p.name) ? " invalid" : ""}`}>
    <label for={fieldId(p.name)}>{p.label}</label>
    {p.errors.has(p.name) && (
      <span class="field-error" id={`${fieldId(p.name)}-loi`}>
        {p.errors.get(p.name)}
      </span>
    )}
    {p.children}
  </div>
);
