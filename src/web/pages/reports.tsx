import type { Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import type { Principal } from "../../auth/tokens.js";
import type { WebEnv } from "../context.js";
import { type Committee, listCommittees } from "../committee-list.js";
import { hasRole, must } from "../guards.js";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiError } from "../api-client.js";
import { takeFlash } from "../flash.js";
import { Flash, Layout } from "../layout.js";
import { loadPublications, PublicationsSection, registerPublicationPages } from "./report-publications.js";
import {
  loadSummaries,
  registerSummaryPages,
  SummariesSection,
  type SummaryFailure,
} from "./report-summaries.js";
import { ActiveBadge, PERIOD_TYPE_LABELS, type Schedule, targetLabel } from "./report-common.js";
import { registerSchedulePages } from "./report-schedule.js";
import { registerScheduleForm } from "./report-schedule-new.js";
import { registerSubmissionPages } from "./report-submissions.js";
import { loadStatistics, StatisticsSection } from "./report-statistics.js";
import { CENTRAL_CODE } from "../../domain/central-committee.js";

// The reports screen (/bao-cao): the periodic report schedules, and the coordination statistics of a range.

const SchedulesTable: FC<{ schedules: Schedule[]; committees: Committee[]; viewer: Principal }> = (p) =>
  p.schedules.length === 0 ? (
    <p>Ủy ban {p.viewer.committeeCode} chưa có lịch báo cáo định kỳ nào.</p>
  ) : (
    <div class="table-wrap">
      <table>
        <caption class="muted">
          Lịch báo cáo định kỳ
          {p.viewer.committeeCode === CENTRAL_CODE
            ? " của mọi ủy ban"
            : ` của ủy ban ${p.viewer.committeeCode}`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Lịch</th>
            <th scope="col">Ủy ban lập → gửi đến</th>
            <th scope="col">Kỳ báo cáo</th>
            <th scope="col">Trạng thái</th>
          </tr>
        </thead>
        <tbody>
          {p.schedules.map((s) => (
            <tr>
              <td>
                <a href={`/bao-cao/lich/${s.code}`}>{s.name}</a>
                <span class="hint">{s.code}</span>
              </td>
              <td>
                {s.from} → {targetLabel(s.target, p.committees)}
              </td>
              <td>{PERIOD_TYPE_LABELS[s.periodType]}</td>
              <td>
                <ActiveBadge active={s.active} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

async function showReports(
  c: Context<WebEnv>,
  publishing?: { error: ApiError; value: string; status: ContentfulStatusCode },
  summarising?: SummaryFailure,
) {
  const api = c.get("api");
  const viewer = c.get("viewer")!;
  const [schedules, committees, statistics, publications, summaries] = await Promise.all([
    api.get("/v1/report-schedules"),
    listCommittees(c),
    loadStatistics(c),
    loadPublications(c),
    loadSummaries(c),
  ]);
  return c.html(
    <Layout title="Báo cáo, thống kê" viewer={viewer} csrf={c.get("csrf")} current="/bao-cao">
      <p>
        <a href="/bao-cao/so-lieu">Số liệu báo cáo định kỳ: gửi, xem, sửa</a>
        {hasRole(viewer, "admin") && (
          <>
            {" · "}
            <a href="/bao-cao/lich-moi">Lập lịch báo cáo mới</a>
          </>
        )}
      </p>
      <section aria-labelledby="lich">
        <h2 id="lich">Lịch báo cáo định kỳ</h2>
        <SchedulesTable schedules={must(schedules).items} committees={committees} viewer={viewer} />
      </section>
      <Flash text={takeFlash(c)} />
      <StatisticsSection v={statistics} viewer={viewer} committees={committees} />
      <PublicationsSection
        items={publications}
        viewer={viewer}
        csrf={c.get("csrf")}
        error={publishing?.error}
        value={publishing?.value}
      />
      <SummariesSection
        items={summaries}
        viewer={viewer}
        committees={committees}
        csrf={c.get("csrf")}
        failed={summarising}
      />
    </Layout>,
    publishing?.status ?? summarising?.status ?? statistics.status,
  );
}

export function registerReportPages(web: Hono<WebEnv>): void {
  web.get("/bao-cao", (c) => showReports(c));
  registerPublicationPages(web, (c, failed) => showReports(c, failed));
  registerSummaryPages(web, (c, failed) => showReports(c, undefined, failed));
  registerSubmissionPages(web);
  registerScheduleForm(web);
  registerSchedulePages(web);
}
