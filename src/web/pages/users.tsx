import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import { COMMITTEE_ROLES } from "../../domain/request-state.js";
import type { Answer, ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { dateTimeVi, ROLE_LABELS } from "../format.js";
import { must, PageError, refusalOf, refusalStatus, requireWebRole } from "../guards.js";
import { CsrfField, ErrorSummary, Flash, fieldId, Layout } from "../layout.js";
import { redirectWithFlash, takeFlash } from "../flash.js";
import { errorsByField, Field } from "../form-field.js";

// The committee's people and their tokens (/nguoi-dung), for its admins: add a person, set their roles, disable
// them, issue a token (shown once, never stored) and revoke one.

type User = Answer<"GET", "/v1/users">["items"][number];

type Form = Record<string, string | string[]>;

const RoleBoxes: FC<{ name: string; checked: readonly string[] }> = ({ name, checked }) => (
  <div class="inline-fields">
    {COMMITTEE_ROLES.map((r) => (
      <label>
        <input type="checkbox" name={name} value={r} checked={checked.includes(r)} /> {ROLE_LABELS[r]}
      </label>
    ))}
  </div>
);

const Post: FC<{ action: string; csrf: string; label: string; danger?: boolean; confirm?: string }> = (p) => (
  <form method="post" action={p.action} data-confirm={p.confirm}>
    <CsrfField csrf={p.csrf} />
    <button type="submit" class={p.danger ? "danger" : undefined}>
      {p.label}
    </button>
  </form>
);

const UserCard: FC<{ u: User; csrf: string }> = ({ u, csrf }) => (
  <article class="inbound" aria-label={u.name}>
    <h3>
      {u.name} <span class="muted">{u.email}</span>{" "}
      {u.disabledAt && <span class="badge bad">Đã vô hiệu hóa {dateTimeVi(u.disabledAt)}</span>}
    </h3>
    <form method="post" action={`/nguoi-dung/${u.id}/vai-tro`}>
      <CsrfField csrf={csrf} />
      <fieldset>
        <legend>Vai trò</legend>
        <RoleBoxes name="roles" checked={u.roles} />
        <button type="submit">Lưu vai trò</button>
      </fieldset>
    </form>
    <div class="actions">
      {!u.disabledAt && (
        <form method="post" action={`/nguoi-dung/${u.id}/ma`}>
          <CsrfField csrf={csrf} />
          <label for={`nhan-${u.id}`}>Nhãn mã mới (ví dụ: máy văn phòng)</label>{" "}
          <input type="text" id={`nhan-${u.id}`} name="label" />{" "}
          <button type="submit" class="primary">
            Cấp mã truy cập
          </button>
        </form>
      )}
      <Post
        action={`/nguoi-dung/${u.id}/trang-thai?vo-hieu=${u.disabledAt ? "0" : "1"}`}
        csrf={csrf}
        label={u.disabledAt ? "Cho dùng lại" : "Vô hiệu hóa"}
        danger={!u.disabledAt}
        confirm={u.disabledAt ? undefined : `Vô hiệu hóa ${u.name}? Mọi mã của người này thôi dùng được.`}
      />
    </div>
    {u.tokens.length > 0 && (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Mã truy cập</th>
              <th scope="col">Cấp lúc</th>
              <th scope="col">Dùng lần cuối</th>
              <th scope="col">Tình trạng</th>
            </tr>
          </thead>
          <tbody>
            {u.tokens.map((t) => (
              <tr>
                <td>{t.label || t.id.slice(0, 8)}</td>
                <td>{dateTimeVi(t.createdAt)}</td>
                <td>{dateTimeVi(t.lastUsedAt)}</td>
                <td>
                  {t.revokedAt ? (
                    <span class="badge">Đã thu hồi {dateTimeVi(t.revokedAt)}</span>
                  ) : (
                    <Post
                      action={`/nguoi-dung/${u.id}/ma/${t.id}/thu-hoi`}
                      csrf={csrf}
                      label="Thu hồi"
                      danger
                      confirm="Thu hồi mã này? Người dùng sẽ phải dùng mã khác."
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
  </article>
);

async function show(
  c: Context<WebEnv>,
  form: Form = {},
  error?: ApiError,
  status: ContentfulStatusCode = 200,
) {
  const users = must(await c.get("api").get("/v1/users")).items;
  const errors = errorsByField(error);
  const text = (name: string, label: string) => (
    <Field name={name} label={label} errors={errors}>
      <input
        type={name === "email" ? "email" : "text"}
        id={fieldId(name)}
        name={name}
        value={String(form[name] ?? "")}
      />
    </Field>
  );
  const roles = ([] as string[]).concat(form.roles ?? ["clerk"]);
  return c.html(
    <Layout title="Người dùng của ủy ban" viewer={c.get("viewer")} csrf={c.get("csrf")} current="/nguoi-dung">
      <Flash text={takeFlash(c)} />
      <ErrorSummary
        message={error?.message}
        details={error?.details}
        fieldIds={new Set(["name", "email", "roles"])}
      />
      <h2>Thêm người dùng</h2>
      <form method="post" action="/nguoi-dung" class="stack" novalidate>
        <CsrfField csrf={c.get("csrf")} />
        {text("name", "Họ và tên")}
        {text("email", "E-mail")}
        <fieldset id={fieldId("roles")} class={errors.has("roles") ? "invalid" : undefined}>
          <legend>Vai trò</legend>
          {errors.has("roles") && <span class="field-error">{errors.get("roles")}</span>}
          <RoleBoxes name="roles" checked={roles} />
        </fieldset>
        <button type="submit" class="primary">
          Thêm
        </button>
      </form>
      <h2>Danh sách</h2>
      {users.map((u) => (
        <UserCard u={u} csrf={c.get("csrf")} />
      ))}
    </Layout>,
    status,
  );
}

/** An API refusal: a 403 is the error page, anything else the people page again with the error shown. */
function refused(c: Context<WebEnv>, res: { ok: false; error: ApiError }, form: Form = {}) {
  if (refusalOf(res.error) === "forbidden") throw new PageError(403, res.error.message);
  return show(c, form, res.error, refusalStatus(res.error));
}
const rolesOf = (form: Form) => ([] as string[]).concat(form.roles ?? []);

export function registerUserPages(web: Hono<WebEnv>): void {
  web.use("/nguoi-dung/*", requireWebRole("admin"));
  web.get("/nguoi-dung", (c) => show(c));

  web.post("/nguoi-dung", async (c) => {
    const form = (await c.req.parseBody({ all: true })) as Form;
    const res = await c.get("api").send("POST", "/v1/users", {
      json: { name: String(form.name ?? ""), email: String(form.email ?? ""), roles: rolesOf(form) },
    });
    if (!res.ok) return refused(c, res, form);
    return redirectWithFlash(c, `/nguoi-dung`, `Đã thêm ${String(form.name).trim()}`);
  });

  web.post("/nguoi-dung/:id/vai-tro", async (c) => {
    const form = (await c.req.parseBody({ all: true })) as Form;
    const res = await c
      .get("api")
      .send("PATCH", "/v1/users/{id}", { param: { id: c.req.param("id") }, json: { roles: rolesOf(form) } });
    if (!res.ok) return refused(c, res);
    return redirectWithFlash(c, `/nguoi-dung`, "Đã lưu vai trò");
  });

  web.post("/nguoi-dung/:id/trang-thai", async (c) => {
    const disabled = c.req.query("vo-hieu") === "1";
    const res = await c
      .get("api")
      .send("PATCH", "/v1/users/{id}", { param: { id: c.req.param("id") }, json: { disabled } });
    if (!res.ok) return refused(c, res);
    return redirectWithFlash(c, `/nguoi-dung`, disabled ? "Đã vô hiệu hóa" : "Đã cho dùng lại");
  });

  web.post("/nguoi-dung/:id/ma", async (c) => {
    const form = (await c.req.parseBody()) as Record<string, string>;
    const res = await c.get("api").send("POST", "/v1/users/{id}/tokens", {
      param: { id: c.req.param("id") },
      json: { label: (form.label ?? "").trim() },
    });
    if (!res.ok) return refused(c, res);
    // Shown here once, never put in a URL, never stored: the page is not cached (pageHeaders: no-store).
    return c.html(
      <Layout title="Mã truy cập mới" viewer={c.get("viewer")} csrf={c.get("csrf")} current="/nguoi-dung">
        <p>
          <strong>
            Chép mã này và trao tận tay người dùng. Mã chỉ hiện một lần; hệ thống không lưu lại.
          </strong>
        </p>
        <pre class="mail" id="ma-moi">
          {res.body.token}
        </pre>
        <p>
          <a href="/nguoi-dung">← Người dùng của ủy ban</a>
        </p>
      </Layout>,
      201,
    );
  });

  web.post("/nguoi-dung/:id/ma/:tokenId/thu-hoi", async (c) => {
    const res = await c.get("api").send("POST", "/v1/users/{id}/tokens/{tokenId}/revoke", {
      param: { id: c.req.param("id"), tokenId: c.req.param("tokenId") },
      json: {},
    });
    if (!res.ok) return refused(c, res);
    return redirectWithFlash(c, `/nguoi-dung`, "Đã thu hồi mã");
  });
}
