// docxtemplater explains its errors in English; the people who upload templates read Vietnamese.
import type { TemplateErrorDetail } from "./render-docx.js";

const t = (tag: string | undefined) => (tag ? `“${tag}”` : "");

const MESSAGES: Record<string, (e: TemplateErrorDetail) => string> = {
  unopened_tag: (e) => `Thẻ ${t(e.tag)} có dấu đóng “}” mà không có dấu mở “{”`,
  unclosed_tag: (e) => `Thẻ bắt đầu bằng ${t(e.tag)} thiếu dấu đóng “}”`,
  duplicate_open_tag: (e) => `Thẻ ${t(e.tag)} có hai dấu mở “{{” liền nhau`,
  duplicate_close_tag: (e) => `Thẻ ${t(e.tag)} có hai dấu đóng “}}” liền nhau`,
  closing_tag_does_not_match_opening_tag: (e) =>
    `Thẻ đóng ${t(e.tag)} không khớp với vòng lặp/điều kiện đang mở`,
  unclosed_loop: (e) => `Vòng lặp/điều kiện ${t(e.tag)} mở mà không có thẻ đóng {/…}`,
  unopened_loop: (e) => `Thẻ đóng ${t(e.tag)} không có vòng lặp/điều kiện nào đang mở`,
  unbalanced_loop_tags: () => "Các thẻ mở {#…} và thẻ đóng {/…} không cân đối",
  loop_position_invalid: (e) =>
    `Vòng lặp ${t(e.tag)} mở và đóng ở hai cấp khác nhau (phải cùng đoạn, cùng ô hoặc cùng hàng bảng)`,
  raw_xml_tag_should_be_only_text_in_paragraph: (e) =>
    `Thẻ ${t(e.tag)} chèn XML thô phải đứng một mình trong đoạn văn`,
  scopeparser_compilation_failed: (e) => `Thẻ ${t(e.tag)} không hợp lệ: ${e.explanation}`,
  scopeparser_execution_failed: (e) => `Không tính được giá trị của thẻ ${t(e.tag)}: ${e.explanation}`,
  invalid_xml_characters: (e) => `Giá trị của thẻ ${t(e.tag)} chứa ký tự không được phép trong XML`,
  malformed_xml: () => "Một phần XML của tệp bị hỏng",
  file_has_invalid_xml: () => "Một phần XML của tệp bị hỏng",
  missing_value: (e) => `Dữ liệu của loại văn bản này không có trường ${t(e.tag)}`,
};

/** The error as its author should read it. */
export function templateErrorMessage(e: TemplateErrorDetail): string {
  // An error this list does not know yet: its id says what it is; docxtemplater's English stays in the logs.
  return MESSAGES[e.id]?.(e) ?? `Lỗi trong mẫu (mã ${e.id})${e.tag ? ` ở thẻ “${e.tag}”` : ""}`;
}
