import type { FC } from "hono/jsx";
import type { Principal } from "../../auth/tokens.js";
import type { ErrorDetail } from "../../errors.js";
import type { Answer } from "../api-client.js";
import { dateTimeVi } from "../format.js";
import { CsrfField, fieldId, Layout } from "../layout.js";
import { Field, fieldAria } from "../form-field.js";

// The template pages' markup: the list of templates, one template's versions and tags, and the upload form.

export type Template = Answer<"GET", "/v1/templates/{name}">;
export type Version = Template["versions"][number];

/** What the upload form shows again after a refusal: the field errors, the validation report, what was typed. */
export interface UploadState {
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
export const label = (name: string) => LABELS[name] ?? name;
export const BUILT_IN = "ban-goc";
const builtIn = (v: Version) => v.scope === "built-in";
/** How a version is named in page links and forms: its number, or "ban-goc" for the built-in one. */
const refOf = (v: Version) => (builtIn(v) ? BUILT_IN : String(v.version));
const rowId = (v: Version) => `phien-ban-${builtIn(v) ? "goc-" : ""}${v.version}`;
export const versionName = (v: Version) =>
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

export const ListPage: FC<{ viewer: Principal; csrf: string; items: Template[] }> = ({
  viewer,
  csrf,
  items,
}) => (
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

export const VersionsTable: FC<{ t: Template; viewer: Principal; csrf: string; fresh?: string }> = (p) => (
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

export const VersionTags: FC<{ t: Template; fresh?: string }> = ({ t, fresh }) => (
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
        {p.context && (
          <span class="hint">
            Đoạn văn: <q>{p.context}</q>
          </span>
        )}
      </li>
    ))}
  </ol>
);

export const UploadForm: FC<{ name: string; csrf: string; state: UploadState }> = ({ name, csrf, state }) => {
  const errors = new Map<string, string>();
  if (state.fileError) errors.set("tep", state.fileError);
  if (state.noteError) errors.set("ghi-chu", state.noteError);
  return (
    <form method="post" action={`/mau-van-ban/${name}`} enctype="multipart/form-data" class="stack">
      <CsrfField csrf={csrf} />
      <Field
        name="tep"
        label="Tệp mẫu (.docx)"
        hint="Văn bản Word, tối đa 10 MB. Tệp được kiểm tra trước khi nhận; nếu có lỗi, không có gì thay đổi."
        errors={errors}
      >
        {state.problems && state.problems.length > 0 && <Problems problems={state.problems} />}
        <input
          type="file"
          id={fieldId("tep")}
          name="tep"
          accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          required
          {...fieldAria("tep", errors, true)}
        />
      </Field>
      <Field name="ghi-chu" label="Ghi chú phiên bản (không bắt buộc)" errors={errors}>
        <input
          type="text"
          id={fieldId("ghi-chu")}
          name="ghi-chu"
          maxlength={500}
          value={state.note}
          {...fieldAria("ghi-chu", errors)}
        />
      </Field>
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
