/** Media types the service names in more than one layer (mail attachments, HTTP responses, uploads). Pure. */

export const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const PDF_MIME = "application/pdf";
