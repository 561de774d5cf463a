import type { Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import type { Principal } from "../../auth/tokens.js";
import { FILEABLE_KIND_NAMES, findKind } from "../../domain/kinds/index.js";
import { REQUEST_STATUSES, STATUS_LABELS, transition, type UserAction } from "../../domain/request-state.js";
import type { ErrorDetail } from "../../errors.js";
import type { ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { ANSWER_LABELS, dateTimeVi } from "../format.js";
import { must, PageError } from "../guards.js";
import { ErrorSummary, Flash, Layout } from "../layout.js";
import { statusTone } from "../request-labels.js";
import { registerNewRequestPage } from "./request-new.js";
import { RequestView, type RequestDetail } from "./request-view.js";

interface ListItem {
  id: string;
  reference: string;
  kind: string;
  from: string;
  to: string;
  status: (typeof REQUEST_STATUSES)[number];
  statusLabel: string;
  subject: string;
  createdAt: string;
  deadlineAt: string | null;
  overdue: boolean;
}

export interface Committee {
  code: string;
  name: string;
}

const FILTERS = ["status", "kind", "counterpart", "overdue", "from", "to"] as const;

export const kindLabel = (kind: string) => findKind(kind)?.label ?? kind;

const Deadline: FC<{ item: ListItem; now: Date }> = ({ item, now }) => {
  if (item.overdue) return <span class="badge bad">Quá hạn {dateTimeVi(item.deadlineAt)}</span>;
  if (!item.deadlineAt) return <span class="muted">—</span>;
  const days = Math.ceil((new Date(item.deadlineAt).getTime() - now.getTime()) / 86_400_000);
  return (
    <span class={`badge${days <= 1 ? " warn" : ""}`}>
      Hạn {dateTimeVi(item.deadlineAt)}
      {days >= 0 ? ` (còn ${days} ngày)` : ""}
    </span>
  );
};

const ListPage: FC<{
  viewer: Principal;
  csrf: string;
  query: Record<string, string>;
  items: ListItem[];
  nextCursor: string | null;
  committees: Committee[];
  error?: ApiError | undefined;
  now: Date;
}> = ({ viewer, csrf, query, items, nextCursor, committees, error, now }) => {
  const errors = new Map(
    (error?.details ?? []).map((d: ErrorDetail) => [d.field?.replace(/^query\./, ""), d.message]),
  );
  const field = (name: (typeof FILTERS)[number], label: string, control: unknown) => (
    <div class={`field${errors.has(name) ? " invalid" : ""}`}>
      <label for={`loc-${name}`}>{label}</label>
      {errors.has(name) && <span class="field-error">{errors.get(name)}</span>}
      {control}
    </div>
  );
  const canFile = viewer.roles.some((r) => r === "clerk" || r === "approver");
  return (
    <Layout title="Yêu cầu phối hợp" viewer={viewer} csrf={csrf} current="/yeu-cau">
      <Flash text={query.da} />
      {canFile && (
        <p>
          <a class="button primary" href="/yeu-cau/moi">
            Tạo yêu cầu mới
          </a>
        </p>
      )}
      <ErrorSummary message={error?.message} details={error?.details} />
      <nav aria-label="Việc cần làm" class="shortcuts">
        <a href="/yeu-cau?status=draft">Dự thảo của ủy ban</a>
        <a href="/yeu-cau?status=submitted">Chờ phê duyệt</a>
        <a href="/yeu-cau?status=responded">Đã có trả lời, cần ghi nhận</a>
        <a href="/yeu-cau?overdue=true">Quá hạn trả lời</a>
        <a href="/yeu-cau">Tất cả</a>
      </nav>
      <form method="get" action="/yeu-cau" class="filters" aria-label="Lọc danh sách">
        {field(
          "status",
          "Trạng thái",
          <select id="loc-status" name="status">
            <option value="">Tất cả</option>
            {REQUEST_STATUSES.map((s) => (
              <option value={s} selected={query.status === s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>,
        )}
        {field(
          "kind",
          "Loại yêu cầu",
          <select id="loc-kind" name="kind">
            <option value="">Tất cả</option>
            {FILEABLE_KIND_NAMES.map((k) => (
              <option value={k} selected={query.kind === k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>,
        )}
        {field(
          "counterpart",
          "Ủy ban bên kia",
          <select id="loc-counterpart" name="counterpart">
            <option value="">Tất cả</option>
            {committees
              .filter((c) => c.code !== viewer.committeeCode)
              .map((c) => (
                <option value={c.code} selected={query.counterpart === c.code}>
                  {c.name}
                </option>
              ))}
          </select>,
        )}
        {field(
          "from",
          "Tạo từ ngày",
          <input type="date" id="loc-from" name="from" value={query.from ?? ""} />,
        )}
        {field("to", "Đến ngày", <input type="date" id="loc-to" name="to" value={query.to ?? ""} />)}
        {field(
          "overdue",
          "Hạn trả lời",
          <select id="loc-overdue" name="overdue">
            <option value="">Tất cả</option>
            <option value="true" selected={query.overdue === "true"}>
              Chỉ yêu cầu quá hạn
            </option>
            <option value="false" selected={query.overdue === "false"}>
              Không quá hạn
            </option>
          </select>,
        )}
        <button type="submit">Lọc</button>
      </form>
      {items.length === 0 ? (
        <p>Không có yêu cầu nào phù hợp.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="muted">
              Yêu cầu mà ủy ban {viewer.committeeCode} gửi đi hoặc nhận được, mới nhất trước
            </caption>
            <thead>
              <tr>
                <th scope="col">Mã</th>
                <th scope="col">Trích yếu</th>
                <th scope="col">Gửi → Nhận</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Hạn trả lời</th>
                <th scope="col">Ngày tạo</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr>
                  <td>
                    <a href={`/yeu-cau/${r.id}`}>{r.reference}</a>
                  </td>
                  <td>
                    {r.subject}
                    <br />
                    <span class="muted">{kindLabel(r.kind)}</span>
                  </td>
                  <td>
                    {r.from} → {r.to}
                  </td>
                  <td>
                    <span class={`badge ${statusTone(r.status)}`}>{r.statusLabel}</span>
                  </td>
                  <td>
                    <Deadline item={r} now={now} />
                  </td>
                  <td>{dateTimeVi(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor && (
        <p class="pager">
          <a href={`/yeu-cau?${new URLSearchParams({ ...pick(query), cursor: nextCursor })}`}>Trang sau →</a>
        </p>
      )}
    </Layout>
  );
};

function pick(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(FILTERS.filter((k) => query[k]).map((k) => [k, query[k]!]));
}

export async function listCommittees(api: WebEnv["Variables"]["api"]): Promise<Committee[]> {
  return must(await api.get<{ items: Committee[] }>("/v1/committees")).items;
}

const ACTION_PATHS: Record<string, UserAction> = { trinh: "submit", "phe-duyet": "approve", huy: "cancel" };

/** The actions this person may take on this request now: the state machine's rules, on their own requests. */
export function allowedActions(viewer: Principal, r: { from: string; status: RequestDetail["status"] }) {
  if (r.from !== viewer.committeeCode) return [];
  return (["submit", "approve", "cancel"] as const).filter((a) => transition(r.status, a, viewer.roles).ok);
}

async function renderDetail(
  c: Context<WebEnv>,
  id: string,
  extra: { flash?: string | undefined; error?: ApiError; answerValues?: Record<string, string> } = {},
  status: 200 | 400 | 403 | 409 = 200,
) {
  const api = c.get("api");
  const res = await api.get<RequestDetail>(`/v1/requests/${encodeURIComponent(id)}`);
  if (!res.ok && (res.status === 404 || res.status === 400))
    throw new PageError(404, "Không tìm thấy yêu cầu");
  const detail = must(res);
  const viewer = c.get("viewer")!;
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
        canAnswer={
          detail.from === viewer.committeeCode &&
          detail.status === "responded" &&
          viewer.roles.some((r) => r === "clerk" || r === "approver")
        }
        answerErrors={new Map((extra.error?.details ?? []).map((d) => [d.field ?? "", d.message]))}
        answerValues={extra.answerValues}
      />
    </Layout>,
    status,
  );
}

export function registerRequestPages(web: Hono<WebEnv>): void {
  web.get("/yeu-cau", async (c) => {
    const api = c.get("api");
    const query = c.req.query();
    const params = new URLSearchParams(pick(query));
    if (query.cursor) params.set("cursor", query.cursor);
    const [res, committees] = await Promise.all([
      api.get<{ items: ListItem[]; nextCursor: string | null }>(`/v1/requests?${params}`),
      listCommittees(api),
    ]);
    if (!res.ok && res.status !== 400) must(res);
    const page = {
      viewer: c.get("viewer")!,
      csrf: c.get("csrf"),
      query,
      committees,
      now: c.get("deps").clock.now(),
    };
    if (!res.ok) return c.html(<ListPage {...page} items={[]} nextCursor={null} error={res.error} />, 400);
    return c.html(<ListPage {...page} items={res.body.items} nextCursor={res.body.nextCursor} />);
  });

  registerNewRequestPage(web);

  web.get("/yeu-cau/:id", (c) => renderDetail(c, c.req.param("id"), { flash: c.req.query("da") }));

  web.post("/yeu-cau/:id/tra-loi", async (c) => {
    const id = c.req.param("id");
    const form = (await c.req.parseBody()) as Record<string, string>;
    const staff = (form.staff ?? "")
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    const note = (form.note ?? "").trim();
    const res = await c.get("api").send("POST", `/v1/requests/${encodeURIComponent(id)}/answer`, {
      answer: form.answer ?? "",
      staff,
      ...(note ? { note } : {}),
    });
    if (!res.ok) {
      if (res.status === 404) throw new PageError(404, "Không tìm thấy yêu cầu");
      return renderDetail(
        c,
        id,
        { error: res.error, answerValues: form },
        res.status === 403 ? 403 : res.status === 409 ? 409 : 400,
      );
    }
    const label = ANSWER_LABELS[form.answer ?? ""] ?? "";
    return c.redirect(
      `/yeu-cau/${id}?da=${encodeURIComponent(`Đã ghi nhận nội dung trả lời: ${label}`)}`,
      303,
    );
  });

  web.post("/yeu-cau/:id/:action", async (c) => {
    const id = c.req.param("id");
    const action = ACTION_PATHS[c.req.param("action")];
    if (!action) throw new PageError(404, "Không có thao tác này");
    const res = await c.get("api").send("POST", `/v1/requests/${encodeURIComponent(id)}/${action}`, {});
    if (!res.ok) {
      if (res.status === 404 || res.status === 400) throw new PageError(404, "Không tìm thấy yêu cầu");
      return renderDetail(c, id, { error: res.error }, res.status === 403 ? 403 : 409);
    }
    const done = {
      submit: "Đã trình lãnh đạo phê duyệt",
      approve: "Đã phê duyệt: văn bản đang được tạo và gửi đi",
      cancel: "Đã hủy yêu cầu",
    }[action as "submit" | "approve" | "cancel"];
    return c.redirect(`/yeu-cau/${id}?da=${encodeURIComponent(done)}`, 303);
  });

  // Documents pass through from the API, which decides who may read them.
  web.get("/tai-lieu/:file", async (c) => {
    const file = c.req.param("file");
    if (!/^[0-9a-f-]{36}(\.pdf)?$/.test(file)) throw new PageError(404, "Không tìm thấy văn bản");
    const res = await c.get("api").raw("GET", `/v1/documents/${file}`);
    if (res.status === 404 || res.status === 400) throw new PageError(404, "Không tìm thấy văn bản");
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: ApiError };
      throw new PageError(res.status === 403 ? 403 : 503, body.error?.message ?? "Chưa lấy được văn bản");
    }
    return res;
  });
}
