import type { Hono } from "hono";
import { tokenPrefixOf } from "../../http/throttle.js";
import { GATEWAY_ROLE } from "../../domain/request-state.js";
import type { WebEnv } from "../context.js";
import { safeReturnPath } from "../guards.js";
import { Field, fieldAria } from "../form-field.js";
import { ErrorSummary, fieldId, Layout } from "../layout.js";
import {
  clearSessionCookie,
  closeSession,
  findSignInPrincipal,
  openSession,
  sessionKeyOf,
  setSessionCookie,
} from "../session.js";

const SignInPage = ({ back, error }: { back: string; error?: string }) => {
  const errors = new Map(error ? [["token", error]] : []);
  return (
    <Layout title="Đăng nhập">
      <ErrorSummary
        message={error}
        details={error ? [{ field: "token", message: error }] : []}
        fieldIds={new Set(["token"])}
      />
      <form method="post" action="/dang-nhap" class="stack">
        <input type="hidden" name="tiep" value={back} />
        <Field
          name="token"
          label="Mã truy cập"
          hint="Mã do quản trị viên của ủy ban cấp cho anh/chị (bắt đầu bằng php_). Không chia sẻ mã với người khác."
          errors={errors}
        >
          <input
            type="password"
            id={fieldId("token")}
            name="token"
            autocomplete="current-password"
            required
            {...fieldAria("token", errors, true)}
          />
        </Field>
        <button type="submit" class="primary">
          Đăng nhập
        </button>
      </form>
    </Layout>
  );
};

export function registerSignIn(web: Hono<WebEnv>): void {
  web.get("/", (c) => c.redirect(c.get("viewer") ? "/yeu-cau" : "/dang-nhap", 303));

  web.get("/dang-nhap", (c) => {
    if (c.get("viewer")) return c.redirect(safeReturnPath(c.req.query("tiep")), 303);
    return c.html(<SignInPage back={safeReturnPath(c.req.query("tiep"))} />);
  });

  web.post("/dang-nhap", async (c) => {
    const form = await c.req.parseBody();
    const back = safeReturnPath(typeof form.tiep === "string" ? form.tiep : undefined);
    const token = typeof form.token === "string" ? form.token.trim() : "";
    const { db, throttle, log } = c.get("deps");
    const keys = { address: c.get("client").address, tokenPrefix: token ? tokenPrefixOf(token) : undefined };
    const wait = await throttle.retryAfter("sign_in", keys);
    if (wait !== undefined) {
      log.warn(`throttle: sign-in refused (429) for ${keys.address}`);
      c.header("Retry-After", String(wait));
      const error = `Quá nhiều lần đăng nhập không thành công; hãy thử lại sau ${wait} giây`;
      return c.html(<SignInPage back={back} error={error} />, 429);
    }
    const principal = token ? await findSignInPrincipal(db, token) : undefined;
    if (!principal) {
      if (token) await throttle.failed("sign_in", keys);
      const error = token ? "Mã truy cập không đúng hoặc đã bị thu hồi" : "Hãy nhập mã truy cập";
      return c.html(<SignInPage back={back} error={error} />, 401);
    }
    if (principal.roles.includes(GATEWAY_ROLE)) {
      const error = "Mã của cổng thư chỉ dùng để chuyển thư đến, không dùng để đăng nhập";
      return c.html(<SignInPage back={back} error={error} />, 403);
    }
    const old = sessionKeyOf(c);
    if (old) await closeSession(db, old);
    const { key } = await openSession(db, principal.tokenId);
    setSessionCookie(c, key);
    return c.redirect(back, 303);
  });

  web.post("/dang-xuat", async (c) => {
    const key = sessionKeyOf(c);
    if (key) await closeSession(c.get("deps").db, key);
    clearSessionCookie(c);
    return c.redirect("/dang-nhap", 303);
  });
}
