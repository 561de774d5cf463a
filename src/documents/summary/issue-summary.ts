/**
 * Issuing a báo cáo tổng kết: the figures of a closed period (a term, a year, any period key) for the whole country
 * or one committee, numbered on the issuer's BC counter of the party term it is issued in (the same counter as its
 * other reports), rendered with its "bao-cao" template, and kept with the figures it prints. Who may issue what is
 * the statistics scope: the central committee for the country or any one committee, a province for itself only.
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import type { Principal } from "../../auth/tokens.js";
import { withTransaction } from "../../db/db.js";
import { findCommitteeByCode, findCommitteeOnDate } from "../../db/queries/committees.js";
import { nextDocumentNumber } from "../../db/queries/documents.js";
import { insertSummaryDocument } from "../../db/queries/report-summaries.js";
import { listProvincialUnitsDuring } from "../../db/queries/statistics.js";
import { CENTRAL_CODE } from "../../db/seed/committee-registry.js";
import { partyTermOn } from "../../domain/party-term.js";
import { asciiSlug } from "../../domain/text.js";
import { dateInVietnam, documentSymbol, isoDate } from "../../domain/vn-format.js";
import type { WorkingCalendar } from "../../domain/working-days.js";
import { AppError } from "../../errors.js";
import { periodDates, safeParsePeriodKey } from "../../reports/periods.js";
import { periodLabel } from "../../reports/run-report.js";
import { computeStatistics } from "../../reports/statistics.js";
import { SUBMISSION_CUTOFF } from "../../reports/submissions.js";
import { snapshot } from "../committee-snapshot.js";
import { documentData } from "../document-data.js";
import { styleProfile } from "../style-profiles.js";
import { renderInThread } from "../template-admin.js";
import { createTemplateStore } from "../template-store.js";
import { summaryContent } from "./summary-content.js";

export const SUMMARY_TEMPLATE = "bao-cao";

interface Deps {
  db: pg.Pool;
  calendar: WorkingCalendar;
  clock: { now(): Date };
}

async function scopeCommittee(db: pg.Pool, actor: Principal, code: string | undefined) {
  const central = actor.committeeCode === CENTRAL_CODE;
  const wanted = code && code !== "ALL" ? code : null;
  if (central && wanted === null) return null;
  if (!central && code === "ALL")
    throw new AppError(
      "forbidden",
      "Báo cáo tổng kết toàn quốc do UBKT Đảng ủy Công an Trung ương ban hành",
      [{ field: "committee", message: "chỉ được lập báo cáo của ủy ban mình" }],
    );
  const target = wanted ?? actor.committeeCode;
  if (!central && target !== actor.committeeCode)
    throw new AppError("forbidden", `Ủy ban ${actor.committeeCode} chỉ lập báo cáo tổng kết của chính mình`, [
      { field: "committee", message: "chỉ được lập báo cáo của ủy ban mình" },
    ]);
  const committee = await findCommitteeByCode(db, target);
  if (!committee || committee.code === CENTRAL_CODE)
    throw new AppError("validation_failed", `Không có ủy ban tỉnh mã ${target}`, [
      { field: "committee", message: "mã ủy ban không tồn tại" },
    ]);
  return committee;
}

export async function issueSummary(
  deps: Deps,
  actor: Principal,
  input: { periodKey: string; committee?: string | undefined },
) {
  const parsed = safeParsePeriodKey(input.periodKey);
  if (!parsed.ok)
    throw new AppError("validation_failed", parsed.error.message, [
      { field: "periodKey", message: parsed.error.message },
    ]);
  const now = deps.clock.now();
  const { from, to, closesAt } = periodDates(parsed.period, SUBMISSION_CUTOFF);
  if (closesAt > now)
    throw new AppError(
      "validation_failed",
      `Kỳ ${input.periodKey} chưa kết thúc (đến hết ngày ${to}); chỉ tổng kết kỳ đã qua`,
      [{ field: "periodKey", message: "kỳ chưa kết thúc" }],
    );
  const scoped = await scopeCommittee(deps.db, actor, input.committee);
  const stats = await computeStatistics(
    deps.db,
    deps.calendar,
    {
      from,
      to,
      periodType: parsed.period.type,
      committeeId: scoped?.id ?? null,
      counterpartId: null,
      submitterIds: scoped ? [scoped.id] : null,
    },
    now,
  );
  const issuedOn = isoDate(dateInVietnam(now));
  // The unit as named on the period's last day, or today for a period not over yet (ISO dates sort as text).
  const periodEnded = to < issuedOn;
  const [issuer, scopedOnDate, units] = await Promise.all([
    findCommitteeOnDate(deps.db, actor.committeeId, issuedOn),
    scoped
      ? findCommitteeOnDate(deps.db, scoped.id, periodEnded ? to : issuedOn)
      : Promise.resolve(undefined),
    scoped ? Promise.resolve(null) : listProvincialUnitsDuring(deps.db, from, to),
  ]);
  if (!issuer)
    throw new AppError("conflict", "Ủy ban ban hành không có thông tin hiệu lực vào ngày ban hành");
  const content = summaryContent({
    periodLabel: periodLabel(parsed.period),
    from,
    to,
    committeeName: scoped ? (scopedOnDate?.name ?? scoped.code) : null,
    units: units?.length ?? null,
    rates: stats.rates,
    submittedCommittees: stats.submissions.committees,
    recordedAfterFact: stats.submissions.recordedAfterFact,
  });
  const template = await createTemplateStore(deps.db, deps.clock).load(actor.committeeId, SUMMARY_TEMPLATE);
  const term = partyTermOn(issuedOn).code;
  const figures = {
    from,
    to,
    rates: stats.rates,
    submissions: stats.submissions,
    units: units?.length ?? null,
  };
  return withTransaction(deps.db, async (tx) => {
    const number = await nextDocumentNumber(tx, issuer.id, "BC", term);
    const ctx = {
      issuer: snapshot(issuer),
      recipient: snapshot(issuer),
      number,
      typeCode: "BC" as const,
      issuedOn,
      classification: "thuong" as const,
      urgency: "thuong" as const,
      copyTo: [],
      draft: null,
    };
    const bytes = await renderInThread(
      template.bytes,
      documentData(content, ctx, styleProfile(issuer.styleProfile)),
      "Không tạo được báo cáo tổng kết: mẫu đang dùng có lỗi",
    );
    const symbol = documentSymbol(number, "BC", issuer.issuerAbbr);
    const filename = `${asciiSlug(symbol)}.docx`;
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const id = await insertSummaryDocument(tx, {
      periodKey: input.periodKey,
      scopeCommitteeId: scoped?.id ?? null,
      issuerCommitteeId: issuer.id,
      typeCode: "BC",
      number,
      symbol,
      term,
      issuedOn,
      templateName: SUMMARY_TEMPLATE,
      templateVersion: template.version,
      styleProfile: issuer.styleProfile,
      filename,
      bytes,
      sha256,
      figures,
      createdBy: actor.tokenId,
    });
    return {
      id,
      symbol,
      number,
      issuedOn,
      filename,
      sha256,
      periodKey: input.periodKey,
      scope: scoped?.code ?? "ALL",
      figures,
      bytes,
    };
  });
}
