import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorDetail } from "../../errors.js";
import { DOCX_MIME } from "../../domain/media-types.js";
import { TEMPLATE_UPLOAD_MAX_BYTES } from "../../http/upload-limits.js";
import { type ApiError, apiPath, errorOfResponse } from "../api-client.js";
import type { WebEnv } from "../context.js";
import {
  must,
  PageError,
  type Refusal,
  refusalOf,
  refusedFor,
  requireWebRole,
  signedIn,
  withPageHeaders,
} from "../guards.js";
import { ErrorSummary, Flash, Layout } from "../layout.js";
import {
  BUILT_IN,
  ListPage,
  label,
  type Template,
  type UploadState,
  UploadForm,
  type Version,
  VersionsTable,
  VersionTags,
  versionName,
} from "./templates-view.js";
import { redirectWithFlash, takeFlash } from "../flash.js";

// The template pages (/mau-van-ban): the list, one template, upload, activate, preview.
// Their markup is in templates-view.tsx.

const NAME = /^[a-z0-9][a-z0-9-]{0,60}$/;
const VERSION_REF = /^(ban-goc|[1-9]\d{0,8})$/;
const apiRef = (ref: string) => (ref === BUILT_IN ? "built-in" : Number(ref));

interface PageExtras {
  flash?: string | undefined;
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
  const viewer = signedIn(c);
  const csrf = c.get("csrf");
  const upload = extra.upload ?? { note: "", activate: false };
  return c.html(
    <Layout title={`Mẫu văn bản: ${label(name)}`} viewer={viewer} csrf={csrf} current="/mau-van-ban">
      <p>
        <a href="/mau-van-ban">← Các mẫu văn bản</a>
      </p>
      <Flash text={extra.flash} />
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

/** The page an upload refusal becomes: the form again (with the report), or an error page. */
const UPLOAD_REFUSALS: Partial<Record<Refusal, 400 | 403 | 404 | 413 | 415 | 422>> = {
  validation: 400,
  forbidden: 403,
  not_found: 404,
  too_large: 413,
  unsupported: 415,
  unprocessable: 422,
};

function requireName(name: string): string {
  if (!NAME.test(name)) throw new PageError(404, "Không có mẫu văn bản này");
  return name;
}

async function loadTemplate(c: Context<WebEnv>, name: string): Promise<Template> {
  requireName(name);
  const res = await c.get("api").get("/v1/templates/{name}", { param: { name } });
  if (refusedFor(res, "not_found", "validation")) throw new PageError(404, "Không có mẫu văn bản này");
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
  const error: ApiError = { code: "validation_failed", message: "Chưa tải lên được phiên bản mới", details };
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
    const { items } = must(await c.get("api").get("/v1/templates"));
    return c.html(<ListPage viewer={signedIn(c)} csrf={c.get("csrf")} items={items} />);
  });

  web.get("/mau-van-ban/:name", admin, (c) =>
    renderTemplate(c, c.req.param("name"), {
      flash: takeFlash(c),
      fresh: c.req.query("moi"),
    }),
  );

  web.post("/mau-van-ban/:name", admin, async (c) => {
    const name = requireName(c.req.param("name"));
    const { file, state } = readUploadForm(await c.req.parseBody());
    if (!file) return renderUploadRefusal(c, name, state, 400);
    const res = await c.get("api").send("PUT", "/v1/templates/{name}", {
      param: { name },
      query: { note: state.note, activate: String(state.activate) },
      file: { bytes: new Uint8Array(await file.arrayBuffer()), type: DOCX_MIME },
    });
    if (res.ok) {
      const v = res.body;
      return redirectWithFlash(
        c,
        `/mau-van-ban/${name}?moi=${v.version}#phien-ban-${v.version}`,
        uploadedFlash(v),
      );
    }
    const error = res.error;
    const status = UPLOAD_REFUSALS[refusalOf(error)];
    if (status === 403 || status === 404) throw new PageError(status, error.message);
    if (status === undefined) throw new PageError(503, error.message);
    return renderUploadRefusal(c, name, refusedUpload(state, error), status);
  });

  web.post("/mau-van-ban/:name/kich-hoat", admin, async (c) => {
    const name = requireName(c.req.param("name"));
    const form = await c.req.parseBody();
    const ref = typeof form["phien-ban"] === "string" ? form["phien-ban"] : "";
    if (!VERSION_REF.test(ref)) throw new PageError(400, "Không rõ phiên bản cần dùng");
    const res = await c
      .get("api")
      .send("POST", "/v1/templates/{name}/activate", { param: { name }, json: { version: apiRef(ref) } });
    if (!res.ok) {
      const refusal = refusalOf(res.error);
      if (refusal === "forbidden") throw new PageError(403, res.error.message);
      return renderTemplate(c, name, { error: res.error }, refusal === "not_found" ? 404 : 400);
    }
    const done =
      ref === BUILT_IN ? "Đã quay về bản đi kèm phần mềm" : `Đã dùng phiên bản ${ref} cho văn bản mới`;
    return redirectWithFlash(c, `/mau-van-ban/${name}`, done);
  });

  // The API renders the preview; its .docx passes through as it is.
  web.get("/mau-van-ban/:name/xem-truoc", admin, async (c) => {
    const name = requireName(c.req.param("name"));
    const ref = c.req.query("phien-ban");
    if (ref !== undefined && !VERSION_REF.test(ref)) throw new PageError(404, "Không có phiên bản này");
    const json = JSON.stringify(ref === undefined ? {} : { version: apiRef(ref) });
    const res = await c.get("api").raw("POST", apiPath`/v1/templates/${name}/preview`, {
      bytes: new TextEncoder().encode(json),
      type: "application/json",
    });
    if (res.ok) return withPageHeaders(res);
    const error = await errorOfResponse(res);
    const message = error?.message ?? "Chưa tạo được bản xem trước";
    const refusal = error ? refusalOf(error) : "internal";
    if (refusal === "not_found" || refusal === "validation") throw new PageError(404, message);
    if (refusal === "unprocessable" && error) {
      return renderTemplate(
        c,
        name,
        { error: { ...error, details: (error.details ?? []).map(describeProblem) } },
        422,
      );
    }
    throw new PageError(refusal === "forbidden" ? 403 : 503, message);
  });
}
