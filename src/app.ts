import { z } from "zod";
import { DEFAULT_ATTACHMENT_SETTINGS } from "./attachments/settings.js";
import { AppError } from "./errors.js";
import type { AppDeps } from "./http/context.js";
import { createRouter } from "./http/router.js";
import { completeOpenApiDocument } from "./http/openapi-document.js";
import {
  accessLog,
  authenticate,
  handleError,
  limitBody,
  measureHttp,
  provideDeps,
  refuseUnstorableParams,
  requireJson,
} from "./http/middleware.js";
import { metricsRoutes } from "./routes/system/metrics.js";
import { committeeRoutes } from "./routes/committees/index.js";
import { attachmentRoutes, requestFileRoutes } from "./routes/attachments/index.js";
import { documentRoutes } from "./routes/documents/index.js";
import { documentSignatureRoutes } from "./routes/documents/signature.js";
import { notificationRoutes } from "./routes/notifications/index.js";
import { outboxRoutes } from "./routes/outbox/index.js";
import { inboundRoutes } from "./routes/inbound/index.js";
import { meRoutes } from "./routes/me/index.js";
import { registerRoutes } from "./routes/registers/index.js";
import { reportScheduleRoutes } from "./routes/report-schedules/index.js";
import { reportSubmissionRoutes } from "./routes/report-submissions/index.js";
import { signingCertificateRoutes } from "./routes/signing-certificates/index.js";
import { requestRoutes } from "./routes/requests/index.js";
import { searchRoutes } from "./routes/search/index.js";
import { requestSignatureRoutes } from "./routes/requests/signatures.js";
import { statisticsRoutes } from "./routes/statistics/index.js";
import { systemRoutes } from "./routes/system/index.js";
import { templateRoutes } from "./routes/templates/index.js";
import { userRoutes } from "./routes/users/index.js";
import { NotFoundPage, wantsPage } from "./web/error-page.js";
import { createWebRoutes } from "./web/routes.js";

z.config(z.locales.vi());

const DOCUMENT_CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "phoihop — phối hợp công tác kiểm tra, giám sát",
    version: "0.1.0",
    description:
      "API của hệ thống phối hợp giữa Ủy ban Kiểm tra Đảng ủy Công an Trung ương và ủy ban kiểm tra các tỉnh ủy, thành ủy. Lỗi luôn có dạng { error: { code, message, requestId, details? } }.",
    license: { name: "Sử dụng nội bộ", identifier: "LicenseRef-phoihop-internal" },
  },
};

/** The OpenAPI document of an app, as /openapi.json serves it (also printed by `npm run -s openapi`). */
export function openApiDocument(app: ReturnType<typeof createRouter>) {
  return completeOpenApiDocument(app.getOpenAPI31Document(DOCUMENT_CONFIG));
}

/** Builds the whole HTTP app from its dependencies; it never listens (server.ts does, tests call app.request). */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  app.use("*", provideDeps(deps), accessLog, measureHttp);
  app.onError(handleError);
  app.notFound((c) =>
    wantsPage(c.req.path, c.req.header("accept"))
      ? c.html(NotFoundPage({ path: c.req.path }), 404)
      : handleError(new AppError("not_found", `Không có địa chỉ ${c.req.method} ${c.req.path}`), c),
  );

  app.route("/", systemRoutes);
  app.route("/", metricsRoutes);
  app.route("/", createWebRoutes(app, deps));
  const attachmentLimit = (deps.attachments ?? DEFAULT_ATTACHMENT_SETTINGS).maxFileBytes;
  app.use(
    "/v1/*",
    refuseUnstorableParams,
    limitBody(deps.bodyLimitBytes, attachmentLimit),
    authenticate,
    requireJson,
  );
  app.route("/v1/me", meRoutes);
  app.route("/v1/users", userRoutes);
  app.route("/v1/requests", requestSignatureRoutes);
  app.route("/v1/requests", requestRoutes);
  app.route("/v1/requests", requestFileRoutes);
  app.route("/v1/attachments", attachmentRoutes);
  app.route("/v1/registers", registerRoutes);
  app.route("/v1/search", searchRoutes);
  app.route("/v1/documents", documentSignatureRoutes);
  app.route("/v1/documents", documentRoutes);
  app.route("/v1/signing-certificates", signingCertificateRoutes);
  app.route("/v1/outbox", outboxRoutes);
  app.route("/v1/committees", committeeRoutes);
  app.route("/v1/templates", templateRoutes);
  app.route("/v1/inbound", inboundRoutes);
  app.route("/v1/statistics", statisticsRoutes);
  app.route("/v1/notifications", notificationRoutes);
  app.route("/v1/report-schedules", reportScheduleRoutes);
  app.route("/v1/report-submissions", reportSubmissionRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  // Built once, on the first read: every route is registered by then.
  let document: unknown;
  app.get("/openapi.json", (c) => {
    document ??= openApiDocument(app);
    c.header("X-Content-Type-Options", "nosniff");
    return c.json(document);
  });
  return app;
}
