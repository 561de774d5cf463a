import type { Harness } from "./harness.js";

/** A browser-like client of the web pages (cookie + CSRF field), over app.request: for page tests without Chromium. */
export interface WebClient {
  cookie: string;
  get(path: string): Promise<{ status: number; html: string; location: string | null }>;
  /** Posts a form from the given page's CSRF field (urlencoded, or multipart when a value is a Blob). */
  post(
    path: string,
    fields: Record<string, string | Blob | string[]>,
  ): Promise<{ status: number; html: string; location: string | null }>;
}

export async function signIn(h: Harness, token: string): Promise<WebClient> {
  const res = await h.app.request("/dang-nhap", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token, tiep: "/yeu-cau" }).toString(),
  });
  const setCookie = res.headers.get("set-cookie") ?? "";
  const cookie = setCookie.split(";")[0] ?? "";
  if (res.status !== 303 || !cookie.startsWith("phoihop_session=")) {
    throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  }
  let csrf = "";
  // The other cookies the pages set (the "done" message a redirect leaves for the next page), as a browser keeps them.
  const jar = new Map<string, string>();
  const cookies = () => [cookie, ...[...jar].map(([k, v]) => `${k}=${v}`)].join("; ");
  const read = async (res: Response) => {
    for (const set of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = set.split(";");
      const [name = "", value = ""] = pair.split("=");
      if (name === "phoihop_session") continue;
      if (value === "" || attrs.some((a) => /^\s*max-age=0$/i.test(a))) jar.delete(name);
      else jar.set(name, value);
    }
    const html = await res.text();
    csrf = html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? csrf;
    return { status: res.status, html, location: res.headers.get("location") };
  };
  await read(await h.app.request("/yeu-cau", { headers: { cookie } }));
  return {
    cookie,
    get: async (path) => read(await h.app.request(path, { headers: { cookie: cookies() } })),
    async post(path, fields) {
      const multipart = Object.values(fields).some((v) => v instanceof Blob);
      let body: string | FormData;
      const headers: Record<string, string> = { cookie: cookies() };
      if (multipart) {
        const form = new FormData();
        form.set("_csrf", csrf);
        for (const [k, v] of Object.entries(fields)) {
          if (Array.isArray(v)) for (const x of v) form.append(k, x);
          else form.set(k, v);
        }
        body = form;
      } else {
        const params = new URLSearchParams({ _csrf: csrf });
        for (const [k, v] of Object.entries(fields)) {
          if (Array.isArray(v)) for (const x of v) params.append(k, x);
          else params.set(k, v as string);
        }
        body = params.toString();
        headers["content-type"] = "application/x-www-form-urlencoded";
      }
      return read(await h.app.request(path, { method: "POST", headers, body }));
    },
  };
}
