import type { Context, Hono } from "hono";
import type { ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { redirectWithFlash, takeFlash } from "../flash.js";
import { dateVi } from "../format.js";
import { errorsByField, Field, fieldAria } from "../form-field.js";
import { must, PageError, refusalOf, requireWebRole } from "../guards.js";
import { CsrfField, ErrorSummary, Flash, fieldId, Layout } from "../layout.js";

// /chu-ky-so: the committee's signing certificates (admin): what is in use, until when; register a new one.

const MODE_LABELS = { stored_key: "Khóa lưu mã hóa trên máy chủ", external: "Ký bằng thiết bị (USB token)" };
const FIELDS = new Set(["pkcs12Base64", "password", "sealPngBase64", "certificatePem"]);

async function renderPage(
  c: Context<WebEnv>,
  extra: { flash?: string | undefined; error?: ApiError },
  status = 200,
) {
  const { items } = must(await c.get("api").get("/v1/signing-certificates"));
  const errors = errorsByField(extra.error);
  const active = items.find((i) => i.active);
  return c.html(
    <Layout title="Chữ ký số của ủy ban" viewer={c.get("viewer")} csrf={c.get("csrf")} current="/chu-ky-so">
      <Flash text={extra.flash} />
      <ErrorSummary message={extra.error?.message} details={extra.error?.details} fieldIds={FIELDS} />
      <p>
        {active
          ? `Văn bản ban hành được ký số bằng chứng thư của ${active.commonName}, hiệu lực đến ${dateVi(active.validUntil)}.`
          : "Ủy ban chưa có chứng thư số: văn bản ban hành không có chữ ký số."}
      </p>
      {items.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Chủ thể</th>
                <th scope="col">Tổ chức cấp</th>
                <th scope="col">Hiệu lực</th>
                <th scope="col">Cách ký</th>
                <th scope="col">Tình trạng</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr>
                  <td>
                    {i.subject}
                    <div class="muted">Số hiệu {i.serial}</div>
                  </td>
                  <td>{i.issuer}</td>
                  <td>
                    {dateVi(i.validFrom)} – {dateVi(i.validUntil)}
                  </td>
                  <td>
                    {MODE_LABELS[i.mode]}
                    {i.hasSeal && <div class="muted">có hình con dấu</div>}
                  </td>
                  <td>
                    {i.active ? <span class="badge ok">Đang dùng</span> : <span class="badge">Đã thay</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Đăng ký chứng thư số mới</h2>
      <form method="post" action="/chu-ky-so" enctype="multipart/form-data" class="stack" novalidate>
        <CsrfField csrf={c.get("csrf")} />
        <Field
          name="pkcs12Base64"
          label="Tệp chứng thư và khóa (.p12, .pfx)"
          errors={errors}
          hint="Bỏ trống nếu người ký giữ khóa trên thiết bị"
        >
          <input
            type="file"
            id={fieldId("pkcs12Base64")}
            name="p12"
            accept=".p12,.pfx"
            {...fieldAria("pkcs12Base64", errors, true)}
          />
        </Field>
        <Field name="password" label="Mật khẩu của tệp" errors={errors}>
          <input
            type="password"
            id={fieldId("password")}
            name="password"
            autocomplete="off"
            {...fieldAria("password", errors)}
          />
        </Field>
        <Field name="certificatePem" label="Hoặc: chứng thư (PEM) của người ký bằng thiết bị" errors={errors}>
          <textarea
            id={fieldId("certificatePem")}
            name="certificatePem"
            rows={4}
            {...fieldAria("certificatePem", errors)}
          />
        </Field>
        <Field name="sealPngBase64" label="Hình con dấu (PNG nền trong suốt, không bắt buộc)" errors={errors}>
          <input
            type="file"
            id={fieldId("sealPngBase64")}
            name="seal"
            accept=".png,image/png"
            {...fieldAria("sealPngBase64", errors)}
          />
        </Field>
        <button type="submit" class="primary">
          Đăng ký
        </button>
      </form>
    </Layout>,
    status as 200,
  );
}

const fileBase64 = async (v: unknown) =>
  v instanceof File && v.size > 0 ? Buffer.from(await v.arrayBuffer()).toString("base64") : undefined;

export function registerSigningCertificatePages(web: Hono<WebEnv>) {
  const admin = requireWebRole("admin");
  web.get("/chu-ky-so", admin, (c) => renderPage(c, { flash: takeFlash(c) }));
  web.post("/chu-ky-so", admin, async (c) => {
    const form = await c.req.parseBody();
    const p12 = await fileBase64(form.p12);
    const seal = await fileBase64(form.seal);
    const pem = typeof form.certificatePem === "string" ? form.certificatePem.trim() : "";
    const body = p12
      ? { mode: "stored_key", pkcs12Base64: p12, password: String(form.password ?? "") }
      : { mode: "external", certificatePem: pem };
    if (!p12 && !pem) {
      const message = "Chọn tệp .p12/.pfx hoặc dán chứng thư PEM của người ký bằng thiết bị";
      return renderPage(
        c,
        { error: { code: "validation_failed", message, details: [{ field: "pkcs12Base64", message }] } },
        400,
      );
    }
    const res = await c.get("api").send("POST", "/v1/signing-certificates", {
      json: { ...body, ...(seal ? { sealPngBase64: seal } : {}) },
    });
    if (res.ok)
      return redirectWithFlash(c, "/chu-ky-so", `Đã đăng ký chứng thư số của ${res.body.commonName}`);
    const refusal = refusalOf(res.error);
    if (refusal === "forbidden") throw new PageError(403, res.error.message);
    return renderPage(c, { error: res.error }, refusal === "unavailable" ? 503 : 400);
  });
}
