import type { Context, Hono } from "hono";
import { PERIOD_TYPES } from "../../reports/period-types.js";
import type { ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { must, refusalOf, requireWebRole } from "../guards.js";
import { CsrfField, ErrorSummary, fieldId, Layout } from "../layout.js";
import { type Committee, listCommittees } from "../committee-list.js";
import { errorsByField, Field } from "../form-field.js";
import { PERIOD_TYPE_LABELS } from "./report-common.js";
import { redirectWithFlash } from "../flash.js";

// A new periodic report schedule (/bao-cao/lich-moi), for admins: the form of POST /v1/report-schedules.
// (Not under /bao-cao/lich/: "moi" is itself a valid schedule code.)

type Form = Record<string, string>;

async function showForm(c: Context<WebEnv>, form: Form, error?: ApiError, status: 200 | 400 | 409 = 200) {
  const committees: Committee[] = await listCommittees(c);
  const errors = errorsByField(error);
  const names = new Set([
    "code",
    "name",
    "target",
    "periodType",
    "cutoff.closesOnDay",
    "cutoff.dueWorkingDays",
    "cutoff",
  ]);
  const input = (name: string) => (
    <input type="text" id={fieldId(name)} name={name} value={form[name] ?? ""} />
  );
  return c.html(
    <Layout title="Lập lịch báo cáo định kỳ" viewer={c.get("viewer")} csrf={c.get("csrf")} current="/bao-cao">
      <p>
        <a href="/bao-cao">← Báo cáo, thống kê</a>
      </p>
      <ErrorSummary message={error?.message} details={error?.details} fieldIds={names} />
      <form method="post" action="/bao-cao/lich-moi" class="stack" novalidate>
        <CsrfField csrf={c.get("csrf")} />
        <Field name="code" label="Mã lịch (chữ thường, số và -; ví dụ catw-quy-tinh)" errors={errors}>
          {input("code")}
        </Field>
        <Field name="name" label="Tên lịch" errors={errors}>
          {input("name")}
        </Field>
        <Field name="target" label="Gửi đến" errors={errors}>
          <select id={fieldId("target")} name="target">
            {[
              ["group:provinces", "Các UBKT tỉnh ủy, thành ủy"],
              ["group:all", "Tất cả các ủy ban kiểm tra"],
              ...committees.map((x) => [`committee:${x.code}`, x.name]),
            ].map(([value, label]) => (
              <option value={value} selected={form.target === value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field name="periodType" label="Kỳ báo cáo" errors={errors}>
          <select id={fieldId("periodType")} name="periodType">
            {PERIOD_TYPES.map((p) => (
              <option value={p} selected={form.periodType === p}>
                {PERIOD_TYPE_LABELS[p]}
              </option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend>Chốt số liệu</legend>
          <div class="inline-fields">
            <Field
              name="cutoff.closesOnDay"
              label="Ngày chốt trong tháng cuối kỳ (1–28 hoặc last)"
              errors={errors}
            >
              {input("cutoff.closesOnDay")}
            </Field>
            <Field
              name="cutoff.dueWorkingDays"
              label="Hạn gửi: số ngày làm việc sau ngày chốt"
              errors={errors}
            >
              {input("cutoff.dueWorkingDays")}
            </Field>
          </div>
        </fieldset>
        <div class="field">
          <label>
            <input type="checkbox" name="active" value="1" checked={form.active !== "0"} /> Chạy theo lịch
            ngay
          </label>
        </div>
        <button type="submit" class="primary">
          Lập lịch
        </button>
      </form>
    </Layout>,
    status,
  );
}

/** A number when typed as one; otherwise the text, so the API's own message answers it. */
const numberOr = (raw: string | undefined) => {
  const v = (raw ?? "").trim();
  return /^\d+$/.test(v) ? Number(v) : v;
};

export function registerScheduleForm(web: Hono<WebEnv>): void {
  const admins = requireWebRole("admin");
  web.get("/bao-cao/lich-moi", admins, (c) =>
    showForm(c, { "cutoff.closesOnDay": "last", "cutoff.dueWorkingDays": "10", periodType: "quarter" }),
  );
  web.post("/bao-cao/lich-moi", admins, async (c) => {
    const form = (await c.req.parseBody()) as Form;
    const res = await c.get("api").send("POST", "/v1/report-schedules", {
      json: {
        code: (form.code ?? "").trim(),
        name: (form.name ?? "").trim(),
        target: form.target ?? "",
        periodType: form.periodType ?? "",
        cutoff: {
          closesOnDay: numberOr(form["cutoff.closesOnDay"]),
          dueWorkingDays: numberOr(form["cutoff.dueWorkingDays"]),
        },
        active: form.active === "1",
      },
    });
    if (!res.ok) {
      const refusal = refusalOf(res.error);
      if (refusal === "forbidden") must(res);
      return showForm(
        c,
        { ...form, active: form.active ?? "0" },
        res.error,
        refusal === "conflict" ? 409 : 400,
      );
    }
    return redirectWithFlash(c, `/bao-cao/lich/${res.body.code}`, "Đã lập lịch báo cáo");
  });
}
