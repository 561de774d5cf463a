import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FC } from "hono/jsx";
import type { Principal } from "../../auth/tokens.js";
import { CENTRAL_CODE } from "../../domain/central-committee.js";
import { formatInteger } from "../../domain/vn-format.js";
import type { Answer, ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { redirectWithFlash } from "../flash.js";
import { Field, errorsByField } from "../form-field.js";
import { dateTimeVi, dateVi } from "../format.js";
import { hasRole, must, pageStatusOf, refusalOf } from "../guards.js";
import { CsrfField, ErrorSummary, fieldId } from "../layout.js";
import { RATE_LABELS } from "./report-statistics-data.js";

// The national figures the central committee has published (/bao-cao): every committee reads them; the central
// admin publishes a closed period. A province sees national totals only this way (statistics-publications.ts).

export type Publication = Answer<"GET", "/v1/statistics/publications">["items"][number];

export async function loadPublications(c: Context<WebEnv>): Promise<Publication[]> {
  return must(await c.get("api").get("/v1/statistics/publications")).items;
}

const PublishForm: FC<{ csrf: string; error?: ApiError | undefined; value?: string | undefined }> = (p) => {
  const errors = errorsByField(p.error);
  return (
    <form method="post" action="/bao-cao/cong-bo" class="filters">
      <ErrorSummary message={p.error?.message} details={p.error?.details} fieldIds={new Set(["periodKey"])} />
      <CsrfField csrf={p.csrf} />
      <Field
        name="periodKey"
        label="Công bố số liệu toàn quốc của kỳ"
        hint="Ví dụ: 2025, 2026-Q1, NK2020-2025"
        errors={errors}
      >
        <input type="text" id={fieldId("periodKey")} name="ky" value={p.value ?? ""} />
      </Field>
      <button type="submit">Công bố</button>
    </form>
  );
};

export const PublicationsSection: FC<{
  items: Publication[];
  viewer: Principal;
  csrf: string;
  error?: ApiError | undefined;
  value?: string | undefined;
}> = (p) => (
  <section aria-labelledby="cong-bo">
    <h2 id="cong-bo">Số liệu toàn quốc đã công bố</h2>
    {p.items.length === 0 ? (
      <p class="muted">UBKT Đảng ủy Công an Trung ương chưa công bố số liệu toàn quốc của kỳ nào.</p>
    ) : (
      p.items.map((pub) => (
        <div class="table-wrap">
          <table>
            <caption class="muted">
              Kỳ {pub.periodKey} ({dateVi(pub.figures.from)} – {dateVi(pub.figures.to)}), công bố{" "}
              {dateTimeVi(pub.publishedAt)}
              {pub.publishedBy ? ` bởi ${pub.publishedBy}` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Chỉ tiêu</th>
                <th scope="col">Tỷ lệ (phân số)</th>
              </tr>
            </thead>
            <tbody>
              {RATE_LABELS.filter(([key]) => pub.figures.rates[key]).map(([key, label]) => {
                const r = pub.figures.rates[key]!;
                return (
                  <tr>
                    <th scope="row">{label}</th>
                    <td>
                      {r.text} ({formatInteger(r.numerator)}/{formatInteger(r.denominator)})
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))
    )}
    {p.viewer.committeeCode === CENTRAL_CODE && hasRole(p.viewer, "admin") && (
      <PublishForm csrf={p.csrf} error={p.error} value={p.value} />
    )}
  </section>
);

export function registerPublicationPages(
  web: Hono<WebEnv>,
  showWithError: (
    c: Context<WebEnv>,
    failed: { error: ApiError; value: string; status: ContentfulStatusCode },
  ) => Promise<Response>,
): void {
  web.post("/bao-cao/cong-bo", async (c) => {
    const form = await c.req.parseBody();
    const key = typeof form.ky === "string" ? form.ky.trim() : "";
    const res = await c.get("api").send("POST", "/v1/statistics/publications", { json: { periodKey: key } });
    if (!res.ok && ["validation", "forbidden", "conflict"].includes(refusalOf(res.error)))
      return showWithError(c, { error: res.error, value: key, status: pageStatusOf(res.error) });
    must(res);
    return redirectWithFlash(c, "/bao-cao#cong-bo", `Đã công bố số liệu toàn quốc kỳ ${key}.`);
  });
}
