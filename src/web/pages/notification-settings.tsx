import type { Context, Hono } from "hono";
import type { Answer, ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { must, refusalOf } from "../guards.js";
import { CsrfField, ErrorSummary, Flash, fieldId, Layout } from "../layout.js";
import { redirectWithFlash, takeFlash } from "../flash.js";
import { errorsByField, Field } from "../form-field.js";

// A person's notification settings (/thong-bao/cai-dat): per kind of event, in the app and by e-mail.

type Preference = Answer<"GET", "/v1/notifications/preferences">["preferences"][number];

const TYPE_LABELS: Record<string, string> = {
  submitted_for_approval: "Yêu cầu chờ phê duyệt",
  approved: "Yêu cầu đã được phê duyệt",
  letter_sent: "Văn bản đã được gửi",
  delivery_failed: "Gửi thư không thành công",
  reply_received: "Nhận được thư trả lời",
  auto_reply_received: "Thư trả lời tự động (vắng mặt)",
  deadline_near: "Sắp đến hạn trả lời",
  overdue: "Quá hạn trả lời",
  escalated: "Quá hạn kéo dài, báo cáo lãnh đạo",
  report_due: "Đến kỳ gửi số liệu báo cáo",
  submission_missing: "Chưa gửi số liệu báo cáo",
  template_changed: "Mẫu văn bản thay đổi",
};

const EMAIL_LABELS = { off: "Không gửi", immediate: "Gửi ngay", digest: "Gộp vào thư hằng ngày" } as const;

type Form = Record<string, string>;

async function show(c: Context<WebEnv>, form?: Form, error?: ApiError) {
  const viewer = c.get("viewer")!;
  const layout = { title: "Cài đặt thông báo", viewer, csrf: c.get("csrf"), current: "/thong-bao" };
  const res = await c.get("api").get("/v1/notifications/preferences");
  if (!res.ok && refusalOf(res.error) === "conflict") {
    return c.html(
      <Layout {...layout}>
        <p>{res.error.message}</p>
      </Layout>,
    );
  }
  const settings = must(res);
  const emailOf = (p: Preference) => form?.[`email.${p.eventType}`] ?? p.email;
  const inAppOf = (p: Preference) => (form ? form[`inApp.${p.eventType}`] === "1" : p.inApp);
  return c.html(
    <Layout {...layout}>
      <Flash text={takeFlash(c)} />
      <ErrorSummary message={error?.message} details={error?.details} fieldIds={new Set(["digestTime"])} />
      <p>
        <a href="/thong-bao">← Thông báo</a>
      </p>
      <form method="post" action="/thong-bao/cai-dat" class="stack" novalidate>
        <CsrfField csrf={c.get("csrf")} />
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Sự kiện</th>
                <th scope="col">Trong hệ thống</th>
                <th scope="col">Qua e-mail</th>
              </tr>
            </thead>
            <tbody>
              {settings.preferences.map((p) => (
                <tr>
                  <th scope="row">{TYPE_LABELS[p.eventType] ?? p.eventType}</th>
                  <td>
                    <label>
                      <input type="checkbox" name={`inApp.${p.eventType}`} value="1" checked={inAppOf(p)} />{" "}
                      Hiện
                    </label>
                  </td>
                  <td>
                    <select
                      name={`email.${p.eventType}`}
                      aria-label={`E-mail: ${TYPE_LABELS[p.eventType] ?? p.eventType}`}
                    >
                      {Object.entries(EMAIL_LABELS).map(([v, l]) => (
                        <option value={v} selected={emailOf(p) === v}>
                          {l}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Field
          name="digestTime"
          label="Giờ gửi thư gộp hằng ngày (giờ Hà Nội, HH:MM)"
          errors={errorsByField(error)}
        >
          <input
            type="text"
            id={fieldId("digestTime")}
            name="digestTime"
            value={form?.digestTime ?? settings.digestTime}
          />
        </Field>
        <button type="submit" class="primary">
          Lưu
        </button>
      </form>
    </Layout>,
    error ? 400 : 200,
  );
}

export function registerNotificationSettings(web: Hono<WebEnv>): void {
  web.get("/thong-bao/cai-dat", (c) => show(c));
  web.post("/thong-bao/cai-dat", async (c) => {
    const form = (await c.req.parseBody()) as Form;
    // The kinds the settings page listed (it lists what the API gives), each sent whole: unchecked boxes send nothing.
    const types = Object.keys(form)
      .filter((k) => k.startsWith("email."))
      .map((k) => k.slice("email.".length));
    const res = await c.get("api").send("PUT", "/v1/notifications/preferences", {
      json: {
        digestTime: (form.digestTime ?? "").trim(),
        preferences: types.map((t) => ({
          eventType: t,
          inApp: form[`inApp.${t}`] === "1",
          email: form[`email.${t}`] ?? "immediate",
        })),
      },
    });
    if (!res.ok) {
      if (refusalOf(res.error) !== "validation") must(res);
      return show(c, form, res.error);
    }
    return redirectWithFlash(c, `/thong-bao/cai-dat`, "Đã lưu cài đặt thông báo");
  });
}
