import { randomUUID } from "node:crypto";
import type { Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import type { Principal } from "../../auth/tokens.js";
import { FILEABLE_KIND_NAMES, findKind, isBelow } from "../../domain/kinds/index.js";
import type { RequestKind } from "../../domain/kinds/kind.js";
import { CLASSIFICATIONS, URGENCIES } from "../../domain/document-marks.js";
import type { ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { CLASSIFICATION_LABELS, URGENCY_LABELS } from "../format.js";
import { must, PageError, refusalStatus, requireWebRole } from "../guards.js";
import { Fields } from "../kind-form.js";
import {
  type Field,
  type FormInput,
  fieldForError,
  fieldNames,
  inputOf,
  kindFields,
  valuesOf,
} from "../kind-fields.js";
import { CsrfField, ErrorSummary, Layout } from "../layout.js";
import { type Committee, listCommittees } from "../committee-list.js";
import { kindLabel } from "./list.js";
import { redirectWithFlash } from "../flash.js";
import { errorsByField } from "../form-field.js";

/** The fields every request has, whatever its kind (named as the API names them); the secrecy levels offered are
 * those at or above the kind's floor (only an approver lowers it, at approval). */
function envelopeFields(committees: Committee[], viewer: Principal, kind: RequestKind<unknown>): Field[] {
  return [
    {
      kind: "select",
      name: "to",
      label: "Gửi tới ủy ban kiểm tra",
      required: true,
      options: committees
        .filter((c) => c.code !== viewer.committeeCode)
        .map((c) => ({ value: c.code, label: c.name })),
    },
    {
      kind: "select",
      name: "classification",
      label: "Độ mật",
      required: true,
      options: CLASSIFICATIONS.filter((v) => !isBelow(v, kind.minimumClassification)).map((v) => ({
        value: v,
        label: CLASSIFICATION_LABELS[v] ?? v,
      })),
    },
    {
      kind: "select",
      name: "urgency",
      label: "Độ khẩn",
      required: true,
      options: URGENCIES.map((v) => ({ value: v, label: URGENCY_LABELS[v] ?? v })),
    },
    { kind: "lines", name: "copyTo", label: "Nơi nhận khác (ngoài “Như trên”, “Lưu VP”)", required: false },
  ];
}

const KindChooser: FC<{ viewer: Principal; csrf: string }> = ({ viewer, csrf }) => (
  <Layout title="Tạo yêu cầu phối hợp" viewer={viewer} csrf={csrf} current="/yeu-cau">
    <p>Chọn loại yêu cầu:</p>
    <ul>
      {FILEABLE_KIND_NAMES.map((k) => (
        <li>
          <a href={`/yeu-cau/moi/${k}`}>{kindLabel(k)}</a>
        </li>
      ))}
    </ul>
  </Layout>
);

const RequestForm: FC<{
  kind: RequestKind<unknown>;
  viewer: Principal;
  csrf: string;
  committees: Committee[];
  values: FormInput;
  error?: ApiError | undefined;
  extraRow?: string | undefined;
}> = ({ kind, viewer, csrf, committees, values, error, extraRow }) => {
  const head = envelopeFields(committees, viewer, kind);
  const payload = kindFields(kind);
  const names = fieldNames([...head, ...payload], values, extraRow);
  const errors = errorsByField(error, (field) => fieldForError(field, names));
  const details = (error?.details ?? []).map((d) => ({ ...d, field: fieldForError(d.field, names) }));
  const ctx = { values, errors, extraRow };
  return (
    <Layout title={kind.label} viewer={viewer} csrf={csrf} current="/yeu-cau">
      <ErrorSummary message={error?.message} details={details} fieldIds={names} />
      {!error && (
        <p>
          <a href={`/yeu-cau/moi/${kind.kind}?mau=1`}>Điền nội dung mẫu</a>{" "}
          <span class="muted">(để xem cách điền; sửa lại trước khi lưu)</span>
        </p>
      )}
      <form method="post" action={`/yeu-cau/moi/${kind.kind}`} class="stack" novalidate>
        {/* Enter in a field files the request, not "add a row" (the first submit button is the default). */}
        <button type="submit" class="default-submit" tabindex={-1}>
          Lưu dự thảo
        </button>
        <CsrfField csrf={csrf} />
        <input type="hidden" name="_key" value={values._key ?? randomUUID()} />
        <fieldset>
          <legend>Văn bản</legend>
          <Fields fields={head} ctx={ctx} />
        </fieldset>
        <Fields fields={payload} ctx={ctx} />
        <div class="actions">
          <button type="submit" class="primary">
            Lưu dự thảo
          </button>
          <button type="submit" name="_trinh" value="1">
            Lưu và trình lãnh đạo phê duyệt
          </button>
        </div>
      </form>
    </Layout>
  );
};

function kindOf(c: Context<WebEnv>): RequestKind<unknown> {
  const kind = findKind(c.req.param("kind") ?? "");
  if (!kind || kind.systemOnly) throw new PageError(404, "Không có loại yêu cầu này");
  return kind;
}

export function registerNewRequestPage(web: Hono<WebEnv>): void {
  const filers = requireWebRole("clerk", "approver");

  web.get("/yeu-cau/moi", filers, (c) =>
    c.html(<KindChooser viewer={c.get("viewer")!} csrf={c.get("csrf")} />),
  );

  web.get("/yeu-cau/moi/:kind", filers, async (c) => {
    const kind = kindOf(c);
    const values: FormInput = { classification: kind.defaultClassification, urgency: "thuong" };
    // "Điền nội dung mẫu": a worked example to learn the form with (and to demonstrate it).
    if (c.req.query("mau") === "1") inputOf(kindFields(kind), kind.sample as Record<string, unknown>, values);
    // "Tạo yêu cầu mới từ nội dung này": a cancelled or declined request filed again, without retyping it.
    const from = c.req.query("tu");
    if (from) {
      const earlier = must(await c.get("api").get("/v1/requests/{id}", { param: { id: from } }));
      if (earlier.kind !== kind.kind) throw new PageError(400, "Yêu cầu gốc thuộc loại khác");
      Object.assign(values, {
        to: earlier.to,
        classification: earlier.classification,
        urgency: earlier.urgency,
        copyTo: earlier.copyTo.join("\n"),
      });
      inputOf(kindFields(kind), earlier.payload, values);
    }
    const committees = await listCommittees(c);
    return c.html(
      <RequestForm
        kind={kind}
        viewer={c.get("viewer")!}
        csrf={c.get("csrf")}
        committees={committees}
        values={values}
      />,
    );
  });

  web.post("/yeu-cau/moi/:kind", filers, async (c) => {
    const kind = kindOf(c);
    const api = c.get("api");
    const form = Object.fromEntries(
      Object.entries(await c.req.parseBody()).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
    const committees = await listCommittees(c);
    const page = { kind, viewer: c.get("viewer")!, csrf: c.get("csrf"), committees, values: form };
    if (form._them) return c.html(<RequestForm {...page} extraRow={form._them} />);

    const envelope = valuesOf(envelopeFields(committees, page.viewer, kind), form);
    const body = {
      ...envelope,
      kind: kind.kind,
      copyTo: envelope.copyTo ?? [],
      payload: valuesOf(kindFields(kind), form),
    };
    const headers = /^[\w-]{1,100}$/.test(form._key ?? "")
      ? { "idempotency-key": `web-${form._key}` }
      : undefined;
    const created = await api.send("POST", "/v1/requests", { json: body, headers });
    if (!created.ok) {
      const status = refusalStatus(created.error);
      return c.html(<RequestForm {...page} error={created.error} />, status);
    }
    let note = "Đã lưu dự thảo";
    if (form._trinh) {
      const submitted = await api.send("POST", "/v1/requests/{id}/submit", {
        param: { id: created.body.id },
        json: {},
      });
      note = submitted.ok
        ? "Đã lưu và trình lãnh đạo phê duyệt"
        : `Đã lưu dự thảo; chưa trình được: ${submitted.error.message}`;
    }
    return redirectWithFlash(c, `/yeu-cau/${created.body.id}`, note);
  });
}
