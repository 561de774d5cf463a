import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import { FIGURE_LABELS, type FigureName, OPTIONAL_FIGURES } from "../../reports/figure-names.js";
import type { Answer, ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { dueDayText, formatInteger } from "../../domain/vn-format.js";
import { dateTimeVi } from "../format.js";
import { mayFile, must, PageError, refusalOf, refusalStatus, refusedFor, requireWebRole } from "../guards.js";
import { CsrfField, ErrorSummary, Flash, fieldId, Layout } from "../layout.js";
import { redirectWithFlash, takeFlash } from "../flash.js";
import { errorsByField, Field } from "../form-field.js";

// A committee's periodic figures (/bao-cao/so-lieu): send them for a period, read what was sent, correct it.

type Submission = Answer<"GET", "/v1/report-submissions/{id}">;

const FIGURES = Object.keys(FIGURE_LABELS) as FigureName[];
type Form = Record<string, string>;

/** A count as typed: a number when it is one, else the text itself, so the API answers with its own message. */
const count = (raw: string | undefined) => {
  const v = (raw ?? "").trim();
  return /^\d+$/.test(v) ? Number(v) : v;
};

const blank = (form: Form, f: FigureName) =>
  !(form[`figures.${f}.total`] ?? "").trim() && !(form[`figures.${f}.coordinated`] ?? "").trim();

/** The pairs typed in; an optional pair left empty is not reported (sent as absent, not as 0). */
const figuresOf = (form: Form) =>
  Object.fromEntries(
    FIGURES.filter((f) => !(OPTIONAL_FIGURES.includes(f) && blank(form, f))).map((f) => [
      f,
      { total: count(form[`figures.${f}.total`]), coordinated: count(form[`figures.${f}.coordinated`]) },
    ]),
  );

const formOf = (s: Submission): Form => ({
  periodKey: s.periodKey,
  note: s.note,
  ...Object.fromEntries(
    FIGURES.flatMap((f) => [
      [`figures.${f}.total`, s.figures[f] ? String(s.figures[f].total) : ""],
      [`figures.${f}.coordinated`, s.figures[f] ? String(s.figures[f].coordinated) : ""],
    ]),
  ),
});

const Cell: FC<{ name: string; label: string; form: Form; errors: Map<string, string> }> = (p) => (
  <Field name={p.name} label={p.label} errors={p.errors}>
    <input type="text" inputmode="numeric" id={fieldId(p.name)} name={p.name} value={p.form[p.name] ?? ""} />
  </Field>
);

const FiguresForm: FC<{
  action: string;
  csrf: string;
  form: Form;
  error?: ApiError | undefined;
  correcting: boolean;
}> = ({ action, csrf, form, error, correcting }) => {
  const errors = errorsByField(error);
  const text = (name: string, label: string, hint?: string) => (
    <Field name={name} label={label} hint={hint} errors={errors}>
      {name === "periodKey" ? (
        <input type="text" id={fieldId(name)} name={name} value={form[name] ?? ""} />
      ) : (
        <textarea id={fieldId(name)} name={name} rows={2}>
          {form[name] ?? ""}
        </textarea>
      )}
    </Field>
  );
  const names = new Set([
    "periodKey",
    "note",
    "reason",
    ...FIGURES.flatMap((f) => [`figures.${f}.total`, `figures.${f}.coordinated`]),
  ]);
  return (
    <form method="post" action={action} class="stack" novalidate>
      <ErrorSummary message={error?.message} details={error?.details} fieldIds={names} />
      <CsrfField csrf={csrf} />
      {!correcting &&
        text("periodKey", "Kỳ báo cáo", "Ví dụ: 2026-03 (tháng), 2026-Q2 (quý), 2026-H1, 2026-9T, 2026")}
      {FIGURES.map((f) => (
        <fieldset>
          <legend>{FIGURE_LABELS[f][0]!.toUpperCase() + FIGURE_LABELS[f].slice(1)}</legend>
          <div class="inline-fields">
            <Cell name={`figures.${f}.total`} label="Tổng số" form={form} errors={errors} />
            <Cell
              name={`figures.${f}.coordinated`}
              label="Trong đó có phối hợp"
              form={form}
              errors={errors}
            />
          </div>
        </fieldset>
      ))}
      {text("note", "Ghi chú")}
      {correcting && text("reason", "Lý do sửa số liệu")}
      <button type="submit" class="primary">
        {correcting ? "Gửi bản sửa" : "Gửi số liệu"}
      </button>
    </form>
  );
};

interface AwaitingReport {
  reference: string;
  periodKey: string;
  periodLabel: string;
  dueOn: string;
}

/** The periodic reports asking this committee for figures it has not sent yet, with their one due day. */
async function reportsAwaitingFigures(c: Context<WebEnv>): Promise<AwaitingReport[]> {
  const viewer = c.get("viewer")!;
  const res = await c.get("api").get("/v1/requests", { query: { kind: "periodic_report", limit: "50" } });
  if (!res.ok) return [];
  return res.body.items
    .filter((r) => r.to === viewer.committeeCode && typeof r.payload.dueOn === "string")
    .filter((r) => !["responded", "closed", "cancelled"].includes(r.status))
    .map((r) => ({
      reference: r.reference,
      periodKey: String(r.payload.periodKey),
      periodLabel: String(r.payload.periodLabel),
      dueOn: String(r.payload.dueOn),
    }));
}

async function showList(
  c: Context<WebEnv>,
  form: Form = {},
  error?: ApiError,
  status: ContentfulStatusCode = 200,
) {
  const viewer = c.get("viewer")!;
  const list = must(await c.get("api").get("/v1/report-submissions", { query: { limit: "200" } }));
  const canSend = mayFile(viewer);
  const asked = canSend ? await reportsAwaitingFigures(c) : [];
  return c.html(
    <Layout title="Số liệu báo cáo định kỳ" viewer={viewer} csrf={c.get("csrf")} current="/bao-cao">
      <Flash text={takeFlash(c)} />
      <p>
        <a href="/bao-cao">← Báo cáo, thống kê</a>
      </p>
      <h2>Số liệu đã gửi</h2>
      {list.items.length === 0 ? (
        <p>Chưa có số liệu nào.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Kỳ</th>
                <th scope="col">Ủy ban</th>
                <th scope="col">Bản</th>
                <th scope="col">Gửi lúc</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((s) => (
                <tr>
                  <td>
                    <a href={`/bao-cao/so-lieu/${s.id}`}>{s.periodKey}</a>
                  </td>
                  <td>{s.committee}</td>
                  <td>{s.version}</td>
                  <td>{dateTimeVi(s.submittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canSend && (
        <>
          <h2>Gửi số liệu của một kỳ</h2>
          {asked.length > 0 && (
            <ul class="stack" aria-label="Các kỳ đang chờ số liệu">
              {asked.map((r) => (
                <li>
                  Kỳ <strong>{r.periodKey}</strong> ({r.periodLabel}): hạn gửi{" "}
                  <strong class="due-on">{dueDayText(r.dueOn)}</strong> — báo cáo {r.reference}
                </li>
              ))}
            </ul>
          )}
          <FiguresForm
            action="/bao-cao/so-lieu"
            csrf={c.get("csrf")}
            form={form}
            error={error}
            correcting={false}
          />
        </>
      )}
    </Layout>,
    status,
  );
}

async function showOne(
  c: Context<WebEnv>,
  id: string,
  form?: Form,
  error?: ApiError,
  status: ContentfulStatusCode = 200,
) {
  const viewer = c.get("viewer")!;
  const res = await c.get("api").get("/v1/report-submissions/{id}", { param: { id } });
  if (refusedFor(res, "validation", "not_found")) throw new PageError(404, "Không tìm thấy số liệu");
  const s = must(res);
  const mine = s.committee === viewer.committeeCode && mayFile(viewer);
  return c.html(
    <Layout
      title={`Số liệu kỳ ${s.periodKey} — ${s.committee}`}
      viewer={viewer}
      csrf={c.get("csrf")}
      current="/bao-cao"
    >
      <Flash text={takeFlash(c)} />
      <p>
        <a href="/bao-cao/so-lieu">← Số liệu báo cáo định kỳ</a>
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Chỉ tiêu</th>
              {s.history.map((h) => (
                <th scope="col">
                  Bản {h.version}
                  {h.current ? " (hiện hành)" : ""}
                  <span class="hint">{dateTimeVi(h.submittedAt)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {FIGURES.map((f) => (
              <tr>
                <th scope="row">{FIGURE_LABELS[f]}</th>
                {s.history.map((h) => (
                  <td>
                    {h.figures[f]
                      ? `${formatInteger(h.figures[f].coordinated)}/${formatInteger(h.figures[f].total)}`
                      : "—"}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">Ghi chú, lý do sửa</th>
              {s.history.map((h) => (
                <td>{[h.note, h.reason].filter(Boolean).join(" — ")}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      {mine && s.current && (
        <>
          <h2>Sửa số liệu (tạo bản mới, bản cũ được giữ lại)</h2>
          <FiguresForm
            action={`/bao-cao/so-lieu/${s.id}`}
            csrf={c.get("csrf")}
            form={form ?? formOf(s)}
            error={error}
            correcting={true}
          />
        </>
      )}
    </Layout>,
    status,
  );
}

export function registerSubmissionPages(web: Hono<WebEnv>): void {
  const senders = requireWebRole("clerk", "approver");
  web.get("/bao-cao/so-lieu", (c) => showList(c));
  web.post("/bao-cao/so-lieu", senders, async (c) => {
    const form = (await c.req.parseBody()) as Form;
    const note = (form.note ?? "").trim();
    const res = await c.get("api").send("POST", "/v1/report-submissions", {
      json: { periodKey: (form.periodKey ?? "").trim(), figures: figuresOf(form), ...(note ? { note } : {}) },
    });
    if (!res.ok) {
      if (refusalOf(res.error) === "forbidden") must(res);
      return showList(c, form, res.error, refusalStatus(res.error));
    }
    return redirectWithFlash(c, `/bao-cao/so-lieu/${res.body.id}`, "Đã gửi số liệu");
  });
  web.get("/bao-cao/so-lieu/:id", (c) => showOne(c, c.req.param("id")));
  web.post("/bao-cao/so-lieu/:id", senders, async (c) => {
    const id = c.req.param("id");
    const form = (await c.req.parseBody()) as Form;
    const res = await c.get("api").send("PUT", "/v1/report-submissions/{id}", {
      param: { id },
      json: { figures: figuresOf(form), note: (form.note ?? "").trim(), reason: (form.reason ?? "").trim() },
    });
    if (!res.ok) {
      if (refusedFor(res, "forbidden", "not_found")) must(res);
      return showOne(c, id, form, res.error, refusalStatus(res.error));
    }
    return redirectWithFlash(c, `/bao-cao/so-lieu/${res.body.id}`, "Đã gửi bản sửa");
  });
}
