import type { Child, FC } from "hono/jsx";
import type { Principal } from "../auth/tokens.js";
import type { ErrorDetail } from "../errors.js";
import { ROLE_LABELS } from "./format.js";
import { hasRole } from "./guards.js";

interface NavItem {
  href: string;
  label: string;
  /** Shown only to these roles; everyone signed in otherwise. */
  roles?: Principal["roles"];
}

const NAV: NavItem[] = [
  { href: "/yeu-cau", label: "Yêu cầu phối hợp" },
  { href: "/thong-bao", label: "Thông báo" },
  { href: "/hop-thu-den", label: "Thư đến cần phân loại", roles: ["admin"] },
  { href: "/bao-cao", label: "Báo cáo, thống kê" },
  { href: "/thu-di", label: "Thư đã gửi" },
  { href: "/mau-van-ban", label: "Mẫu văn bản", roles: ["admin"] },
  { href: "/danh-ba", label: "Danh bạ ủy ban" },
  { href: "/nguoi-dung", label: "Người dùng", roles: ["admin"] },
  { href: "/chu-ky-so", label: "Chữ ký số", roles: ["admin"] },
];

export const Layout: FC<{
  title: string;
  viewer?: Principal | undefined;
  csrf?: string;
  current?: string;
  children?: Child;
}> = ({ title, viewer, csrf, current, children }) => (
  <html lang="vi">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} — Phối hợp kiểm tra`}</title>
      <link rel="stylesheet" href="/static/app.css" />
      <link rel="icon" href="data:," />
      <script src="/static/app.js" defer />
    </head>
    <body>
      <a class="skip" href="#noi-dung">
        Bỏ qua, đến nội dung chính
      </a>
      <header class="top">
        <a class="brand" href="/yeu-cau">
          Phối hợp kiểm tra
        </a>
        {viewer && (
          <nav aria-label="Chức năng">
            <ul>
              {NAV.filter((n) => !n.roles || hasRole(viewer, ...n.roles)).map((n) => (
                <li>
                  <a href={n.href} aria-current={current === n.href ? "page" : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
              <li>
                <a href="/docs">Tài liệu API</a>
              </li>
              {hasRole(viewer, "admin") && (
                <li>
                  <a href="/admin/queues">Hàng đợi công việc</a>
                </li>
              )}
            </ul>
          </nav>
        )}
        {viewer && (
          <div class="who">
            <span>
              {viewer.userName ?? "Mã truy cập"} · {viewer.committeeCode} ·{" "}
              {viewer.roles.map((r) => ROLE_LABELS[r]).join(", ")}
            </span>
            <form method="post" action="/dang-xuat">
              <input type="hidden" name="_csrf" value={csrf} />
              <button type="submit" class="link">
                Đăng xuất
              </button>
            </form>
          </div>
        )}
      </header>
      <main id="noi-dung" tabindex={-1}>
        <h1>{title}</h1>
        {children}
      </main>
    </body>
  </html>
);

/** The errors of a form, listed at the top (linked to their fields) as well as beside each field. */
export const ErrorSummary: FC<{ message?: string; details?: ErrorDetail[]; fieldIds?: Set<string> }> = ({
  message,
  details,
  fieldIds,
}) =>
  message ? (
    <div class="error-summary" role="alert" tabindex={-1} id="loi">
      <p>
        <strong>{message}</strong>
      </p>
      {details && details.length > 0 && (
        <ul>
          {details.map((d) => (
            <li>
              {d.field && fieldIds?.has(d.field) ? (
                <a href={`#${fieldId(d.field)}`}>{d.message}</a>
              ) : (
                <span>{d.message}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  ) : null;

export const fieldId = (name: string) => `f-${name.replace(/[^\w-]/g, "-")}`;

export const Flash: FC<{ text?: string | undefined }> = ({ text }) =>
  text ? (
    <p class="flash" role="status">
      {text}
    </p>
  ) : null;

export const CsrfField: FC<{ csrf: string }> = ({ csrf }) => (
  <input type="hidden" name="_csrf" value={csrf} />
);
