import type { Child, FC } from "hono/jsx";
import type { Principal } from "../auth/tokens.js";
import type { ErrorDetail } from "../errors.js";
import { ROLE_LABELS } from "./format.js";
import type { Viewer } from "./context.js";
import { hasRole, mayTriageInbox } from "./guards.js";
import { BOARD_PATH, mayOpenQueueBoard } from "./queue-board.js";
import { OUTBOX_NAV_LABEL } from "./sent-words.js";

interface NavItem {
  href: string;
  label: string;
  /** Shown only to whom this says may open it (the same rule the page and its API apply); everyone otherwise. */
  may?: (viewer: Principal) => boolean;
}

const admin = (viewer: Principal) => hasRole(viewer, "admin");

/** Only what the person may open: a link that answers 403 is never shown. */
export const NAV: NavItem[] = [
  { href: "/yeu-cau", label: "Yêu cầu phối hợp" },
  { href: "/thong-bao", label: "Thông báo" },
  { href: "/hop-thu-den", label: "Thư đến cần phân loại", may: mayTriageInbox },
  { href: "/bao-cao", label: "Báo cáo, thống kê" },
  { href: "/thu-di", label: "Thư đã gửi" },
  { href: "/so-van-ban/di", label: "Sổ văn bản đi" },
  { href: "/so-van-ban/den", label: "Sổ văn bản đến" },
  { href: "/tim-kiem", label: "Tìm kiếm" },
  { href: "/mau-van-ban", label: "Mẫu văn bản", may: admin },
  { href: "/danh-ba", label: "Danh bạ ủy ban" },
  { href: "/nguoi-dung", label: "Người dùng", may: admin },
  { href: "/chu-ky-so", label: "Chữ ký số", may: admin },
  { href: "/docs", label: "Tài liệu API" },
  { href: BOARD_PATH, label: "Hàng đợi công việc", may: mayOpenQueueBoard },
];

/** The outbox is not "sent" mail; the notifications link carries the unread count. */
const NavLabel: FC<{ item: NavItem; viewer: Viewer }> = ({ item, viewer }) => {
  if (item.href === "/thu-di" && viewer.mailMode === "outbox") return <>{OUTBOX_NAV_LABEL}</>;
  if (item.href === "/thong-bao" && viewer.unread)
    return (
      <>
        {item.label} <span class="count">{viewer.unread}</span>
        <span class="visually-hidden"> chưa đọc</span>
      </>
    );
  return <>{item.label}</>;
};

export const Layout: FC<{
  title: string;
  viewer?: Viewer | undefined;
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
              {NAV.filter((n) => !n.may || n.may(viewer)).map((n) => (
                <li>
                  <a href={n.href} aria-current={current === n.href ? "page" : undefined}>
                    <NavLabel item={n} viewer={viewer} />
                  </a>
                </li>
              ))}
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
