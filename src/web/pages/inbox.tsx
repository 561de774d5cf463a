import type { Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import type { Principal } from "../../auth/tokens.js";
import type { Answer, ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { ANSWER_LABELS, dateTimeVi } from "../format.js";
import { must, PageError, refusalOf } from "../guards.js";
import { Field, fieldAria } from "../form-field.js";
import { CsrfField, ErrorSummary, Flash, fieldId, Layout } from "../layout.js";
import { INBOUND_KIND_LABELS } from "../request-labels.js";
import { redirectWithFlash, takeFlash } from "../flash.js";
import { awaitingReview, InboundEvidence, REVIEW_PATHS, ReviewForms } from "../inbound-review.js";

/** "triage" and "review" are views (what needs a person), the rest are a message's own status. */
const STATUSES = ["triage", "review", "unmatched", "failed", "received", "processed", "ignored"] as const;
type InboxView = (typeof STATUSES)[number];

const STATUS_LABELS: Record<InboxView, string> = {
  triage: "Cần người xem (chưa khớp, lỗi xử lý hoặc chờ xem xét)",
  review: "Đã khớp nhưng chờ cán bộ xem xét",
  unmatched: "Chưa khớp với yêu cầu nào (cần phân loại)",
  failed: "Không xử lý được (xem lỗi)",
  received: "Mới nhận, đang xử lý",
  processed: "Đã gắn vào yêu cầu",
  ignored: "Đã bỏ qua",
};

type InboxList = Answer<"GET", "/v1/inbound">;
type InboundItem = InboxList["items"][number];

/** An attach that the API refused: shown beside that message's field, with what was typed kept. */
interface FailedAttach {
  id: string;
  reference: string;
  error: ApiError;
}

const referenceField = (id: string) => `reference-${id}`;

/** The API says "dạng PH-YYYY-NNNN" of a malformed reference, and a whole sentence of an unknown one. */
function messageAtField(error: ApiError): string {
  const detail = error.details?.find((d) => d.field === "reference")?.message;
  return error.code === "validation_failed" && detail ? `Mã chưa đúng, cần ${detail}` : error.message;
}

const Suggestion: FC<{ s: InboundItem["suggestion"] }> = ({ s }) => {
  if (!s?.suggestion) return <span class="muted">Không có gợi ý</span>;
  return (
    <span>
      <strong>{ANSWER_LABELS[s.suggestion] ?? s.suggestion}</strong>
      {s.evidence && <span> — căn cứ: “{s.evidence}”</span>}
      {s.staffNames && s.staffNames.length > 0 && <span> — cán bộ được cử: {s.staffNames.join(", ")}</span>}
    </span>
  );
};

const AttachForm: FC<{
  item: InboundItem;
  csrf: string;
  cursor?: string | undefined;
  failed?: FailedAttach;
}> = ({ item, csrf, cursor, failed }) => {
  const name = referenceField(item.id);
  const errors = new Map(failed ? [[name, messageAtField(failed.error)]] : []);
  return (
    <form method="post" action={`/hop-thu-den/${item.id}/gan`} class="stack">
      <CsrfField csrf={csrf} />
      {cursor && <input type="hidden" name="cursor" value={cursor} />}
      <Field
        name={name}
        label="Gắn vào yêu cầu có mã"
        hint="Dạng PH-YYYY-NNNN, ví dụ PH-2026-0001"
        errors={errors}
      >
        <input
          type="text"
          id={fieldId(name)}
          name="reference"
          value={failed?.reference ?? ""}
          autocomplete="off"
          spellcheck={false}
          {...fieldAria(name, errors, true)}
        />
      </Field>
      <button type="submit" class="primary">
        Gắn thư vào yêu cầu
      </button>
    </form>
  );
};

const InboundArticle: FC<{
  item: InboundItem;
  csrf: string;
  cursor?: string | undefined;
  failed?: FailedAttach | undefined;
}> = ({ item, csrf, cursor, failed }) => (
  <article class="inbound" aria-labelledby={`thu-${item.id}`}>
    <h2 id={`thu-${item.id}`}>{item.subject || "(không có tiêu đề)"}</h2>
    <dl class="facts mail-facts">
      <dt>Nhận lúc</dt>
      <dd>{dateTimeVi(item.receivedAt)}</dd>
      <dt>Người gửi</dt>
      <dd>
        {item.from ?? "—"}
        {item.senderMatches === false && <span class="badge warn">Không phải địa chỉ đã gửi thư đi</span>}
      </dd>
      <dt>Trạng thái</dt>
      <dd>
        <span class={`badge${item.status === "unmatched" || item.status === "failed" ? " warn" : ""}`}>
          {STATUS_LABELS[item.status]}
        </span>
        {item.requestId && (
          <span>
            {" "}
            <a href={`/yeu-cau/${item.requestId}`}>Xem yêu cầu</a>
          </span>
        )}
      </dd>
      <dt>Phân loại</dt>
      <dd>
        {item.classification ? (INBOUND_KIND_LABELS[item.classification] ?? item.classification) : "—"}
        {item.classificationReason && <div class="muted">Lý do: {item.classificationReason}</div>}
      </dd>
      <dt>Gợi ý nội dung trả lời</dt>
      <dd>
        <Suggestion s={item.suggestion} />
      </dd>
      {item.error && (
        <>
          <dt>Lỗi khi xử lý</dt>
          <dd>{item.error}</dd>
        </>
      )}
    </dl>
    <InboundEvidence m={item} />
    <h3>Nội dung thư</h3>
    {item.text ? <pre class="mail">{item.text}</pre> : <p class="muted">(Thư không có phần chữ đọc được.)</p>}
    {item.status === "unmatched" && <AttachForm item={item} csrf={csrf} cursor={cursor} failed={failed} />}
    {awaitingReview(item) && <ReviewForms action={`/hop-thu-den/${item.id}`} csrf={csrf} />}
  </article>
);

const InboxPage: FC<{
  viewer: Principal | undefined;
  csrf: string;
  status: InboxView;
  cursor?: string | undefined;
  list: InboxList;
  flash?: string | undefined;
  failed?: FailedAttach | undefined;
}> = ({ viewer, csrf, status, cursor, list, flash, failed }) => {
  const shown = failed && list.items.some((i) => i.id === failed.id);
  return (
    <Layout title="Thư đến cần phân loại" viewer={viewer} csrf={csrf} current="/hop-thu-den">
      <Flash text={flash} />
      <ErrorSummary
        message={failed?.error.message}
        details={
          failed
            ? (failed.error.details ?? []).map((d) =>
                d.field === "reference"
                  ? { field: referenceField(failed.id), message: `Mã yêu cầu: ${d.message}` }
                  : d,
              )
            : undefined
        }
        fieldIds={shown && failed ? new Set([referenceField(failed.id)]) : undefined}
      />
      <p>
        Thư gửi về hệ thống cần người xem: thư không đối chiếu được với yêu cầu nào (gắn vào đúng yêu cầu bằng
        mã PH-…), thư không xử lý được, và thư đã khớp nhưng chưa đủ tin cậy để tự tính là trả lời (xác nhận
        hoặc bỏ qua).
      </p>
      <form method="get" action="/hop-thu-den" class="filters" aria-label="Lọc thư đến">
        <div class="field">
          <label for="loc-status">Trạng thái</label>
          <select id="loc-status" name="status">
            {STATUSES.map((s) => (
              <option value={s} selected={s === status}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Lọc</button>
      </form>
      {list.items.length === 0 ? (
        <p>Không có thư nào ở trạng thái này.</p>
      ) : (
        list.items.map((item) => (
          <InboundArticle
            item={item}
            csrf={csrf}
            cursor={cursor}
            failed={failed?.id === item.id ? failed : undefined}
          />
        ))
      )}
      {(cursor || list.nextCursor) && (
        <p class="pager">
          {cursor && <a href={`/hop-thu-den?status=${status}`}>← Trang đầu</a>}{" "}
          {list.nextCursor && (
            <a href={`/hop-thu-den?status=${status}&cursor=${encodeURIComponent(list.nextCursor)}`}>
              Trang sau →
            </a>
          )}
        </p>
      )}
    </Layout>
  );
};

const parseStatus = (raw: string | undefined): InboxView => STATUSES.find((s) => s === raw) ?? "triage";

async function fetchInbox(c: Context<WebEnv>, status: InboxView, cursor: string | undefined) {
  return must(await c.get("api").get("/v1/inbound", { query: { status, limit: "20", cursor } }));
}

/** Unmatched inbound mail (the triage queue): read it, attach it to a request by its reference. */
export function registerInboxPages(web: Hono<WebEnv>): void {
  web.get("/hop-thu-den", async (c) => {
    const status = parseStatus(c.req.query("status"));
    const cursor = c.req.query("cursor") || undefined;
    const list = await fetchInbox(c, status, cursor);
    return c.html(
      <InboxPage
        viewer={c.get("viewer")}
        csrf={c.get("csrf")}
        status={status}
        cursor={cursor}
        list={list}
        flash={takeFlash(c)}
      />,
    );
  });

  web.post("/hop-thu-den/:id/:outcome{xac-nhan|bo-qua}", async (c) => {
    const id = c.req.param("id");
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new PageError(404, "Không tìm thấy thư");
    const outcome = REVIEW_PATHS[c.req.param("outcome")]!;
    const res = await c
      .get("api")
      .send("POST", "/v1/inbound/{id}/review", { param: { id }, json: { outcome } });
    if (res.ok) {
      const done = outcome === "confirmed" ? "Đã xác nhận thư: thư được tính" : "Đã bỏ qua thư: không tính";
      return redirectWithFlash(c, "/hop-thu-den", done);
    }
    if (refusalOf(res.error) !== "conflict") must(res);
    return redirectWithFlash(c, "/hop-thu-den", res.error.message);
  });

  web.post("/hop-thu-den/:id/gan", async (c) => {
    const id = c.req.param("id");
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new PageError(404, "Không tìm thấy thư");
    const form = await c.req.parseBody();
    const typed = typeof form.reference === "string" ? form.reference : "";
    const cursor = typeof form.cursor === "string" && form.cursor ? form.cursor : undefined;
    const res = await c.get("api").send("POST", "/v1/inbound/{id}/attach", {
      param: { id },
      json: { reference: typed.trim().toUpperCase() },
    });
    if (res.ok) {
      const done = `Đã gắn thư “${res.body.subject ?? "(không có tiêu đề)"}” vào yêu cầu ${typed.trim().toUpperCase()}`;
      return redirectWithFlash(c, `/hop-thu-den`, done);
    }
    // A wrong reference, or a message someone else has just handled: said beside the field. Anything else is a page.
    const aboutReference = res.error.details?.some((d) => d.field === "reference");
    const refusal = refusalOf(res.error);
    if (
      !(refusal === "conflict" || ((refusal === "validation" || refusal === "not_found") && aboutReference))
    )
      must(res);
    const list = await fetchInbox(c, "unmatched", cursor);
    return c.html(
      <InboxPage
        viewer={c.get("viewer")}
        csrf={c.get("csrf")}
        status="unmatched"
        cursor={cursor}
        list={list}
        failed={{ id, reference: typed, error: res.error }}
      />,
      refusal === "conflict" ? 409 : refusal === "not_found" ? 404 : 400,
    );
  });
}
