import type { Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Principal } from "../../auth/tokens.js";
import { CENTRAL_CODE } from "../../domain/central-committee.js";
import type { Answer, ApiError } from "../api-client.js";
import type { Committee } from "../committee-list.js";
import type { WebEnv } from "../context.js";
import { redirectWithFlash } from "../flash.js";
import { errorsByField, Field } from "../form-field.js";
import { dateVi } from "../format.js";
import { hasRole, must, PageError, pageStatusOf, passFile, refusalOf } from "../guards.js";
import { CsrfField, ErrorSummary, fieldId } from "../layout.js";

// The báo cáo tổng kết on /bao-cao: the ones the committee may read, with their .docx, and the form that issues one
// for a closed term or year (the whole country for the central committee, or one committee's own figures).

export type SummaryItem = Answer<"GET", "/v1/statistics/summaries">["items"][number];

export async function loadSummaries(c: Context<WebEnv>): Promise<SummaryItem[]> {
  return must(await c.get("api").get("/v1/statistics/summaries")).items;
}

export interface SummaryFailure {
  error: ApiError;
  form: Record<string, string>;
  status: ContentfulStatusCode;
}

const FIELDS = new Set(["periodKey", "committee"]);

export const SummariesSection: FC<{
  items: SummaryItem[];
  viewer: Principal;
  committees: Committee[];
  csrf: string;
  failed?: SummaryFailure | undefined;
}> = (p) => {
  const errors = errorsByField(p.failed?.error);
  const form = p.failed?.form ?? {};
  const central = p.viewer.committeeCode === CENTRAL_CODE;
  return (
    <section aria-labelledby="tong-ket">
      <h2 id="tong-ket">Báo cáo tổng kết</h2>
      {p.items.length === 0 ? (
        <p class="muted">Chưa có báo cáo tổng kết nào.</p>
      ) : (
        <ul>
          {p.items.map((s) => (
            <li>
              <a href={`/bao-cao/tong-ket/${s.id}.docx`}>Số {s.symbol}</a> — kỳ {s.periodKey},{" "}
              {s.scope ? `số liệu của ${s.scope}` : "toàn quốc"}, {s.issuer} ngày {dateVi(s.issuedOn)}
            </li>
          ))}
        </ul>
      )}
      {(hasRole(p.viewer, "approver") || hasRole(p.viewer, "admin")) && (
        <form method="post" action="/bao-cao/tong-ket" class="filters">
          <ErrorSummary
            message={p.failed?.error.message}
            details={p.failed?.error.details}
            fieldIds={FIELDS}
          />
          <CsrfField csrf={p.csrf} />
          <Field name="periodKey" label="Kỳ tổng kết" hint="Ví dụ: NK2020-2025, 2025" errors={errors}>
            <input type="text" id={fieldId("periodKey")} name="periodKey" value={form.periodKey ?? ""} />
          </Field>
          {central && (
            <Field name="committee" label="Phạm vi" errors={errors}>
              <select id={fieldId("committee")} name="committee">
                <option value="">Toàn quốc</option>
                {p.committees
                  .filter((c) => c.code !== CENTRAL_CODE)
                  .map((c) => (
                    <option value={c.code} selected={form.committee === c.code}>
                      Riêng {c.name}
                    </option>
                  ))}
              </select>
            </Field>
          )}
          <button type="submit">Lập báo cáo tổng kết</button>
        </form>
      )}
    </section>
  );
};

export function registerSummaryPages(
  web: Hono<WebEnv>,
  showWithError: (c: Context<WebEnv>, failed: SummaryFailure) => Promise<Response>,
): void {
  web.post("/bao-cao/tong-ket", async (c) => {
    const body = await c.req.parseBody();
    const form = {
      periodKey: typeof body.periodKey === "string" ? body.periodKey.trim() : "",
      committee: typeof body.committee === "string" ? body.committee.trim() : "",
    };
    const res = await c.get("api").send("POST", "/v1/statistics/summaries", {
      json: { periodKey: form.periodKey, ...(form.committee ? { committee: form.committee } : {}) },
    });
    if (!res.ok && ["validation", "forbidden"].includes(refusalOf(res.error)))
      return showWithError(c, { error: res.error, form, status: pageStatusOf(res.error) });
    const issued = must(res);
    return redirectWithFlash(c, "/bao-cao#tong-ket", `Đã lập báo cáo tổng kết số ${issued.symbol}.`);
  });

  // The file passes through from the API, which decides who may read it.
  web.get("/bao-cao/tong-ket/:file", async (c) => {
    const file = c.req.param("file");
    if (!/^[0-9a-f-]{36}\.docx$/.test(file)) throw new PageError(404, "Không tìm thấy báo cáo tổng kết");
    const res = await c.get("api").raw("GET", `/v1/statistics/summaries/${file}`);
    return passFile(res, "Không tìm thấy báo cáo tổng kết", "Chưa lấy được báo cáo tổng kết");
  });
}
