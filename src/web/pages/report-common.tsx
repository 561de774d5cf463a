import type { FC } from "hono/jsx";
import type { PeriodType } from "../../reports/periods.js";
import type { Answer } from "../api-client.js";
import type { Committee } from "../committee-list.js";

// What the report pages share: the API's schedule and committee shapes, their words, and a form field.

export type Schedule = Answer<"GET", "/v1/report-schedules">["items"][number];

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
