/**
 * The contract between the pages and the API: each route the pages call, named by its method and full path (the
 * mount point in src/app.ts plus the route's own path), mapped to the route's definition. Types only — the web's
 * client (src/web/api-client.ts) infers each answer from the zod schemas the route declares, and nothing here is
 * loaded at run time, so the pages stay clear of the handlers' imports (src/db and the rest).
 */
import type {
  addAttachmentRoute,
  handoverRoute,
  listAttachmentsRoute,
  removeAttachmentRoute,
} from "./attachments/index.js";
import type { listCommitteesRoute, updateCommitteeRoute } from "./committees/index.js";
import type { attachInboundRoute, listInboundRoute, reviewInboundRoute } from "./inbound/index.js";
import type {
  getPreferencesRoute,
  listNotificationsRoute,
  markReadRoute,
  putPreferencesRoute,
} from "./notifications/index.js";
import type {
  incomingRegisterRoute,
  linkIncomingRoute,
  outgoingRegisterRoute,
  pendingIncomingRoute,
  recordIncomingRoute,
} from "./registers/index.js";
import type {
  createScheduleRoute,
  listSchedulesRoute,
  runScheduleRoute,
  updateScheduleRoute,
} from "./report-schedules/index.js";
import type {
  createSubmissionRoute,
  getSubmissionRoute,
  listSubmissionsRoute,
  missingSubmissionsRoute,
  updateSubmissionRoute,
} from "./report-submissions/index.js";
import type {
  actionRoute,
  answerRoute,
  createRequestRoute,
  getRequestRoute,
  listRequestsRoute,
} from "./requests/index.js";
import type { requestSignaturesRoute } from "./requests/signatures.js";
import type { listOutboxRoute } from "./outbox/index.js";
import type { searchRoute } from "./search/index.js";
import type { addCertificateRoute, listCertificatesRoute } from "./signing-certificates/index.js";
import type {
  createSummaryRoute,
  listPublicationsRoute,
  listSummariesRoute,
  publishRoute,
  statisticsRoute,
} from "./statistics/index.js";
import type {
  activateTemplateRoute,
  getTemplateRoute,
  listTemplatesRoute,
  uploadTemplateRoute,
} from "./templates/index.js";
import type {
  createUserRoute,
  issueTokenRoute,
  listUsersRoute,
  revokeTokenRoute,
  updateUserRoute,
} from "./users/index.js";

type RequestActionRoute = ReturnType<typeof actionRoute>;

export interface ApiRoutes {
  "GET /v1/requests": typeof listRequestsRoute;
  "POST /v1/requests": typeof createRequestRoute;
  "GET /v1/requests/{id}": typeof getRequestRoute;
  "POST /v1/requests/{id}/submit": RequestActionRoute;
  "POST /v1/requests/{id}/approve": RequestActionRoute;
  "POST /v1/requests/{id}/cancel": RequestActionRoute;
  "POST /v1/requests/{id}/answer": typeof answerRoute;
  "GET /v1/requests/{id}/signatures": typeof requestSignaturesRoute;
  "GET /v1/requests/{id}/attachments": typeof listAttachmentsRoute;
  "POST /v1/requests/{id}/attachments": typeof addAttachmentRoute;
  "DELETE /v1/attachments/{id}": typeof removeAttachmentRoute;
  "POST /v1/requests/{id}/handover": typeof handoverRoute;

  "GET /v1/inbound": typeof listInboundRoute;
  "POST /v1/inbound/{id}/attach": typeof attachInboundRoute;
  "POST /v1/inbound/{id}/review": typeof reviewInboundRoute;

  "GET /v1/committees": typeof listCommitteesRoute;
  "PATCH /v1/committees/{code}": typeof updateCommitteeRoute;

  "GET /v1/users": typeof listUsersRoute;
  "POST /v1/users": typeof createUserRoute;
  "PATCH /v1/users/{id}": typeof updateUserRoute;
  "POST /v1/users/{id}/tokens": typeof issueTokenRoute;
  "POST /v1/users/{id}/tokens/{tokenId}/revoke": typeof revokeTokenRoute;

  "GET /v1/notifications": typeof listNotificationsRoute;
  "POST /v1/notifications/read": typeof markReadRoute;
  "GET /v1/notifications/preferences": typeof getPreferencesRoute;
  "PUT /v1/notifications/preferences": typeof putPreferencesRoute;

  "GET /v1/registers/outgoing": typeof outgoingRegisterRoute;
  "GET /v1/registers/incoming": typeof incomingRegisterRoute;
  "GET /v1/registers/incoming/pending": typeof pendingIncomingRoute;
  "POST /v1/registers/incoming": typeof recordIncomingRoute;
  "POST /v1/registers/incoming/{id}/link": typeof linkIncomingRoute;

  "GET /v1/report-schedules": typeof listSchedulesRoute;
  "POST /v1/report-schedules": typeof createScheduleRoute;
  "PATCH /v1/report-schedules/{id}": typeof updateScheduleRoute;
  "POST /v1/report-schedules/{id}/run": typeof runScheduleRoute;

  "GET /v1/report-submissions": typeof listSubmissionsRoute;
  "POST /v1/report-submissions": typeof createSubmissionRoute;
  "GET /v1/report-submissions/missing": typeof missingSubmissionsRoute;
  "GET /v1/report-submissions/{id}": typeof getSubmissionRoute;
  "PUT /v1/report-submissions/{id}": typeof updateSubmissionRoute;

  "GET /v1/outbox": typeof listOutboxRoute;

  "GET /v1/search": typeof searchRoute;

  "GET /v1/signing-certificates": typeof listCertificatesRoute;
  "POST /v1/signing-certificates": typeof addCertificateRoute;

  "GET /v1/statistics": typeof statisticsRoute;
  "GET /v1/statistics/publications": typeof listPublicationsRoute;
  "POST /v1/statistics/publications": typeof publishRoute;
  "GET /v1/statistics/summaries": typeof listSummariesRoute;
  "POST /v1/statistics/summaries": typeof createSummaryRoute;

  "GET /v1/templates": typeof listTemplatesRoute;
  "GET /v1/templates/{name}": typeof getTemplateRoute;
  "PUT /v1/templates/{name}": typeof uploadTemplateRoute;
  "POST /v1/templates/{name}/activate": typeof activateTemplateRoute;
}
