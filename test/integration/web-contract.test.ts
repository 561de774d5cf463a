import type { z } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCommitteesRoute } from "../../src/routes/committees/index.js";
import { listInboundRoute } from "../../src/routes/inbound/index.js";
import { getPreferencesRoute, listNotificationsRoute } from "../../src/routes/notifications/index.js";
import { listOutboxRoute } from "../../src/routes/outbox/index.js";
import {
  incomingRegisterRoute,
  outgoingRegisterRoute,
  pendingIncomingRoute,
} from "../../src/routes/registers/index.js";
import { listSchedulesRoute } from "../../src/routes/report-schedules/index.js";
import {
  getSubmissionRoute,
  listSubmissionsRoute,
  missingSubmissionsRoute,
} from "../../src/routes/report-submissions/index.js";
import { listAttachmentsRoute } from "../../src/routes/attachments/index.js";
import { getRequestRoute, listRequestsRoute } from "../../src/routes/requests/index.js";
import { CounterpartRequestDetailSchema, RequestDetailSchema } from "../../src/routes/requests/schemas.js";
import { requestSignaturesRoute } from "../../src/routes/requests/signatures.js";
import { searchRoute } from "../../src/routes/search/index.js";
import { listCertificatesRoute } from "../../src/routes/signing-certificates/index.js";
import {
  listPublicationsRoute,
  listSummariesRoute,
  statisticsRoute,
} from "../../src/routes/statistics/index.js";
import { getTemplateRoute, listTemplatesRoute } from "../../src/routes/templates/index.js";
import { listUsersRoute } from "../../src/routes/users/index.js";
import { fixedClock } from "../../src/runtime/clock.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { buildSecurityWorld, type SecurityWorld, WORLD_NOW } from "../support/route-security.js";

// The pages' types are inferred from the routes' response schemas (src/routes/contract.ts): those schemas must be
// what the API really answers. Each read the pages make, on a world with a sent and answered request, a draft with
// a file, a reply, a register entry and a submission, is parsed with the schema its route declares.

let h: Harness;
let w: SecurityWorld;

beforeAll(async () => {
  h = await createHarness({ queue: "postgres", workers: false, clock: fixedClock(WORLD_NOW) });
  const workers = await h.startWorkers();
  try {
    w = await buildSecurityWorld(h);
  } finally {
    await workers.close();
  }
}, 90_000);
afterAll(async () => {
  await h?.close();
});

type Route = { responses: { 200: { content: { "application/json": { schema: z.ZodType } } } } };

/** The answer at `path`, as `token`, parsed with the 200 schema `route` declares (the assertion names the field). */
async function expectAnswerOf(route: Route, path: string, token: string) {
  const res = await h.call("GET", path, { token });
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(200);
  const parsed = route.responses[200].content["application/json"].schema.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues, path).toEqual([]);
  return body;
}

describe("the answers the pages read are what the routes' schemas say", () => {
  it("requests: the list, the filer's and the counterpart's view, signatures and files", async () => {
    const id = w.ids.request;
    const list = await expectAnswerOf(listRequestsRoute, "/v1/requests?limit=100", w.tokens.owner);
    expect(list.items.length).toBeGreaterThan(0);
    const filer = await expectAnswerOf(getRequestRoute, `/v1/requests/${id}`, w.tokens.owner);
    expect(RequestDetailSchema.safeParse(filer).success).toBe(true);
    expect(filer.events.length).toBeGreaterThan(0);
    expect(filer.documents.length).toBeGreaterThan(0);
    expect(filer.dispatches.length).toBeGreaterThan(0);
    expect(filer.inbound.length).toBeGreaterThan(0);
    const counterpart = await expectAnswerOf(getRequestRoute, `/v1/requests/${id}`, w.tokens.counterpart);
    expect(CounterpartRequestDetailSchema.safeParse(counterpart).success).toBe(true);
    await expectAnswerOf(requestSignaturesRoute, `/v1/requests/${id}/signatures`, w.tokens.owner);
    const files = await expectAnswerOf(
      listAttachmentsRoute,
      `/v1/requests/${w.ids.draft}/attachments`,
      w.tokens.owner,
    );
    expect(files.items.length).toBeGreaterThan(0);
  });

  it("mail, registers and search", async () => {
    await expectAnswerOf(listInboundRoute, "/v1/inbound?status=processed", w.tokens.owner);
    await expectAnswerOf(listOutboxRoute, "/v1/outbox", w.tokens.owner);
    const outgoing = await expectAnswerOf(outgoingRegisterRoute, "/v1/registers/outgoing", w.tokens.owner);
    expect(outgoing.items.length).toBeGreaterThan(0);
    const incoming = await expectAnswerOf(incomingRegisterRoute, "/v1/registers/incoming", w.tokens.owner);
    expect(incoming.items.length).toBeGreaterThan(0);
    await expectAnswerOf(pendingIncomingRoute, "/v1/registers/incoming/pending", w.tokens.owner);
    await expectAnswerOf(searchRoute, "/v1/search?q=PH", w.tokens.owner);
  });

  it("people, registry, notifications, templates and certificates", async () => {
    await expectAnswerOf(listUsersRoute, "/v1/users", w.tokens.owner);
    await expectAnswerOf(listCommitteesRoute, "/v1/committees", w.tokens.owner);
    await expectAnswerOf(listNotificationsRoute, "/v1/notifications", w.tokens.owner);
    await expectAnswerOf(getPreferencesRoute, "/v1/notifications/preferences", w.tokens.owner);
    const templates = await expectAnswerOf(listTemplatesRoute, "/v1/templates", w.tokens.owner);
    await expectAnswerOf(getTemplateRoute, `/v1/templates/${templates.items[0].name}`, w.tokens.owner);
    await expectAnswerOf(listCertificatesRoute, "/v1/signing-certificates", w.tokens.owner);
  });

  it("reports: schedules, submissions, statistics, publications and summaries", async () => {
    await expectAnswerOf(listSchedulesRoute, "/v1/report-schedules", w.tokens.owner);
    await expectAnswerOf(listSubmissionsRoute, "/v1/report-submissions", w.tokens.owner);
    await expectAnswerOf(getSubmissionRoute, `/v1/report-submissions/${w.ids.submission}`, w.tokens.owner);
    await expectAnswerOf(
      missingSubmissionsRoute,
      "/v1/report-submissions/missing?periodKey=2026-Q2",
      w.tokens.owner,
    );
    await expectAnswerOf(statisticsRoute, "/v1/statistics?from=2026-01-01&to=2026-07-20", w.tokens.owner);
    await expectAnswerOf(listPublicationsRoute, "/v1/statistics/publications", w.tokens.owner);
    await expectAnswerOf(listSummariesRoute, "/v1/statistics/summaries", w.tokens.owner);
  });
});
