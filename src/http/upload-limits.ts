/** The largest template upload (PUT /v1/templates/{name}); the upload page says it too. Pure. */
export const TEMPLATE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
