import { createApiToken } from "../../src/auth/tokens.js";
import { revokeApiToken } from "../../src/db/queries/api-tokens.js";
import { findCommitteeByCode } from "../../src/db/queries/committees.js";
import { COMMITTEE_ROLES, type Role } from "../../src/domain/request-state.js";
import { findKind } from "../../src/domain/kinds/index.js";
import { eventually, type Harness, json } from "./harness.js";
import { fillPath, type Json, type Operation } from "./openapi-walk.js";

/**
 * The world the route suites walk the API in: three committees — the owner of every resource, the counterpart it
 * wrote to, an outsider — each with a person holding every committee role; a revoked token; and one resource of
 * each kind a path can name (a request issued and mailed, its document and message, a person and their token, a
 * report schedule, a report submission).
 */
export interface SecurityWorld {
  owner: string;
  counterpart: string;
  outsider: string;
  /** Tokens with every committee role. */
  tokens: Record<"owner" | "counterpart" | "outsider", string>;
  revoked: string;
  /** A token of the committee with exactly these roles (made on first use). */
  withRoles(committee: string, roles: Role[]): Promise<string>;
  ids: {
    request: string;
    document: string;
    message: string;
    user: string;
    userToken: string;
    schedule: string;
    submission: string;
    /** A reply to the request, taken in through the mail gateway and attached to it. */
    inbound: string;
    /** A draft of the owner's with a file attached, and the file. */
    draft: string;
    attachment: string;
    /** A paper letter in the owner's register of incoming documents. */
    incoming: string;
  };
}

export const OWNER = "CATW";
export const COUNTERPART = "NGHE-AN";
export const OUTSIDER = "HAI-PHONG";
/** 20 July 2026, 10:00 in Hà Nội: 2026-Q2 is open for submissions. */
export const WORLD_NOW = "2026-07-20T03:00:00Z";

/** The kinds' samples are dated March 2026; the world's day is later, and dates before filing are refused. */
function afterWorldNow(sample: unknown): unknown {
  const shift = (iso: string) => {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + 6);
    return d.toISOString().slice(0, 10);
  };
  const walk = (v: unknown): unknown =>
    typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)
      ? shift(v)
      : Array.isArray(v)
        ? v.map(walk)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
          : v;
  return walk(sample);
}

export async function buildSecurityWorld(h: Harness): Promise<SecurityWorld> {
  const all = [...COMMITTEE_ROLES] as Role[];
  const tokens = {
    owner: (await h.user(OWNER, all, "Trần Thị Chủ")).token,
    counterpart: (await h.user(COUNTERPART, all, "Lê Văn Đối")).token,
    outsider: (await h.user(OUTSIDER, all, "Phạm Văn Ngoài")).token,
  };
  const central = (await findCommitteeByCode(h.db, OWNER))!;
  const dead = await createApiToken(h.db, { committeeId: central.id, roles: all });
  await revokeApiToken(h.db, dead.id);

  const ok = async (res: Response, what: string) => {
    const body = await json(res);
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const kind = findKind("information_exchange")!;
  const request = await ok(
    await h.call("POST", "/v1/requests", {
      token: tokens.owner,
      body: { kind: kind.kind, to: COUNTERPART, payload: afterWorldNow(kind.sample) },
    }),
    "file a request",
  );
  await ok(await h.call("POST", `/v1/requests/${request.id}/submit`, { token: tokens.owner }), "submit");
  await ok(await h.call("POST", `/v1/requests/${request.id}/approve`, { token: tokens.owner }), "approve");
  const detail = await eventually(async () => {
    const d = await json(await h.call("GET", `/v1/requests/${request.id}`, { token: tokens.owner }));
    return d.messages?.length && d.documents?.[0]?.sha256 ? d : undefined;
  }, 30_000);

  const person = await h.user(OWNER, ["clerk"], "Ngô Thị Người");
  const { rows } = await h.db.query<{ id: string }>("select id from api_tokens where user_id = $1", [
    person.userId,
  ]);
  const schedule = await ok(
    await h.call("POST", "/v1/report-schedules", {
      token: tokens.owner,
      body: {
        code: "quy-bao-mat",
        name: "Báo cáo quý",
        target: `committee:${COUNTERPART}`,
        periodType: "quarter",
        cutoff: { closesOnDay: 14, dueWorkingDays: 10 },
        active: false,
      },
    }),
    "create a schedule",
  );
  // A submission is the counterpart's (a province reports to the centre): the outsider still must not see it.
  const submission = await ok(
    await h.call("POST", "/v1/report-submissions", {
      token: tokens.counterpart,
      body: { periodKey: "2026-Q2", figures: FIGURES },
    }),
    "submit figures",
  );

  const inbound = await receiveReply(h, request.id, detail.reference);
  const draft = await ok(
    await h.call("POST", "/v1/requests", {
      token: tokens.owner,
      body: { kind: kind.kind, to: COUNTERPART, payload: afterWorldNow(kind.sample) },
    }),
    "file a draft",
  );
  const attachment = await ok(
    await h.call("POST", `/v1/requests/${draft.id}/attachments?filename=ho-so.pdf`, {
      token: tokens.owner,
      body: PDF_BYTES,
      headers: { "content-type": "application/octet-stream" },
    }),
    "attach a file",
  );
  const incoming = await ok(
    await h.call("POST", "/v1/registers/incoming", {
      token: tokens.owner,
      body: { symbol: "12-CV/UBKTTU", issuerName: "Ủy ban Kiểm tra Tỉnh ủy Nghệ An", delivery: "post" },
    }),
    "register a paper letter",
  );

  const made = new Map<string, string>();
  return {
    owner: OWNER,
    counterpart: COUNTERPART,
    outsider: OUTSIDER,
    tokens,
    revoked: dead.token,
    async withRoles(committee, roles) {
      const key = `${committee}:${[...roles].sort().join(",")}`;
      if (!made.has(key)) made.set(key, await h.token(committee, roles));
      return made.get(key)!;
    },
    ids: {
      request: request.id,
      document: detail.documents[0].id,
      message: detail.messages[0].id,
      user: person.userId,
      userToken: rows[0]!.id,
      schedule: schedule.id,
      submission: submission.id,
      inbound,
      draft: draft.id,
      attachment: attachment.id,
      incoming: incoming.id,
    },
  };
}

/** The counterpart's reply to a request, posted by the mail gateway and matched to the request by its token. */
async function receiveReply(h: Harness, requestId: string, reference: string): Promise<string> {
  const gateway = await h.token(OWNER, ["mail_gateway"]);
  const { rows } = await h.db.query<{ token: string }>("select token from dispatches where request_id = $1", [
    requestId,
  ]);
  const raw = [
    "From: Uy ban Kiem tra <ubkt@nghean.example>",
    `To: reply+${rows[0]!.token}@phoihop.example`,
    `Subject: Re: [${reference}] V/v trao đổi thông tin`,
    `Message-ID: <reply-${requestId}@nghean.example>`,
    "Date: Mon, 20 Jul 2026 09:00:00 +0700",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Đồng ý, sẽ gửi tài liệu theo đề nghị.",
    "",
  ].join("\r\n");
  const res = await h.call("POST", "/v1/inbound/mime", {
    token: gateway,
    body: new TextEncoder().encode(raw),
    headers: { "content-type": "message/rfc822" },
  });
  const { id } = await json(res);
  if (res.status !== 202) throw new Error(`gateway: ${res.status} ${JSON.stringify(id)}`);
  return eventually(async () => {
    const { rows: r } = await h.db.query<{ request_id: string | null }>(
      "select request_id from inbound_messages where id = $1",
      [id],
    );
    return r[0]?.request_id ? (id as string) : undefined;
  }, 30_000);
}

/** The smallest file the attachment check recognises as a PDF. */
const PDF_BYTES = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

export const FIGURES = {
  inspections: { total: 12, coordinated: 3 },
  supervisions: { total: 8, coordinated: 2 },
  organisations: { total: 40, coordinated: 10 },
  members: { total: 215, coordinated: 37 },
  denunciations: { total: 6, coordinated: 1 },
  disciplined: { total: 4, coordinated: 0 },
};

/** A committee's resource named by a path: whose it is, the path's values, and a body its validation passes. */
export interface OwnedTarget {
  owner: "owner" | "counterpart";
  values: Record<string, string>;
  body?: unknown;
  query?: Record<string, string>;
  /** Sent as bytes of this type instead of JSON. */
  raw?: { type: string; bytes: Uint8Array };
  /** What the owner gets where not 200, and why: only documented answers that do not depend on the input. */
  ownerStatus?: { status: number; why: string };
}

/**
 * Every path with parameters is either a committee's own resource (here: another committee must get 404, as if it
 * did not exist) or listed in SHARED_PATHS with the reason it is not. A new route that is in neither fails the
 * suite until someone decides which it is.
 */
export function ownedTarget(w: SecurityWorld, op: Operation): OwnedTarget | undefined {
  const { ids } = w;
  const request = { id: ids.request };
  const table: Record<string, OwnedTarget> = {
    "PATCH /v1/users/{id}": { owner: "owner", values: { id: ids.user }, body: { disabled: false } },
    "POST /v1/users/{id}/tokens": { owner: "owner", values: { id: ids.user }, body: {} },
    "POST /v1/users/{id}/tokens/{tokenId}/revoke": {
      owner: "owner",
      values: { id: ids.user, tokenId: ids.userToken },
    },
    "PUT /v1/requests/{id}/follow": { owner: "owner", values: request },
    "DELETE /v1/requests/{id}/follow": { owner: "owner", values: request },
    "GET /v1/requests/{id}": { owner: "owner", values: request },
    "POST /v1/requests/{id}/submit": { owner: "owner", values: request, body: {} },
    "POST /v1/requests/{id}/approve": { owner: "owner", values: request, body: {} },
    "POST /v1/requests/{id}/cancel": { owner: "owner", values: request, body: {} },
    "POST /v1/requests/{id}/answer": { owner: "owner", values: request, body: { answer: "accepted" } },
    "GET /v1/documents/{file}": { owner: "owner", values: { file: ids.document } },
    "GET /v1/outbox/{file}": { owner: "owner", values: { file: `${ids.message}.eml` } },
    "PATCH /v1/report-schedules/{id}": {
      owner: "owner",
      values: { id: ids.schedule },
      body: { active: false },
    },
    "POST /v1/report-schedules/{id}/run": {
      owner: "owner",
      values: { id: ids.schedule },
      body: { periodKey: "2026-Q2" },
    },
    "GET /v1/report-submissions/{id}": { owner: "counterpart", values: { id: ids.submission } },
    "GET /v1/requests/{id}/signatures": { owner: "owner", values: request },
    "GET /v1/documents/{id}/signature": { owner: "owner", values: { id: ids.document } },
    "POST /v1/documents/{id}/signature": {
      owner: "owner",
      values: { id: ids.document },
      body: { cmsBase64: "MIIBAAAAAAAAAAAAAAAA" },
    },
    "POST /v1/documents/{id}/signature/prepare": { owner: "owner", values: { id: ids.document } },
    "GET /v1/requests/{id}/preview": { owner: "owner", values: { id: ids.draft } },
    "GET /v1/requests/{id}/preview.pdf": {
      owner: "owner",
      values: { id: ids.draft },
      ownerStatus: { status: 503, why: "the suite's API process runs no LibreOffice (documented 503)" },
    },
    "GET /v1/requests/{id}/attachments": { owner: "owner", values: { id: ids.draft } },
    "POST /v1/requests/{id}/attachments": {
      owner: "owner",
      values: { id: ids.draft },
      query: { filename: "them.pdf" },
      raw: { type: "application/octet-stream", bytes: PDF_BYTES },
    },
    "POST /v1/requests/{id}/handover": {
      owner: "owner",
      values: request,
      body: {
        method: "courier",
        carriedBy: "Nguyễn Văn Giao",
        receivedBy: "Trần Văn Nhận",
        handedOverAt: "2026-07-20T02:00:00Z",
      },
    },
    "GET /v1/attachments/{id}": { owner: "owner", values: { id: ids.attachment } },
    "DELETE /v1/attachments/{id}": { owner: "owner", values: { id: ids.attachment } },
    "POST /v1/registers/incoming/{id}/link": {
      owner: "owner",
      values: { id: ids.incoming },
      body: { reference: "PH-2026-0001" },
    },
    "POST /v1/inbound/{id}/review": {
      owner: "owner",
      values: { id: ids.inbound },
      body: { outcome: "dismissed" },
    },
    "PUT /v1/report-submissions/{id}": {
      owner: "counterpart",
      values: { id: ids.submission },
      body: { figures: FIGURES, reason: "Sửa số liệu theo rà soát của đơn vị" },
    },
  };
  return table[`${op.method} ${op.path}`];
}

/** Paths whose parameters name no committee's own resource, and what keeps them apart instead. */
export const SHARED_PATHS: Record<
  string,
  {
    reason: string;
    values: Record<string, string>;
    /** The outsider's admin is refused (403) changing it, with this body (which validates). */
    outsiderRefused?: { method: string; body: unknown };
  }
> = {
  "/v1/committees/{code}": {
    reason: "the registry is public; changing an entry is the committee's own admin's or the centre's (403)",
    values: { code: COUNTERPART },
    outsiderRefused: { method: "PATCH", body: { email: "uyban@nghean.example" } },
  },
  "/v1/committees/{code}/history": {
    reason: "the registry's history is public, like the registry",
    values: { code: COUNTERPART },
  },
  "/v1/committees/{code}/end": {
    reason: "registry changes are the central committee's admin's (403 to any other)",
    values: { code: COUNTERPART },
    outsiderRefused: { method: "POST", body: { validTo: "2026-12-31", source: "Nghị quyết thử nghiệm" } },
  },
  "/v1/committees/{code}/rename": {
    reason: "as /v1/committees/{code}/end",
    values: { code: COUNTERPART },
    outsiderRefused: {
      method: "POST",
      body: { validFrom: "2026-08-01", partyCommittee: "Tỉnh ủy Thử", source: "Nghị quyết thử nghiệm" },
    },
  },
  "/v1/committees/{code}/merge": { reason: "as /v1/committees/{code}/end", values: { code: COUNTERPART } },
  "/v1/signing-certificates/{id}": {
    reason:
      "a committee's certificate: the world has none (registering one needs SIGNING_TRUSTED_ROOTS); test/integration/signing.test.ts scopes it",
    values: { id: "00000000-0000-4000-8000-000000000001" },
  },
  "/v1/statistics/summaries/{file}": {
    reason:
      "a summary's readers follow the statistics scope rules (national summaries are everyone's); test/integration/past-term.test.ts scopes it",
    values: { file: "00000000-0000-4000-8000-000000000002" },
  },
  "/v1/templates/{name}": {
    reason: "a layout name: every committee reads and keeps its own versions of it",
    values: { name: "cong-van" },
  },
  "/v1/templates/{name}/activate": { reason: "as /v1/templates/{name}", values: { name: "cong-van" } },
  "/v1/templates/{name}/preview": { reason: "as /v1/templates/{name}", values: { name: "cong-van" } },
  "/v1/inbound/{id}/attach": {
    reason: "unmatched mail is the deployment's: only the central committee's admins triage it (403)",
    values: { id: "00000000-0000-4000-8000-000000000000" },
    outsiderRefused: { method: "POST", body: { reference: "PH-2026-0001" } },
  },
};

/** Path values for an operation: its owned resource, or the shared path's fixed values. */
export function pathValues(w: SecurityWorld, op: Operation): Record<string, string> {
  return ownedTarget(w, op)?.values ?? SHARED_PATHS[op.path]?.values ?? {};
}

/** Calls an operation and returns what the assertion message should show. */
export async function callOperation(
  h: Harness,
  op: Operation,
  opts: {
    token?: string;
    values: Record<string, string>;
    body?: unknown;
    query?: Record<string, string> | undefined;
    raw?: { type: string; bytes: Uint8Array } | undefined;
  },
): Promise<{ status: number; text: string; json: Json }> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | Uint8Array | undefined;
  if (opts.raw) {
    headers["content-type"] = opts.raw.type;
    body = new Uint8Array(opts.raw.bytes);
  } else if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  const query = opts.query ? `?${new URLSearchParams(opts.query)}` : "";
  const res = await h.app.request(fillPath(op.path, opts.values) + query, {
    method: op.method,
    headers,
    body,
  });
  const text = await res.text();
  let parsed: Json;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, text: text.slice(0, 600), json: parsed };
}

/** The roles that must be refused by an operation for `roles` only. */
export const refusedRoles = (roles: string[]): Role[] =>
  (COMMITTEE_ROLES as readonly Role[]).filter((r) => !roles.includes(r));
