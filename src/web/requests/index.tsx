import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Context, Hono } from "hono";
import type { Principal } from "../../auth/tokens.js";
import { transition } from "../../domain/request-state.js";
import { type ApiError, apiPath } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { ANSWER_LABELS } from "../format.js";
import { mayFile, must, PageError, passFile, refusalOf, refusalStatus, refusedFor } from "../guards.js";
import { ErrorSummary, Flash, Layout } from "../layout.js";
import { listCommittees } from "../committee-list.js";
import { ListPage, pick } from "./list.js";
import { registerNewRequestPage } from "./new.js";
import type { RequestDetail } from "../../routes/requests/schemas.js";
import type { RequestSignatures } from "../../routes/documents/signature-schemas.js";
import { withOutboxWords } from "../sent-words.js";
import { RequestView } from "./view.js";
import { redirectWithFlash, takeFlash } from "../flash.js";
import { errorsByField } from "../form-field.js";
import { REVIEW_PATHS } from "../inbound-review.js";

const ACTION_PATHS: Record<string, "submit" | "approve" | "cancel"> = {
  trinh: "submit",
  "phe-duyet": "approve",
  huy: "cancel",
};

/** The actions this person may take on this request now: the state machine's rules, on their own requests. */
export function allowedActions(viewer: Principal, r: { from: string; status: RequestDetail["status"] }) {
  if (r.from !== viewer.committeeCode) return [];
  return (["submit", "approve", "cancel"] as const).filter((a) => transition(r.status, a, viewer.roles).ok);
}

function committeeNamesOf(
  d: Pick<RequestDetail, "from" | "to" | "fromName" | "toName">,
): Map<string, string> {
  const names = new Map<string, string>();
  if (d.fromName) names.set(d.from, d.fromName);
  if (d.toName) names.set(d.to, d.toName);
  return names;
}

async function renderDetail(
  c: Context<WebEnv>,
  id: string,
  extra: { flash?: string | undefined; error?: ApiError; answerValues?: Record<string, string> } = {},
  status: ContentfulStatusCode = 200,
) {
  const api = c.get("api");
  // The request carries its committees' names: no registry fetch per view. Signatures are shown beside its
  // letters and its replies only, so a request with neither (a draft, one not yet answered) needs no second call.
  const res = await api.get("/v1/requests/{id}", { param: { id } });
  if (refusedFor(res, "not_found", "validation")) throw new PageError(404, "Không tìm thấy yêu cầu");
  const viewer = c.get("viewer")!;
  const detail = withOutboxWords(viewer, must(res));
  const signatures: RequestSignatures | undefined =
    detail.documents.length || detail.inbound.length
      ? await api
          .get("/v1/requests/{id}/signatures", { param: { id } })
          .then((r) => (r.ok ? r.body : undefined))
      : { documents: [], replies: [] };
  return c.html(
    <Layout title={`Yêu cầu ${detail.reference}`} viewer={viewer} csrf={c.get("csrf")} current="/yeu-cau">
      <Flash text={extra.flash} />
      <ErrorSummary
        message={extra.error?.message}
        details={extra.error?.details}
        fieldIds={new Set(["answer", "staff", "note"])}
      />
      <RequestView
        detail={detail}
        csrf={c.get("csrf")}
        actions={allowedActions(viewer, detail)}
        canAnswer={detail.from === viewer.committeeCode && detail.status === "responded" && mayFile(viewer)}
        canReview={detail.from === viewer.committeeCode && mayFile(viewer)}
        committeeNames={committeeNamesOf(detail)}
        canFile={detail.from === viewer.committeeCode && mayFile(viewer)}
        answerErrors={errorsByField(extra.error)}
        answerValues={extra.answerValues}
        keptNotSent={viewer.mailMode === "outbox"}
        signatures={signatures}
      />
    </Layout>,
    status,
  );
}

export function registerRequestPages(web: Hono<WebEnv>): void {
  web.get("/yeu-cau", async (c) => {
    const api = c.get("api");
    const query = c.req.query();
    const [res, committees] = await Promise.all([
      api.get("/v1/requests", { query: { ...pick(query), cursor: query.cursor || undefined } }),
      listCommittees(c),
    ]);
    if (!res.ok && refusalOf(res.error) !== "validation") must(res);
    const page = {
      viewer: c.get("viewer")!,
      csrf: c.get("csrf"),
      query,
      flash: takeFlash(c),
      committees,
      now: c.get("deps").clock.now(),
    };
    if (!res.ok) return c.html(<ListPage {...page} items={[]} nextCursor={null} error={res.error} />, 400);
    const items = res.body.items.map((item) => withOutboxWords(page.viewer, item));
    return c.html(<ListPage {...page} items={items} nextCursor={res.body.nextCursor} />);
  });

  registerNewRequestPage(web);

  web.get("/yeu-cau/:id", (c) => renderDetail(c, c.req.param("id"), { flash: takeFlash(c) }));

  web.post("/yeu-cau/:id/tra-loi", async (c) => {
    const id = c.req.param("id");
    const form = (await c.req.parseBody()) as Record<string, string>;
    const staff = (form.staff ?? "")
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    const note = (form.note ?? "").trim();
    const res = await c.get("api").send("POST", "/v1/requests/{id}/answer", {
      param: { id },
      json: { answer: form.answer ?? "", staff, ...(note ? { note } : {}) },
    });
    if (!res.ok) {
      if (refusalOf(res.error) === "not_found") throw new PageError(404, "Không tìm thấy yêu cầu");
      return renderDetail(c, id, { error: res.error, answerValues: form }, refusalStatus(res.error));
    }
    const label = ANSWER_LABELS[form.answer ?? ""] ?? "";
    return redirectWithFlash(c, `/yeu-cau/${id}`, `Đã ghi nhận nội dung trả lời: ${label}`);
  });

  web.post("/yeu-cau/:id/thu-den/:inboundId/:outcome", async (c) => {
    const id = c.req.param("id");
    const outcome = REVIEW_PATHS[c.req.param("outcome")];
    if (!outcome) throw new PageError(404, "Không có thao tác này");
    const res = await c.get("api").send("POST", "/v1/inbound/{id}/review", {
      param: { id: c.req.param("inboundId") },
      json: { outcome },
    });
    if (!res.ok) {
      if (refusedFor(res, "not_found", "validation")) throw new PageError(404, "Không tìm thấy thư");
      return renderDetail(c, id, { error: res.error }, refusalStatus(res.error));
    }
    const done =
      outcome === "confirmed"
        ? "Đã xác nhận thư: thư được tính"
        : "Đã bỏ qua thư: không tính, không thay đổi gì";
    return redirectWithFlash(c, `/yeu-cau/${id}`, done);
  });

  web.post("/yeu-cau/:id/:action", async (c) => {
    const id = c.req.param("id");
    const action = ACTION_PATHS[c.req.param("action")];
    if (!action) throw new PageError(404, "Không có thao tác này");
    const res = await c.get("api").send("POST", `/v1/requests/{id}/${action}`, {
      param: { id },
      json: action === "approve" ? await approvalOf(c) : {},
    });
    if (!res.ok) {
      const refusal = refusalOf(res.error);
      if (refusal === "not_found" || (refusal === "validation" && action !== "approve"))
        throw new PageError(404, "Không tìm thấy yêu cầu");
      return renderDetail(c, id, { error: res.error }, refusalStatus(res.error));
    }
    const done = {
      submit: "Đã trình lãnh đạo phê duyệt",
      approve: "Đã phê duyệt: văn bản đang được tạo và gửi đi",
      cancel: "Đã hủy yêu cầu",
    }[action as "submit" | "approve" | "cancel"];
    return redirectWithFlash(c, `/yeu-cau/${id}`, done);
  });

  // The draft of a document before approval, from the API (which renders it and decides who may see it).
  web.get("/yeu-cau/:id/du-thao/:file", async (c) => {
    const id = c.req.param("id");
    const m = /^(\d{1,2})\.(docx|pdf)$/.exec(c.req.param("file"));
    if (!m) throw new PageError(404, "Không có bản dự thảo này");
    const path = `/v1/requests/${encodeURIComponent(id)}/preview${m[2] === "pdf" ? ".pdf" : ""}?document=${m[1]}`;
    const res = await c.get("api").raw("GET", path);
    return passFile(res, "Không có bản dự thảo này", "Chưa tạo được bản dự thảo");
  });

  // Documents pass through from the API, which decides who may read them.
  web.get("/tai-lieu/:file", async (c) => {
    const file = c.req.param("file");
    if (!/^[0-9a-f-]{36}(\.pdf)?$/.test(file)) throw new PageError(404, "Không tìm thấy văn bản");
    const res = await c.get("api").raw("GET", apiPath`/v1/documents/${file}`);
    return passFile(res, "Không tìm thấy văn bản", "Chưa lấy được văn bản");
  });
}

/** The approval form's secrecy fields, as the API takes them (sent only when the approver changed the level). */
async function approvalOf(c: Context<WebEnv>): Promise<Record<string, string>> {
  const form = await c.req.parseBody();
  const classification = typeof form.classification === "string" ? form.classification : "";
  const reason = typeof form.classificationReason === "string" ? form.classificationReason.trim() : "";
  if (!classification) return {};
  return { classification, ...(reason ? { classificationReason: reason } : {}) };
}
