import { createHash } from "node:crypto";
import type pg from "pg";
import type { Principal } from "../auth/tokens.js";
import { mustFind, withTransaction } from "../db/db.js";
import { notifyCommittee } from "../db/queries/notifications.js";
import { COMMITTEE_EVENTS } from "../domain/notification-events.js";
import { listCommitteesOnDate } from "../db/queries/committees.js";
import { CENTRAL_CODE } from "../db/seed/committee-registry.js";
import {
  activateTemplateVersion,
  deactivateCommitteeTemplates,
  findEffectiveTemplate,
  findTemplateBytes,
  findTemplateVersion,
  insertTemplateVersion,
  listTemplateVersions,
  lockTemplateName,
  type TemplateRow,
} from "../db/queries/templates.js";
import { dateInVietnam, isoDate } from "../domain/vn-format.js";
import { AppError, type ErrorDetail } from "../errors.js";
import type { Clock } from "../runtime/clock.js";
import { snapshot } from "./committee-snapshot.js";
import type { TemplateProblem } from "./template-inspection.js";
import { templateErrorMessage } from "./template-messages.js";
import { type ThreadOutcome, templateThreads, threadFailure } from "./template-thread.js";
import { sampleDataFor } from "./template-samples.js";
import { builtInTemplateNames } from "./template-store.js";

interface Deps {
  db: pg.Pool;
  clock: Clock;
}

async function requireKnownName(name: string): Promise<void> {
  if (!(await builtInTemplateNames()).includes(name)) {
    throw new AppError("not_found", `Không có mẫu văn bản tên “${name}”`, [
      { field: "name", message: `phải là một trong: ${(await builtInTemplateNames()).join(", ")}` },
    ]);
  }
}

/** Sample data as the caller's committee would issue it today, to a counterpart (the central UBKT, or a province). */
async function sampleFor(deps: Deps, actor: Principal, name: string, draft: number | null): Promise<object> {
  const today = isoDate(dateInVietnam(deps.clock.now()));
  // The registry changes (a unit ends, merges): the counterpart is any other unit in the registry today, the
  // central UBKT or Nghệ An preferred.
  const units = await listCommitteesOnDate(deps.db, today);
  const issuer = units.find((u) => u.code === actor.committeeCode);
  const preferred = actor.committeeCode === CENTRAL_CODE ? "NGHE-AN" : CENTRAL_CODE;
  const recipient =
    units.find((u) => u.code === preferred) ?? units.find((u) => u.code !== actor.committeeCode);
  if (!issuer || !recipient)
    throw new AppError(
      "conflict",
      `Ủy ban ${actor.committeeCode} không có trong danh bạ hiệu lực ngày ${today}`,
    );
  const data = sampleDataFor(name, {
    issuer: snapshot(issuer),
    recipient: snapshot(recipient),
    profile: issuer.styleProfile,
    issuedOn: today,
    draft,
  });
  if (!data) throw new AppError("not_available", `Chưa có dữ liệu mẫu cho mẫu văn bản “${name}”`);
  return data;
}

const problemDetails = (problems: TemplateProblem[]): ErrorDetail[] =>
  problems.map((p) => ({
    code: p.code,
    message: p.message,
    ...(p.location ? { location: p.location } : {}),
    ...(p.tag ? { tag: p.tag } : {}),
    ...(p.around !== undefined ? { context: p.around } : {}),
  }));

/** Inspects an upload off the event loop, with the time budget; any verdict comes back as problems. */
export async function inspectInThread(
  bytes: Buffer,
  options: { sampleData?: object; layout?: string },
): Promise<{ tags: string[]; problems: TemplateProblem[] }> {
  const outcome = await templateThreads().run({ op: "inspect", bytes, options }, INSPECT_BUDGET_MS);
  if (outcome.ok && "inspected" in outcome) return outcome.inspected;
  refuseIfUnavailable(outcome);
  return {
    tags: [],
    problems: [threadFailure(outcome) ?? { code: "template_crashed", message: "Không kiểm tra được mẫu" }],
  };
}

/** A template thread that could not start or died of its own: the service, not the template, is at fault. */
function refuseIfUnavailable(outcome: ThreadOutcome): void {
  if (!outcome.ok && "unavailable" in outcome)
    throw new AppError("unavailable", "Chưa kiểm tra được mẫu lúc này, xin thử lại sau", [
      { message: outcome.unavailable },
    ]);
}

// Inspecting renders the sample too, so it gets the render's budget.
const INSPECT_BUDGET_MS = 10_000;

/** A new version for the admin's committee, checked before anything is stored; a rejected upload changes nothing. */
export async function uploadTemplate(
  deps: Deps,
  actor: Principal,
  p: { name: string; bytes: Buffer; note: string; activate: boolean },
): Promise<TemplateRow> {
  await requireKnownName(p.name);
  const inspected = await inspectInThread(p.bytes, {
    sampleData: await sampleFor(deps, actor, p.name, null),
    layout: p.name,
  });
  if (inspected.problems.length) {
    throw new AppError(
      "template_invalid",
      `Mẫu văn bản không được chấp nhận: ${inspected.problems.length} lỗi cần sửa`,
      problemDetails(inspected.problems),
    );
  }
  return withTransaction(deps.db, async (tx) => {
    await lockTemplateName(tx, actor.committeeId, p.name);
    const row = await insertTemplateVersion(tx, {
      committeeId: actor.committeeId,
      name: p.name,
      bytes: p.bytes,
      sha256: createHash("sha256").update(p.bytes).digest("hex"),
      tags: inspected.tags,
      note: p.note,
      uploadedBy: actor.tokenId,
    });
    if (p.activate) {
      await activateTemplateVersion(tx, row.id);
      await notifyTemplateChanged(tx, actor, p.name, `phiên bản ${row.version}`);
    }
    return { ...row, active: p.activate };
  });
}

/** Activates one of the committee's own versions, or goes back to the built-in one. */
export async function activateTemplate(
  deps: Deps,
  actor: Principal,
  name: string,
  version: number | "built-in",
) {
  await requireKnownName(name);
  await withTransaction(deps.db, async (tx) => {
    await lockTemplateName(tx, actor.committeeId, name);
    if (version === "built-in") {
      await deactivateCommitteeTemplates(tx, actor.committeeId, name);
      return notifyTemplateChanged(tx, actor, name, "bản đi kèm phần mềm");
    }
    const row = await findTemplateVersion(tx, actor.committeeId, name, version);
    if (!row) throw new AppError("not_found", `Ủy ban chưa có phiên bản ${version} của mẫu “${name}”`);
    await activateTemplateVersion(tx, row.id);
    await notifyTemplateChanged(tx, actor, name, `phiên bản ${version}`);
  });
  return describeTemplate(deps, actor, name);
}

export async function describeTemplate(deps: Deps, actor: Principal, name: string) {
  await requireKnownName(name);
  const [versions, effective] = await Promise.all([
    listTemplateVersions(deps.db, actor.committeeId, name),
    findEffectiveTemplate(deps.db, actor.committeeId, name),
  ]);
  return {
    name,
    effective: effective ? presentVersion(effective) : null,
    versions: versions.map(presentVersion),
  };
}

export async function listTemplates(deps: Deps, actor: Principal) {
  return Promise.all((await builtInTemplateNames()).map((name) => describeTemplate(deps, actor, name)));
}

export function presentVersion(t: TemplateRow) {
  return {
    id: t.id,
    scope: t.committee ?? "built-in",
    version: t.version,
    active: t.active,
    sha256: t.sha256,
    size: t.size,
    tags: t.tags,
    note: t.note,
    uploadedBy: t.uploadedBy,
    uploadedAt: t.uploadedAt.toISOString(),
    activatedAt: t.activatedAt?.toISOString() ?? null,
  };
}

/** Renders a version (default: the one in effect) with sample data or given data: no number, nothing stored. */
export async function previewTemplate(
  deps: Deps,
  actor: Principal,
  p: { name: string; version?: number | "built-in" | undefined; data?: Record<string, unknown> | undefined },
): Promise<Buffer> {
  await requireKnownName(p.name);
  const row =
    p.version === undefined
      ? await findEffectiveTemplate(deps.db, actor.committeeId, p.name)
      : await findTemplateVersion(
          deps.db,
          p.version === "built-in" ? null : actor.committeeId,
          p.name,
          p.version === "built-in"
            ? mustFind(await findEffectiveTemplate(deps.db, null, p.name), `built-in template ${p.name}`)
                .version
            : p.version,
        );
  if (!row) throw new AppError("not_found", `Không có phiên bản này của mẫu “${p.name}”`);
  const bytes = mustFind(await findTemplateBytes(deps.db, row.id), `the bytes of template ${row.id}`);
  const data = p.data ?? (await sampleFor(deps, actor, p.name, 1));
  return renderInThread(bytes, data, "Không tạo được bản xem trước: mẫu hoặc dữ liệu có lỗi");
}

/** Renders off the event loop with the time budget; a template or data error is a 422 naming every problem. */
export async function renderInThread(bytes: Buffer, data: object, refusal: string): Promise<Buffer> {
  const outcome = await templateThreads().run({ op: "render", bytes, data });
  if (outcome.ok && "rendered" in outcome) return Buffer.from(outcome.rendered);
  refuseIfUnavailable(outcome);
  const failure = threadFailure(outcome);
  const problems: TemplateProblem[] = failure
    ? [failure]
    : "renderErrors" in outcome
      ? outcome.renderErrors.map((e) => ({
          code: e.id === "missing_value" ? "unknown_tag" : e.id,
          message: templateErrorMessage(e),
          ...(e.tag ? { tag: e.tag } : {}),
          ...(e.file ? { location: e.file } : {}),
        }))
      : [];
  throw new AppError("template_invalid", refusal, problemDetails(problems));
}

/** The committee's other admins hear that the documents it issues will look different from now on. */
async function notifyTemplateChanged(
  tx: pg.PoolClient,
  actor: Principal,
  name: string,
  which: string,
): Promise<void> {
  await notifyCommittee(tx, {
    committeeId: actor.committeeId,
    type: "template_changed",
    roles: COMMITTEE_EVENTS.template_changed.roles,
    title: COMMITTEE_EVENTS.template_changed.title(name),
    body: `Văn bản mới của ủy ban sẽ dùng ${which}.`,
    link: `/v1/templates/${name}`,
    actorUserId: actor.userId,
  });
}
