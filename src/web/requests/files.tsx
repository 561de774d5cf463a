import type { Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import type { ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { redirectWithFlash, takeFlash } from "../flash.js";
import { errorsByField } from "../form-field.js";
import { mayFile, must, PageError, passFile, refusalOf, refusalStatus, refusedFor } from "../guards.js";
import { CsrfField, ErrorSummary, Flash, Layout } from "../layout.js";
import type { RequestDetail } from "../../routes/requests/schemas.js";

const EDITABLE = ["draft", "submitted"];
const sizeKb = (n: number) =>
  `${new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(n / 1024)} KB`;

/** On the request page: where its files are, and (for a classified letter waiting to go) the hand-over form. */
export const RequestFileLinks: FC<{ detail: RequestDetail; canFile: boolean }> = ({ detail: d, canFile }) => (
  <p>
    <a href={`/tep-dinh-kem/${d.id}`}>Tệp đính kèm (hồ sơ kèm theo)</a>
    {canFile && d.classification !== "thuong" && d.status === "issued" && (
      <>
        {" · "}
        <a href={`/ban-giao/${d.id}`}>Ghi nhận bàn giao văn bản mật</a>
      </>
    )}
  </p>
);

async function renderFiles(
  c: Context<WebEnv>,
  id: string,
  error?: ApiError,
  status: 200 | 400 | 403 | 404 | 409 | 413 | 415 = 200,
) {
  const api = c.get("api");
  const [detail, files] = await Promise.all([
    api.get("/v1/requests/{id}", { param: { id } }),
    api.get("/v1/requests/{id}/attachments", { param: { id } }),
  ]);
  if (refusedFor(detail, "not_found", "validation")) throw new PageError(404, "Không tìm thấy yêu cầu");
  const d = must(detail);
  const viewer = c.get("viewer")!;
  const editable = d.from === viewer.committeeCode && mayFile(viewer) && EDITABLE.includes(d.status);
  const errors = errorsByField(error);
  return c.html(
    <Layout title={`Tệp đính kèm — ${d.reference}`} viewer={viewer} csrf={c.get("csrf")} current="/yeu-cau">
      <Flash text={takeFlash(c)} />
      <ErrorSummary message={error?.message} details={error?.details} fieldIds={new Set(["file"])} />
      <p>
        <a href={`/yeu-cau/${d.id}`}>← Về yêu cầu {d.reference}</a>
      </p>
      {d.classification !== "thuong" && (
        <p class="notice" role="note">
          Văn bản mật: tệp đính kèm không bao giờ được gửi bằng thư điện tử.
        </p>
      )}
      <ul>
        {must(files).items.map((a) => (
          <li>
            <a href={`/tep-dinh-kem/${d.id}/${a.id}`}>{a.filename}</a> — {sizeKb(a.size)} · SHA-256{" "}
            <code>{a.sha256.slice(0, 16)}…</code>
            {editable && (
              <form method="post" action={`/tep-dinh-kem/${d.id}/${a.id}/go`} class="inline">
                <CsrfField csrf={c.get("csrf")} />
                <button type="submit" class="link">
                  Gỡ
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {editable ? (
        <form method="post" action={`/tep-dinh-kem/${d.id}`} enctype="multipart/form-data">
          <CsrfField csrf={c.get("csrf")} />
          <label for="f-file">Thêm tệp (PDF, DOCX, XLSX, ODT, JPEG, PNG)</label>
          {errors.get("file") && <p class="field-error">{errors.get("file")}</p>}
          <input id="f-file" type="file" name="file" required />
          <button type="submit">Đính kèm</button>
        </form>
      ) : (
        <p class="muted">Tệp đính kèm chỉ thay đổi được trước khi yêu cầu được phê duyệt.</p>
      )}
    </Layout>,
    status,
  );
}

async function renderHandover(
  c: Context<WebEnv>,
  id: string,
  error?: ApiError,
  status: 200 | 400 | 403 | 404 | 409 = 200,
) {
  const d = must(await c.get("api").get("/v1/requests/{id}", { param: { id } }));
  const errors = errorsByField(error);
  const field = (name: string, label: string, type = "text") => (
    <p>
      <label for={`f-${name}`}>{label}</label>
      {errors.get(name) && <span class="field-error"> {errors.get(name)}</span>}
      <input id={`f-${name}`} name={name} type={type} required={name !== "receiptNumber"} />
    </p>
  );
  return c.html(
    <Layout
      title={`Bàn giao văn bản mật — ${d.reference}`}
      viewer={c.get("viewer")}
      csrf={c.get("csrf")}
      current="/yeu-cau"
    >
      <ErrorSummary message={error?.message} details={error?.details} />
      <p>Ghi nhận việc chuyển văn bản; hạn trả lời và việc nhắc hạn bắt đầu tính từ thời điểm bàn giao.</p>
      <form method="post" action={`/ban-giao/${d.id}`}>
        <CsrfField csrf={c.get("csrf")} />
        <p>
          <label for="f-method">Cách chuyển</label>
          <select id="f-method" name="method">
            <option value="courier">Giao liên (đường công văn mật)</option>
            <option value="by_hand">Giao trực tiếp</option>
          </select>
        </p>
        {field("carriedBy", "Người chuyển")}
        {field("receivedBy", "Người nhận (ký nhận)")}
        {field("handedOverAt", "Thời điểm bàn giao (giờ Hà Nội)", "datetime-local")}
        {field("receiptNumber", "Số biên nhận của giao liên")}
        <button type="submit">Ghi nhận bàn giao</button>
      </form>
    </Layout>,
    status,
  );
}

export function registerRequestFilePages(web: Hono<WebEnv>): void {
  web.get("/tep-dinh-kem/:id", (c) => renderFiles(c, c.req.param("id")));
  web.post("/tep-dinh-kem/:id", async (c) => {
    const id = c.req.param("id");
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File) || file.size === 0) {
      return renderFiles(
        c,
        id,
        {
          code: "validation_failed",
          message: "Chưa chọn tệp",
          details: [{ field: "file", message: "chưa chọn tệp" }],
        },
        400,
      );
    }
    const res = await c.get("api").send("POST", "/v1/requests/{id}/attachments", {
      param: { id },
      query: { filename: file.name },
      file: { bytes: new Uint8Array(await file.arrayBuffer()), type: "application/octet-stream" },
    });
    if (!res.ok) {
      const error = res.error;
      const refusal = refusalOf(error);
      const status = refusal === "too_large" ? 413 : refusal === "unsupported" ? 415 : refusalStatus(error);
      return renderFiles(c, id, error, status);
    }
    return redirectWithFlash(c, `/tep-dinh-kem/${id}`, `Đã đính kèm ${file.name}`);
  });
  web.get("/tep-dinh-kem/:id/:file", async (c) => {
    const res = await c.get("api").raw("GET", `/v1/attachments/${encodeURIComponent(c.req.param("file"))}`);
    return passFile(res, "Không tìm thấy tệp", "Chưa lấy được tệp");
  });
  web.post("/tep-dinh-kem/:id/:file/go", async (c) => {
    const id = c.req.param("id");
    const res = await c
      .get("api")
      .send("DELETE", "/v1/attachments/{id}", { param: { id: c.req.param("file") } });
    if (!res.ok) return renderFiles(c, id, res.error, refusalStatus(res.error));
    return redirectWithFlash(c, `/tep-dinh-kem/${id}`, "Đã gỡ tệp");
  });

  web.get("/ban-giao/:id", (c) => renderHandover(c, c.req.param("id")));
  web.post("/ban-giao/:id", async (c) => {
    const id = c.req.param("id");
    const form = (await c.req.parseBody()) as Record<string, string>;
    // The form's local time is Hà Nội time (UTC+7, no daylight saving).
    const at = form.handedOverAt
      ? `${form.handedOverAt.length === 16 ? `${form.handedOverAt}:00` : form.handedOverAt}+07:00`
      : "";
    const res = await c.get("api").send("POST", "/v1/requests/{id}/handover", {
      param: { id },
      json: {
        method: form.method,
        carriedBy: form.carriedBy ?? "",
        receivedBy: form.receivedBy ?? "",
        handedOverAt: at,
        ...(form.receiptNumber?.trim() ? { receiptNumber: form.receiptNumber.trim() } : {}),
      },
    });
    if (!res.ok) return renderHandover(c, id, res.error, refusalStatus(res.error));
    return redirectWithFlash(c, `/yeu-cau/${id}`, "Đã ghi nhận bàn giao: hạn trả lời bắt đầu tính");
  });
}
