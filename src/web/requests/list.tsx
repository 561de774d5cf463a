import type { Child, FC } from "hono/jsx";
import { statusWords } from "../sent-words.js";
import type { Principal } from "../../auth/tokens.js";
import { FILEABLE_KIND_NAMES, findKind } from "../../domain/kinds/index.js";
import { REQUEST_STATUSES, STATUS_LABELS } from "../../domain/request-state.js";
import type { ApiError } from "../api-client.js";
import type { RequestListItem } from "../../routes/requests/schemas.js";
import type { Committee } from "../committee-list.js";
import { dateTimeVi } from "../format.js";
import { ErrorSummary, Flash, Layout } from "../layout.js";
import { statusTone } from "../request-labels.js";
import { mayFile } from "../guards.js";
import { errorsByField, Field } from "../form-field.js";

export type ListItem = RequestListItem;

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

export const ListPage: FC<{
  viewer: Principal;
  csrf: string;
  query: Record<string, string>;
  flash?: string | undefined;
  items: ListItem[];
  nextCursor: string | null;
  committees: Committee[];
  error?: ApiError | undefined;
  now: Date;
}> = ({ viewer, csrf, query, flash, items, nextCursor, committees, error, now }) => {
  // The API names a filter by its query parameter ("query.to"): the controls carry the same names as ids.
  const errors = errorsByField(error);
  const field = (name: (typeof FILTERS)[number], label: string, control: Child) => (
    <Field name={`query.${name}`} label={label} errors={errors}>
      {control}
    </Field>
  );
  const canFile = mayFile(viewer);
  return (
    <Layout title="Yêu cầu phối hợp" viewer={viewer} csrf={csrf} current="/yeu-cau">
      <Flash text={flash} />
      {canFile && (
        <p>
          <a class="button primary" href="/yeu-cau/moi">
            Tạo yêu cầu mới
          </a>
        </p>
      )}
      <ErrorSummary
        message={error?.message}
        details={error?.details}
        fieldIds={new Set(FILTERS.map((f) => `query.${f}`))}
      />
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
          <select id="f-query-status" name="status">
            <option value="">Tất cả</option>
            {REQUEST_STATUSES.map((s) => (
              <option value={s} selected={query.status === s}>
                {statusWords(viewer, s, STATUS_LABELS[s])}
              </option>
            ))}
          </select>,
        )}
        {field(
          "kind",
          "Loại yêu cầu",
          <select id="f-query-kind" name="kind">
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
          <select id="f-query-counterpart" name="counterpart">
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
          <input type="date" id="f-query-from" name="from" value={query.from ?? ""} />,
        )}
        {field("to", "Đến ngày", <input type="date" id="f-query-to" name="to" value={query.to ?? ""} />)}
        {field(
          "overdue",
          "Hạn trả lời",
          <select id="f-query-overdue" name="overdue">
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

export function pick(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(FILTERS.filter((k) => query[k]).map((k) => [k, query[k]!]));
}
