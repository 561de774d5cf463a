import { Layout } from "./layout.js";

/** The page for an address that does not exist, when a browser asks (the API answers its JSON envelope). */
export const NotFoundPage = ({ path }: { path: string }) => (
  <Layout title="Không tìm thấy trang">
    <p>
      Không có trang <code>{path}</code>. Địa chỉ có thể đã gõ sai, hoặc trang đã được chuyển đi.
    </p>
    <p>
      <a href="/yeu-cau">Về danh sách yêu cầu</a> · <a href="/dang-nhap">Đăng nhập</a>
    </p>
  </Layout>
);

/** A browser asks for a page (not the API, not a file): it gets HTML in Vietnamese. */
export function wantsPage(path: string, accept: string | undefined): boolean {
  return !path.startsWith("/v1/") && path !== "/v1" && (accept ?? "").includes("text/html");
}
