import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FC } from "hono/jsx";
import type { Principal } from "../../auth/tokens.js";
import type { ErrorDetail } from "../../errors.js";
import { DOCX_UPLOAD_TYPE, TEMPLATE_UPLOAD_MAX_BYTES } from "../../http/middleware.js";
import type { ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { dateTimeVi } from "../format.js";
import { must, PageError, requireWebRole } from "../guards.js";
import { CsrfField, ErrorSummary, Flash, fieldId, Layout } from "../layout.js";

interface Version {
  id: string;
  scope: string;
  version: number;
  active: boolean;
  size: number;
  tags: string[];
  note: string;
  uploadedBy: string | null;
  uploadedAt: string;
  activatedAt: string | null;
}

interface Template {
  name: string;
  effective: Version | null;
  versions: Version[];
}

/** What the upload form shows again after a refusal: the field errors, the validation report, what was typed. */
interface UploadState {
  fileError?: string;
  noteError?: string;
  problems?: ErrorDetail[];
  note: string;
  activate: boolean;
}

const LABELS: Record<string, string> = {
  "cong-van": "Công văn",
  "bao-cao": "Báo cáo",
  "chuong-trinh": "Chương trình",
  "ke-hoach": "Kế hoạch",
  "thong-bao": "Thông báo",
};
const label = (name: string) => LABELS[name] ?? name;
const BUILT_IN = "ban-goc";
const NAME = /^[a-z0-9][a-z0-9-]{0,60}$/;
const VERSION_REF = /^(ban-goc|[1-9]\d{0,8})$/;
const builtIn = (v: Version) => v.scope === "built-in";
/** How a version is named in page links and forms: its number, or "ban-goc" for the built-in one. */
const refOf = (v: Version) => (builtIn(v) ? BUILT_IN : String(v.version));
const apiRef = (ref: string) => (ref === BUILT_IN ? "built-in" : Number(ref));
const rowId = (v: Version) => `phien-ban-${builtIn(v) ? "goc-" : ""}${v.version}`;
const versionName = (v: Version) =>
  builtIn(v) ? `Bản đi kèm phần mềm (phiên bản ${v.version})` : `Phiên bản ${v.version} của ủy ban`;

/** The committee's own versions, newest first, then the built-in ones (the API lists the built-in ones first). */
const newestFirst = (t: Template) => [
  ...t.versions.filter((v) => !builtIn(v)),
  ...t.versions.filter(builtIn),
];

function uploaderOf(v: Version, viewer: Principal): string {
  if (builtIn(v)) return "Đi kèm phần mềm";
  if (!v.uploadedBy) return "Không rõ";
  if (v.uploadedBy === viewer.tokenId) return "Anh/chị (mã truy cập đang dùng)";
  return `Mã truy cập ${v.uploadedBy.slice(0, 8)}…`;
}

const ListPage: FC<{ viewer: Principal; csrf: string; items: Template[] }> = ({ viewer, csrf, items }) => (
  <Layout title="Mẫu văn bản" viewer={viewer} csrf={csrf} current="/mau-van-ban">
    <p>
      Mẫu Word (.docx) dùng để tạo văn bản của ủy ban {viewer.committeeCode}. Mỗi mẫu dùng bản đi kèm phần mềm
      cho đến khi ủy ban tải lên và chọn dùng phiên bản riêng.
    </p>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Mẫu</th>
            <th scope="col">Đang dùng</th>
            <th scope="col">Phiên bản riêng của ủy ban</th>
          </tr>
        </thead>
        <tbody>
          {items.map((t) => (
            <tr>
              <td>
                <a href={`/mau-van-ban/${t.name}`}>{label(t.name)}</a> <span class="muted">({t.name})</span>
              </td>
              <td>
                {t.effective ? versionName(t.effective) : "—"}
                {t.effective?.activatedAt && (
                  <span class="muted"> · từ {dateTimeVi(t.effective.activatedAt)}</span>
                )}
              </td>
              <td>{t.versions.filter((v) => !builtIn(v)).length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  </Layout>
);

const VersionActions: FC<{ t: Template; v: Version; csrf: string }> = ({ t, v, csrf }) => {
  const inEffect = t.effective?.id === v.id;
  // The API previews and restores only the built-in version currently shipped, not older built-in ones.
  const usable = !builtIn(v) || v.active;
  return (
    <div class="actions">
      {usable && (
        <a class="button" href={`/mau-van-ban/${t.name}/xem-truoc?phien-ban=${refOf(v)}`}>
          Tải bản xem trước<span class="muted"> ({versionName(v)})</span>
        </a>
      )}
      {usable && !inEffect && (
        <form method="post" action={`/mau-van-ban/${t.name}/kich-hoat`}>
          <CsrfField csrf={csrf} />
          <input type="hidden" name="phien-ban" value={refOf(v)} />
          <button type="submit">{builtIn(v) ? "Quay về bản đi kèm phần mềm" : "Dùng phiên bản này"}</button>
        </form>
      )}
    </div>
  );
};

const VersionsTable: FC<{ t: Template; viewer: Principal; csrf: string; fresh?: string }> = (p) => (
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">Phiên bản</th>
          <th scope="col">Tải lên</th>
          <th scope="col">Trạng thái</th>
          <th scope="col">Thao tác</th>
        </tr>
      </thead>
      <tbody>
        {newestFirst(p.t).map((v) => (
          <tr id={rowId(v)} class={p.fresh === refOf(v) ? "fresh" : undefined}>
            <td>
              {versionName(v)}
              {p.fresh === refOf(v) && (
                <>
                  {" "}
                  <span class="badge ok">Mới tải lên</span>
                </>
              )}
              {v.note && <span class="hint">Ghi chú: {v.note}</span>}
            </td>
            <td>
              {uploaderOf(v, p.viewer)}
              <span class="hint">{dateTimeVi(v.uploadedAt)}</span>
            </td>
            <td>
              {p.t.effective?.id === v.id ? (
                <span class="badge ok">Đang dùng</span>
              ) : (
                <span class="badge">Không dùng</span>
              )}
            </td>
            <td>
              <VersionActions t={p.t} v={v} csrf={p.csrf} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

const VersionTags: FC<{ t: Template; fresh?: string }> = ({ t, fresh }) => (
  <>
    {newestFirst(t).map((v) => (
      <details class="version-tags" open={fresh ? fresh === refOf(v) : t.effective?.id === v.id}>
        <summary>
          {versionName(v)}: {v.tags.length} thẻ
        </summary>
        <ul class="tags">
          {v.tags.map((tag) => (
            <li>
              <code>{`{${tag}}`}</code>
            </li>
          ))}
        </ul>
      </details>
    ))}
  </>
);

/** The validation report of a refused upload: each problem, where it is in the package, and which tag. */
const Problems: FC<{ problems: ErrorDetail[] }> = ({ problems }) => (
  <ol class="problems" id="bao-cao-kiem-tra" aria-label="Các lỗi của tệp mẫu">
    {problems.map((p) => (
      <li>
        {p.message}
        {(p.location || p.tag) && (
          <span class="hint">
            {p.location && (
              <>
                Vị trí: <code>{p.location}</code>
              </>
            )}
            {p.location && p.tag && " · "}
            {p.tag && (
              <>
                Thẻ: <code>{p.tag}</code>
              </>
            )}
            {p.code && <> · mã lỗi {p.code}</>}
          </span>
        )}
      </li>
    ))}
  </ol>
);

const UploadForm: FC<{ name: string; csrf: string; state: UploadState }> = ({ name, csrf, state }) => {
  const fileErr = state.fileError ? `${fieldId("tep")}-error` : "";
  const noteErr = state.noteError ? `${fieldId("ghi-chu")}-error` : "";
  return (
    <form method="post" action={`/mau-van-ban/${name}`} enctype="multipart/form-data" class="stack">
      <CsrfField csrf={csrf} />
      <div class={`field${state.fileError ? " invalid" : ""}`}>
        <label for={fieldId("tep")}>Tệp mẫu (.docx)</label>
        <span class="hint" id={`${fieldId("tep")}-hint`}>
          Văn bản Word, tối đa 10 MB. Tệp được kiểm tra trước khi nhận; nếu có lỗi, không có gì thay đổi.
        </span>
        {state.fileError && (
          <span class="field-error" id={fileErr}>
            {state.fileError}
          </span>
        )}
        {state.problems && state.problems.length > 0 && <Problems problems={state.problems} />}
        <input
          type="file"
          id={fieldId("tep")}
          name="tep"
          accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          required
          aria-describedby={`${fieldId("tep")}-hint ${fileErr}`.trim()}
          aria-invalid={state.fileError ? "true" : undefined}
        />
      </div>
      <div class={`field${state.noteError ? " invalid" : ""}`}>
        <label for={fieldId("ghi-chu")}>Ghi chú phiên bản (không bắt buộc)</label>
        {state.noteError && (
          <span class="field-error" id={noteErr}>
            {state.noteError}
          </span>
        )}
        <input
          type="text"
          id={fieldId("ghi-chu")}
          name="ghi-chu"
          maxlength={500}
          value={state.note}
          aria-describedby={noteErr || undefined}
          aria-invalid={state.noteError ? "true" : undefined}
        />
      </div>
      <div class="field">
        <label>
          <input type="checkbox" name="dung-ngay" value="1" checked={state.activate} /> Dùng ngay phiên bản
          này cho văn bản mới
        </label>
      </div>
      <button type="submit" class="primary">
        Tải lên
      </button>
    </form>
  );
};

interface PageExtras {
  flash?: string | undefined;
  warnings?: string[];
  fresh?: string | undefined;
  error?: ApiError;
  upload?: UploadState;
}

async function renderTemplate(
  c: Context<WebEnv>,
  name: string,
  extra: PageExtras = {},
  status: ContentfulStatusCode = 200,
) {
  const t = await loadTemplate(c, name);
  const viewer = c.get("viewer")!;
  const csrf = c.get("csrf");
  const upload = extra.upload ?? { note: "", activate: false };
  return c.html(
    <Layout title={`Mẫu văn bản: ${label(name)}`} viewer={viewer} csrf={csrf} current="/mau-van-ban">
      <p>
        <a href="/mau-van-ban">← Các mẫu văn bản</a>
      </p>
      <Flash text={extra.flash} />
      {extra.warnings && extra.warnings.length > 0 && (
        <div class="flash" role="status">
          <p>Lưu ý về phiên bản mới:</p>
          <ul>
            {extra.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <ErrorSummary
        message={extra.error?.message}
        details={extra.error?.details}
        fieldIds={new Set(["tep", "ghi-chu"])}
      />
      <dl class="facts">
        <dt>Tên mẫu</dt>
        <dd>{name}</dd>
        <dt>Đang dùng</dt>
        <dd>{t.effective ? versionName(t.effective) : "—"}</dd>
      </dl>
      <h2>Các phiên bản</h2>
      <VersionsTable t={t} viewer={viewer} csrf={csrf} fresh={extra.fresh} />
      <h2>Thẻ dùng trong từng phiên bản</h2>
      <VersionTags t={t} fresh={extra.fresh} />
      <h2 id="tai-len">Tải lên phiên bản mới</h2>
      <UploadForm name={name} csrf={csrf} state={upload} />
    </Layout>,
    status,
  );
}

function requireName(name: string): string {
  if (!NAME.test(name)) throw new PageError(404, "Không có mẫu văn bản này");
  return name;
}

async function loadTemplate(c: Context<WebEnv>, name: string): Promise<Template> {
  requireName(name);
  const res = await c.get("api").get<Template>(`/v1/templates/${name}`);
  if (!res.ok && (res.status === 404 || res.status === 400))
    throw new PageError(404, "Không có mẫu văn bản này");
  return must(res);
}

const isDocxName = (file: File) => /\.docx$/i.test(file.name);

/** The file and fields of the upload form, or the field errors that stop it before the API is asked. */
function readUploadForm(form: Record<string, string | File>): { file?: File; state: UploadState } {
  const state: UploadState = {
    note: typeof form["ghi-chu"] === "string" ? form["ghi-chu"].trim() : "",
    activate: form["dung-ngay"] === "1",
  };
  const file = form.tep;
  if (!(file instanceof File) || file.size === 0)
    return { state: { ...state, fileError: "Hãy chọn tệp mẫu (.docx)" } };
  if (!isDocxName(file)) {
    return {
      state: { ...state, fileError: "Tệp phải là văn bản Word có đuôi .docx (không nhận .doc, .docm, .pdf)" },
    };
  }
  if (file.size > TEMPLATE_UPLOAD_MAX_BYTES) return { state: { ...state, fileError: "Tệp lớn hơn 10 MB" } };
  return { file, state };
}

/** The API's refusal, placed at the fields: the validation report beside the file, a note error beside the note. */
function refusedUpload(state: UploadState, error: ApiError): UploadState {
  const details = error.details ?? [];
  const noteError = details.find((d) => d.field?.includes("note"))?.message;
  const others = details.filter((d) => !d.field?.includes("note"));
  return {
    ...state,
    ...(noteError ? { noteError } : {}),
    ...(others.length || !noteError ? { fileError: error.message, problems: others } : {}),
  };
}

/** The form again, its errors beside the fields and listed (linked to them) at the top. */
function renderUploadRefusal(
  c: Context<WebEnv>,
  name: string,
  upload: UploadState,
  status: 400 | 413 | 415 | 422,
) {
  const details: ErrorDetail[] = [
    ...(upload.fileError ? [{ field: "tep", message: upload.fileError }] : []),
    ...(upload.noteError ? [{ field: "ghi-chu", message: upload.noteError }] : []),
  ];
  const error = { code: "validation_failed", message: "Chưa tải lên được phiên bản mới", details };
  return renderTemplate(c, name, { error, upload }, status);
}

/** A problem as one line, for the error summary: its message, place and tag. */
function describeProblem(p: ErrorDetail): ErrorDetail {
  const where = [p.location && `vị trí ${p.location}`, p.tag && `thẻ ${p.tag}`].filter(Boolean).join(", ");
  return { message: where ? `${p.message} (${where})` : p.message };
}

function uploadedFlash(v: Version): string {
  return v.active
    ? `Đã nhận phiên bản ${v.version} và dùng cho văn bản mới`
    : `Đã nhận phiên bản ${v.version}. Văn bản mới vẫn dùng phiên bản cũ cho đến khi anh/chị chọn “Dùng phiên bản này”`;
}

export function registerTemplatePages(web: Hono<WebEnv>): void {
  const admin = requireWebRole("admin");

  web.get("/mau-van-ban", admin, async (c) => {
    const { items } = must(await c.get("api").get<{ items: Template[] }>("/v1/templates"));
    return c.html(<ListPage viewer={c.get("viewer")!} csrf={c.get("csrf")} items={items} />);
  });

  web.get("/mau-van-ban/:name", admin, (c) =>
    renderTemplate(c, c.req.param("name"), {
      flash: c.req.query("da"),
      warnings: c.req.queries("canh-bao") ?? [],
      fresh: c.req.query("moi"),
    }),
  );

  web.post("/mau-van-ban/:name", admin, async (c) => {
    const name = requireName(c.req.param("name"));
    const { file, state } = readUploadForm(await c.req.parseBody());
    if (!file) return renderUploadRefusal(c, name, state, 400);
    const query = new URLSearchParams({ note: state.note, activate: String(state.activate) });
    const res = await c.get("api").raw("PUT", `/v1/templates/${name}?${query}`, {
      bytes: new Uint8Array(await file.arrayBuffer()),
      type: DOCX_UPLOAD_TYPE,
    });
    const body = (await res.json().catch(() => ({}))) as Version & {
      error?: ApiError;
      warnings?: ErrorDetail[];
    };
    if (res.ok) {
      const params = new URLSearchParams({ da: uploadedFlash(body), moi: String(body.version) });
      for (const w of body.warnings ?? []) params.append("canh-bao", w.message);
      return c.redirect(`/mau-van-ban/${name}?${params}#phien-ban-${body.version}`, 303);
    }
    const error = body.error ?? { code: "internal", message: `Lỗi ${res.status}` };
    if (res.status === 403 || res.status === 404) throw new PageError(res.status, error.message);
    if (![400, 413, 415, 422].includes(res.status)) throw new PageError(503, error.message);
    return renderUploadRefusal(c, name, refusedUpload(state, error), res.status as 400 | 413 | 415 | 422);
  });

  web.post("/mau-van-ban/:name/kich-hoat", admin, async (c) => {
    const name = requireName(c.req.param("name"));
    const form = await c.req.parseBody();
    const ref = typeof form["phien-ban"] === "string" ? form["phien-ban"] : "";
    if (!VERSION_REF.test(ref)) throw new PageError(400, "Không rõ phiên bản cần dùng");
    const res = await c
      .get("api")
      .send<Template>("POST", `/v1/templates/${name}/activate`, { version: apiRef(ref) });
    if (!res.ok) {
      if (res.status === 403) throw new PageError(403, res.error.message);
      return renderTemplate(c, name, { error: res.error }, res.status === 404 ? 404 : 400);
    }
    const done =
      ref === BUILT_IN ? "Đã quay về bản đi kèm phần mềm" : `Đã dùng phiên bản ${ref} cho văn bản mới`;
    return c.redirect(`/mau-van-ban/${name}?da=${encodeURIComponent(done)}`, 303);
  });

  // The API renders the preview; its .docx passes through as it is.
  web.get("/mau-van-ban/:name/xem-truoc", admin, async (c) => {
    const name = requireName(c.req.param("name"));
    const ref = c.req.query("phien-ban");
    if (ref !== undefined && !VERSION_REF.test(ref)) throw new PageError(404, "Không có phiên bản này");
    const json = JSON.stringify(ref === undefined ? {} : { version: apiRef(ref) });
    const res = await c.get("api").raw("POST", `/v1/templates/${name}/preview`, {
      bytes: new TextEncoder().encode(json),
      type: "application/json",
    });
    if (res.ok) return res;
    const error = ((await res.json().catch(() => ({}))) as { error?: ApiError }).error;
    const message = error?.message ?? "Chưa tạo được bản xem trước";
    if (res.status === 404 || res.status === 400) throw new PageError(404, message);
    if (res.status === 422 && error) {
      return renderTemplate(
        c,
        name,
        { error: { ...error, details: (error.details ?? []).map(describeProblem) } },
        422,
      );
    }
    throw new PageError(res.status === 403 ? 403 : 503, message);
  });
}
