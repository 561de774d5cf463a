import type { Context, Hono } from "hono";
import type { Principal } from "../../auth/tokens.js";
import type { ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { hasRole, must, PageError, refusalOf } from "../guards.js";
import { CsrfField, ErrorSummary, Flash, fieldId, Layout } from "../layout.js";
import { redirectWithFlash, takeFlash } from "../flash.js";
import { CENTRAL_CODE } from "../../domain/central-committee.js";
import { listCommittees } from "../committee-list.js";
import { errorsByField, Field } from "../form-field.js";

// The committee registry (/danh-ba): everyone reads it; an admin keeps their own committee's entry, and the central
// committee's admin the whole registry (the API decides). The registry ships with placeholder e-mails and signers.

const EDITABLE = ["email", "issuerAbbr", "signerName", "signerTitle", "placeName"] as const;
const LABELS: Record<(typeof EDITABLE)[number], string> = {
  email: "E-mail nhận văn bản",
  issuerAbbr: "Chữ viết tắt trong số ký hiệu (ví dụ UBKTTU)",
  signerName: "Người ký",
  signerTitle: "Chức danh người ký",
  placeName: "Địa danh ghi trên văn bản",
};

const mayEdit = (viewer: Principal, code: string) =>
  hasRole(viewer, "admin") && (viewer.committeeCode === code || viewer.committeeCode === CENTRAL_CODE);

const committees = (c: Context<WebEnv>) => listCommittees(c);

async function showForm(c: Context<WebEnv>, code: string, form?: Record<string, string>, error?: ApiError) {
  const viewer = c.get("viewer")!;
  const committee = (await committees(c)).find((x) => x.code === code);
  if (!committee) throw new PageError(404, "Không có ủy ban kiểm tra này");
  if (!mayEdit(viewer, code)) throw new PageError(403, "Chỉ quản trị viên được sửa thông tin ủy ban");
  const values: Record<string, string> = form ?? Object.fromEntries(EDITABLE.map((n) => [n, committee[n]]));
  const errors = errorsByField(error);
  return c.html(
    <Layout title={committee.name} viewer={viewer} csrf={c.get("csrf")} current="/danh-ba">
      <p>
        <a href="/danh-ba">← Danh bạ ủy ban</a>
      </p>
      <ErrorSummary message={error?.message} details={error?.details} fieldIds={new Set(EDITABLE)} />
      <form method="post" action={`/danh-ba/${code}`} class="stack" novalidate>
        <CsrfField csrf={c.get("csrf")} />
        {EDITABLE.map((name) => (
          <Field name={name} label={LABELS[name]} errors={errors}>
            {name === "signerTitle" ? (
              <select id={fieldId(name)} name={name}>
                {["CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"].map((t) => (
                  <option value={t} selected={values[name] === t}>
                    {t}
                  </option>
                ))}
              </select>
            ) : (
              <input
                type={name === "email" ? "email" : "text"}
                id={fieldId(name)}
                name={name}
                value={values[name] ?? ""}
              />
            )}
          </Field>
        ))}
        <label>
          <input type="checkbox" name="attachDocx" value="true" checked={committee.attachDocx} /> Thư gửi văn
          bản kèm cả tệp .docx (ngoài bản PDF)
        </label>
        <button type="submit" class="primary">
          Lưu
        </button>
      </form>
    </Layout>,
    error ? 400 : 200,
  );
}

export function registerCommitteePages(web: Hono<WebEnv>): void {
  web.get("/danh-ba", async (c) => {
    const viewer = c.get("viewer")!;
    const list = await committees(c);
    return c.html(
      <Layout title="Danh bạ ủy ban kiểm tra" viewer={viewer} csrf={c.get("csrf")} current="/danh-ba">
        <Flash text={takeFlash(c)} />
        {list.some((x) => x.missing.length) ? (
          <p role="status">
            {list.filter((x) => x.missing.length).length} ủy ban còn thiếu thông tin: văn bản không được phê
            duyệt khi ủy ban gửi hoặc nhận còn thiếu.
          </p>
        ) : null}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Ủy ban</th>
                <th scope="col">E-mail</th>
                <th scope="col">Người ký</th>
                <th scope="col">Còn thiếu</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr>
                  <td>
                    {mayEdit(viewer, x.code) ? <a href={`/danh-ba/${x.code}`}>{x.name}</a> : x.name}
                    <span class="hint">{x.code}</span>
                  </td>
                  <td>{x.email}</td>
                  <td>
                    {x.signerName}
                    <span class="hint">{x.signerTitle}</span>
                  </td>
                  <td>
                    {x.missing.length ? (
                      <ul class="missing">
                        {x.missing.map((m) => (
                          <li>{m.message}</li>
                        ))}
                      </ul>
                    ) : (
                      "Đủ thông tin"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Layout>,
    );
  });

  web.get("/danh-ba/:code", (c) => showForm(c, c.req.param("code")));

  web.post("/danh-ba/:code", async (c) => {
    const code = c.req.param("code");
    const form = (await c.req.parseBody()) as Record<string, string>;
    const body = {
      ...Object.fromEntries(EDITABLE.map((k) => [k, (form[k] ?? "").trim()])),
      attachDocx: form.attachDocx === "true",
    };
    const res = await c.get("api").send("PATCH", "/v1/committees/{code}", { param: { code }, json: body });
    if (!res.ok) {
      if (refusalOf(res.error) !== "validation") must(res);
      return showForm(c, code, form, res.error);
    }
    return redirectWithFlash(c, `/danh-ba`, `Đã lưu thông tin ${code}`);
  });
}
