import type { Hono } from "hono";
import type { FC } from "hono/jsx";
import type { WebEnv } from "../context.js";
import type { Answer } from "../api-client.js";
import { must, refusalOf } from "../guards.js";
import { ErrorSummary, Layout } from "../layout.js";

type Snippet = Answer<"GET", "/v1/search">["items"][number]["title"];

const KIND_LABELS: Record<string, string> = {
  request: "Yêu cầu",
  document: "Văn bản",
  received: "Sổ văn bản đến",
  mail: "Thư trả lời",
};

/** The matched words in <mark>, everything else as text (escaped by JSX). */
const Marked: FC<{ s: Snippet }> = ({ s }) => {
  const parts = [];
  let at = 0;
  for (const [start, end] of s.highlights) {
    parts.push(s.text.slice(at, start), <mark>{s.text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(s.text.slice(at));
  return <>{parts}</>;
};

export function registerSearchPage(web: Hono<WebEnv>): void {
  web.get("/tim-kiem", async (c) => {
    const q = (c.req.query("q") ?? "").trim();
    const res = q ? await c.get("api").get("/v1/search", { query: { q } }) : null;
    if (res && !res.ok && refusalOf(res.error) !== "validation") must(res);
    const items = res?.ok ? res.body.items : [];
    return c.html(
      <Layout title="Tìm kiếm" viewer={c.get("viewer")} csrf={c.get("csrf")} current="/tim-kiem">
        <form method="get" action="/tim-kiem">
          <label>
            Tìm trong yêu cầu, văn bản, sổ văn bản đến và thư (gõ không dấu cũng được){" "}
            <input type="search" name="q" value={q} />
          </label>
          <button type="submit">Tìm</button>
        </form>
        {res && !res.ok && <ErrorSummary message={res.error.message} details={res.error.details} />}
        {res?.ok && items.length === 0 && <p>Không tìm thấy kết quả nào cho “{q}”.</p>}
        <ol class="search-results">
          {items.map((r) => (
            <li>
              <span class="muted">{KIND_LABELS[r.kind] ?? r.kind}</span>{" "}
              <a href={r.link}>
                <Marked s={r.title} />
              </a>
              <p>
                <Marked s={r.snippet} />
              </p>
            </li>
          ))}
        </ol>
      </Layout>,
    );
  });
}
