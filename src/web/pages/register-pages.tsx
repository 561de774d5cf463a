import type { Context, Hono } from "hono";
import type { FC } from "hono/jsx";
import type { Answer, ApiError } from "../api-client.js";
import type { WebEnv } from "../context.js";
import { redirectWithFlash, takeFlash } from "../flash.js";
import { mayFile, must, PageError, passFile, refusalOf, refusalStatus } from "../guards.js";
import { CsrfField, ErrorSummary, Flash, Layout } from "../layout.js";

type Row = Answer<"GET", "/v1/registers/outgoing">["items"][number];

interface RegisterSpec {
  path: string;
  api: "/v1/registers/outgoing" | "/v1/registers/incoming";
  title: string;
  columns: [string, string][];
}

// Keys and headers as the API's register columns (src/registers/columns.ts) name them.
const OUTGOING: RegisterSpec = {
  path: "/so-van-ban/di",
  api: "/v1/registers/outgoing",
  title: "Sổ văn bản đi",
  columns: [
    ["symbol", "Số và ký hiệu"],
    ["issuedOn", "Ngày"],
    ["type", "Loại"],
    ["subject", "Trích yếu"],
    ["signer", "Người ký"],
    ["recipients", "Nơi nhận"],
    ["marks", "Độ mật, khẩn"],
    ["method", "Cách gửi"],
    ["state", "Tình trạng"],
  ],
};
const INCOMING: RegisterSpec = {
  path: "/so-van-ban/den",
  api: "/v1/registers/incoming",
  title: "Sổ văn bản đến",
  columns: [
    ["number", "Số đến"],
    ["receivedOn", "Ngày đến"],
    ["issuer", "Cơ quan ban hành"],
    ["symbol", "Số và ký hiệu"],
    ["issuedOn", "Ngày văn bản"],
    ["summary", "Trích yếu"],
    ["marks", "Độ mật, khẩn"],
    ["delivery", "Cách nhận"],
  ],
};

const FILTERS = ["from", "to", "type", "counterpart", "classification", "q"] as const;

const viDate = (v: unknown) =>
  typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)
    ? `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}`
    : v;

const FilterForm: FC<{ spec: RegisterSpec; query: Record<string, string> }> = ({ spec, query }) => (
  <form method="get" action={spec.path} class="filters no-print">
    <label>
      Từ ngày <input type="date" name="from" value={query.from ?? ""} />
    </label>
    <label>
      Đến ngày <input type="date" name="to" value={query.to ?? ""} />
    </label>
    <label>
      Loại (CV, KH…) <input name="type" size={4} value={query.type ?? ""} />
    </label>
    <label>
      Ủy ban (mã) <input name="counterpart" size={10} value={query.counterpart ?? ""} />
    </label>
    <label>
      Độ mật{" "}
      <select name="classification">
        {[
          ["", "Tất cả"],
          ["thuong", "Thường"],
          ["mat", "Mật"],
          ["toi_mat", "Tối mật"],
          ["tuyet_mat", "Tuyệt mật"],
        ].map(([v, l]) => (
          <option value={v} selected={(query.classification ?? "") === v}>
            {l}
          </option>
        ))}
      </select>
    </label>
    <label>
      Tìm <input type="search" name="q" value={query.q ?? ""} />
    </label>
    <button type="submit">Lọc</button>
  </form>
);

function filterParams(query: Record<string, string>) {
  const params = new URLSearchParams();
  for (const k of FILTERS) if (query[k]) params.set(k, query[k]!);
  return params;
}

/** The request a received letter belongs to, or (for a clerk) the form that links it to one by its reference. */
const RequestCell: FC<{ row: Row; csrf: string; canLink: boolean }> = ({ row, csrf, canLink }) =>
  typeof row.reference === "string" && row.requestId ? (
    <a href={`/yeu-cau/${row.requestId}`}>{row.reference}</a>
  ) : canLink ? (
    <form method="post" action={`/so-van-ban/den/${row.id}/gan`} class="inline no-print">
      <input type="hidden" name="_csrf" value={csrf} />
      <input name="reference" size={13} placeholder="PH-2026-0001" aria-label="Mã yêu cầu" />
      <button type="submit">Gắn</button> <a href="/yeu-cau/moi">Lập yêu cầu mới</a>
    </form>
  ) : null;

async function renderRegister(c: Context<WebEnv>, spec: RegisterSpec) {
  const query = c.req.query();
  const params = filterParams(query);
  const print = query.in === "1";
  params.set("limit", print ? "500" : "100");
  if (query.cursor) params.set("cursor", query.cursor);
  const res = await c.get("api").get(spec.api, { query: Object.fromEntries(params) });
  if (!res.ok && refusalOf(res.error) !== "validation") must(res);
  const items = res.ok ? res.body.items : [];
  const exportBase = `${spec.path}/xuat?${filterParams(query)}`;
  const next =
    res.ok && res.body.nextCursor
      ? `${spec.path}?${new URLSearchParams({ ...query, cursor: res.body.nextCursor })}`
      : null;
  return c.html(
    <Layout title={spec.title} viewer={c.get("viewer")} csrf={c.get("csrf")} current={spec.path}>
      <Flash text={takeFlash(c)} />
      {!res.ok && <ErrorSummary message={res.error.message} details={res.error.details} />}
      <FilterForm spec={spec} query={query} />
      <p class="no-print">
        <a href={`${exportBase}&format=xlsx`}>Tải Excel (.xlsx)</a> ·{" "}
        <a href={`${exportBase}&format=csv`}>Tải .csv</a> ·{" "}
        <a
          href={`${spec.path}?${new URLSearchParams({ ...Object.fromEntries(filterParams(query)), in: "1" })}`}
        >
          Bản in
        </a>
        {spec === INCOMING && mayFile(c.get("viewer")) && (
          <>
            {" "}
            · <a href="/so-van-ban/den/cho-vao-so">Văn bản chờ vào sổ</a>
          </>
        )}
      </p>
      <div class="table-wrap">
        <table class="register">
          <thead>
            <tr>
              {spec.columns.map(([, h]) => (
                <th scope="col">{h}</th>
              ))}
              {spec === INCOMING && <th scope="col">Yêu cầu</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr id={typeof r.id === "string" ? `e-${r.id}` : undefined}>
                {spec.columns.map(([k], i) => (
                  <td>
                    {i === 0 && r.links?.request ? (
                      <a href={r.links.request.replace("/v1/requests/", "/yeu-cau/")}>
                        {String(viDate(r[k]) ?? "")}
                      </a>
                    ) : (
                      String(viDate(r[k]) ?? "")
                    )}
                  </td>
                ))}
                {spec === INCOMING && (
                  <td>
                    <RequestCell row={r} csrf={c.get("csrf")} canLink={mayFile(c.get("viewer")) && !print} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {items.length === 0 && <p>Chưa có văn bản nào trong sổ (theo bộ lọc này).</p>}
      {next && (
        <p class="no-print">
          <a href={next}>Trang sau</a>
        </p>
      )}
    </Layout>,
    res.ok ? 200 : 400,
  );
}

async function renderPending(
  c: Context<WebEnv>,
  error?: ApiError,
  status: 200 | 400 | 403 | 404 | 409 = 200,
) {
  const res = await c.get("api").get("/v1/registers/incoming/pending");
  const items = must(res).items;
  return c.html(
    <Layout
      title="Văn bản đến chờ vào sổ"
      viewer={c.get("viewer")}
      csrf={c.get("csrf")}
      current={INCOMING.path}
    >
      <ErrorSummary message={error?.message} details={error?.details} />
      <p>
        Hệ thống đọc nội dung tệp và đề xuất các trường; cán bộ kiểm tra, sửa nếu cần rồi vào sổ. Tệp không
        đọc được thì nhập tay.
      </p>
      {items.length === 0 && <p>Không có văn bản nào chờ vào sổ.</p>}
      {items.map((p) => (
        <form method="post" action="/so-van-ban/den/vao-so" class="card">
          <CsrfField csrf={c.get("csrf")} />
          <input type="hidden" name="attachmentId" value={p.attachmentId} />
          <h2>{p.filename ?? "(tệp không tên)"}</h2>
          <p class="muted">
            {p.source === "reply_attachment" ? `Kèm thư trả lời yêu cầu ${p.reference}` : "Thư mới"} · từ{" "}
            {p.from ?? "—"} · {p.subject ?? ""}
            {!p.proposal.readable && " · không đọc được nội dung tệp: hãy nhập tay"}
          </p>
          <label>
            Số và ký hiệu <input name="symbol" required value={p.proposal.symbol ?? ""} />
          </label>
          <label>
            Ngày văn bản <input type="date" name="issuedOn" value={p.proposal.issuedOn ?? ""} />
          </label>
          <label>
            Cơ quan ban hành{" "}
            <input name="issuerName" required size={50} value={p.proposal.issuerName ?? ""} />
          </label>
          <label>
            Trích yếu <textarea name="summary">{p.proposal.summary ?? ""}</textarea>
          </label>
          <button type="submit">Vào sổ</button>
        </form>
      ))}
    </Layout>,
    status,
  );
}

export function registerRegisterPages(web: Hono<WebEnv>): void {
  for (const spec of [OUTGOING, INCOMING]) {
    web.get(spec.path, (c) => renderRegister(c, spec));
    // Large registers stream from the API straight through.
    web.get(`${spec.path}/xuat`, async (c) => {
      const res = await c.get("api").raw("GET", `${spec.api}/export?${new URLSearchParams(c.req.query())}`);
      return passFile(res, "Không tìm thấy sổ", "Chưa xuất được sổ");
    });
  }
  web.get("/so-van-ban/den/cho-vao-so", (c) => renderPending(c));
  web.post("/so-van-ban/den/:id/gan", async (c) => {
    const form = (await c.req.parseBody()) as Record<string, string>;
    const res = await c.get("api").send("POST", "/v1/registers/incoming/{id}/link", {
      param: { id: c.req.param("id") },
      json: { reference: (form.reference ?? "").trim().toUpperCase() },
    });
    if (!res.ok) throw new PageError(refusalStatus(res.error), res.error.message);
    return redirectWithFlash(c, INCOMING.path, "Đã gắn văn bản với yêu cầu");
  });
  web.post("/so-van-ban/den/vao-so", async (c) => {
    const form = (await c.req.parseBody()) as Record<string, string>;
    const body = Object.fromEntries(
      ["attachmentId", "symbol", "issuedOn", "issuerName", "summary"]
        .map((k) => [k, (form[k] ?? "").trim()] as const)
        .filter(([, v]) => v !== ""),
    );
    const res = await c.get("api").send("POST", "/v1/registers/incoming", { json: body });
    if (!res.ok) {
      if (refusalOf(res.error) === "forbidden") throw new PageError(403, res.error.message);
      return renderPending(c, res.error, refusalStatus(res.error));
    }
    return redirectWithFlash(c, INCOMING.path, `Đã vào sổ: số đến ${res.body.number}/${res.body.year}`);
  });
}
