import type { Context, Hono } from "hono";
import { type Answer, apiPath } from "../api-client.js";
import type { FC } from "hono/jsx";
import type { AddressObject, ParsedMail } from "mailparser";
import type { WebEnv } from "../context.js";
import { dateTimeVi } from "../format.js";
import { must, PageError, passFile } from "../guards.js";
import { Layout } from "../layout.js";
import { PURPOSE_LABELS } from "../request-labels.js";
import { MessageStatusBadge } from "../message-status.js";

type OutboxItem = Answer<"GET", "/v1/outbox">["items"][number];

/** In the embedded mode nothing leaves the machine; whoever reads the outbox must know that. */
const KeptNotice: FC<{ mode: string }> = ({ mode }) =>
  mode === "outbox" ? (
    <p class="notice" role="note">
      Chưa cấu hình máy chủ gửi thư (SMTP): thư được lưu trong hộp thư đi này và{" "}
      <strong>không được gửi đi</strong>. Hãy tải thư (.eml) và chuyển cho bên nhận theo cách khác.
    </p>
  ) : null;

// Three columns, so that a 360 px screen still reads the subject; the rest stacks inside its cell.
const OutboxTable: FC<{ items: OutboxItem[] }> = ({ items }) => (
  <div class="table-wrap">
    <table class="outbox">
      <thead>
        <tr>
          <th scope="col">Thư</th>
          <th scope="col">Tình trạng</th>
          <th scope="col">Yêu cầu</th>
        </tr>
      </thead>
      <tbody>
        {items.map((m) => (
          <tr>
            <td>
              <a href={`/thu-di/${m.id}`}>{m.subject}</a>
              <div class="muted">
                {PURPOSE_LABELS[m.purpose] ?? m.purpose} · gửi tới {m.to} &lt;{m.toAddress}&gt;
              </div>
            </td>
            <td>
              <MessageStatusBadge status={m.status} />
              <div class="muted">
                {m.sentAt
                  ? `${m.status === "outbox" ? "Lưu" : "Gửi"} lúc ${dateTimeVi(m.sentAt)}`
                  : "Chưa gửi"}{" "}
                · số lần gửi: {m.attempts}
              </div>
              {m.smtpResponse && <div>Máy chủ thư trả lời: {m.smtpResponse}</div>}
              {m.lastError && <div class="field-error">Lỗi: {m.lastError}</div>}
            </td>
            <td>{m.requestId ? <a href={`/yeu-cau/${m.requestId}`}>{m.reference}</a> : m.reference}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

/** "Name <address>" without the quoting of the header, one after the other. */
const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : [])
    .flatMap((x) => x.value)
    .map((v) => (v.name ? `${v.name} <${v.address ?? ""}>` : (v.address ?? "")))
    .join(", ") || "—";

const sizeVi = (bytes: number) =>
  bytes < 1024
    ? `${bytes} byte`
    : `${new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(bytes / 1024)} KB`;

const MessageView: FC<{ id: string; mail: ParsedMail }> = ({ id, mail }) => (
  <>
    <dl class="facts mail-facts">
      <dt>Người gửi</dt>
      <dd>{addresses(mail.from)}</dd>
      <dt>Gửi tới</dt>
      <dd>{addresses(mail.to)}</dd>
      {mail.cc && (
        <>
          <dt>Đồng gửi</dt>
          <dd>{addresses(mail.cc)}</dd>
        </>
      )}
      <dt>Trả lời về</dt>
      <dd>{addresses(mail.replyTo)}</dd>
      <dt>Tiêu đề</dt>
      <dd>{mail.subject ?? "—"}</dd>
      <dt>Ngày</dt>
      <dd>{mail.date ? dateTimeVi(mail.date.toISOString()) : "—"}</dd>
      <dt>Message-ID</dt>
      <dd>
        <code>{mail.messageId ?? "—"}</code>
      </dd>
    </dl>
    <p>
      <a class="button" href={`/thu-di/${id}/tai-ve`} download>
        Tải thư nguyên bản (.eml)
      </a>
    </p>
    <h2>Nội dung</h2>
    {mail.text ? <pre class="mail">{mail.text}</pre> : <p class="muted">(Thư không có phần chữ thuần.)</p>}
    <h2>Tệp đính kèm</h2>
    {mail.attachments.length === 0 ? (
      <p class="muted">Không có tệp đính kèm.</p>
    ) : (
      <ul>
        {mail.attachments.map((a) => (
          <li>
            {a.filename ?? "(không tên)"} <span class="muted">— {sizeVi(a.size)}</span>
          </li>
        ))}
      </ul>
    )}
  </>
);

const isMessageId = (id: string) => /^[0-9a-f-]{36}$/.test(id);

/** The .eml as the API serves it; a message of another committee (or none) is "not found". */
async function fetchEml(c: Context<WebEnv>, id: string): Promise<Response> {
  if (!isMessageId(id)) throw new PageError(404, "Không tìm thấy thư");
  return passFile(
    await c.get("api").raw("GET", apiPath`/v1/outbox/${id}.eml`),
    "Không tìm thấy thư",
    "Chưa lấy được thư",
  );
}

/** The committee's outgoing mail (the outbox): what went out, what failed, and each letter readable. */
export function registerOutboxPages(web: Hono<WebEnv>): void {
  const layout = (c: Context<WebEnv>, title: string) => ({
    title,
    viewer: c.get("viewer"),
    csrf: c.get("csrf"),
    current: "/thu-di",
  });

  web.get("/thu-di", async (c) => {
    const cursor = c.req.query("cursor") || undefined;
    const list = must(await c.get("api").get("/v1/outbox", { query: { limit: "30", cursor } }));
    return c.html(
      <Layout {...layout(c, "Thư đã gửi")}>
        <KeptNotice mode={c.get("deps").mailMode} />
        {list.items.length === 0 ? <p>Ủy ban chưa gửi thư nào.</p> : <OutboxTable items={list.items} />}
        {(cursor || list.nextCursor) && (
          <p class="pager">
            {cursor && <a href="/thu-di">← Mới nhất</a>}{" "}
            {list.nextCursor && (
              <a href={`/thu-di?cursor=${encodeURIComponent(list.nextCursor)}`}>Cũ hơn →</a>
            )}
          </p>
        )}
      </Layout>,
    );
  });

  web.get("/thu-di/:id", async (c) => {
    const id = c.req.param("id");
    const res = await fetchEml(c, id);
    // mailparser is loaded by the first letter shown, not at start-up.
    const { simpleParser } = await import("mailparser");
    const mail = await simpleParser(Buffer.from(await res.arrayBuffer()));
    return c.html(
      <Layout {...layout(c, mail.subject || "Thư đi")}>
        <p>
          <a href="/thu-di">← Danh sách thư đã gửi</a>
        </p>
        <KeptNotice mode={c.get("deps").mailMode} />
        <MessageView id={id} mail={mail} />
      </Layout>,
    );
  });

  // The message exactly as stored, passed through from the API (same bytes a relay got or would get).
  web.get("/thu-di/:id/tai-ve", (c) => fetchEml(c, c.req.param("id")));
}
