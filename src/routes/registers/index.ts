import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { findCommitteeByCode } from "../../db/queries/committees.js";
import {
  findPendingAttachment,
  type IncomingRow,
  listIncoming,
  listOutgoing,
  listPendingAttachments,
  type OutgoingRow,
  type RegisterFilter,
} from "../../db/queries/registers.js";
import { CENTRAL_CODE } from "../../db/seed/committee-registry.js";
import { isoDate } from "../../domain/kinds/payload-fields.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../http/context.js";
import { onlyFor } from "../../http/middleware.js";
import { createRouter } from "../../http/router.js";
import { INCOMING_COLUMNS, OUTGOING_COLUMNS, type RegisterColumn } from "../../registers/columns.js";
import { csvLines, streamXlsx } from "../../registers/export.js";
import { linkReceived, registerByClerk } from "../../registers/incoming.js";
import { letterFormatOf, letterText } from "../../registers/letter-text.js";
import { incomingPages, outgoingPages, registerCursor } from "../../registers/pages.js";
import { proposeLetterFields } from "../../registers/propose.js";
import { searchTerms, tsqueryOf } from "../../search/query.js";
import {
  errorResponses,
  IdParamSchema,
  jsonContent,
  pageOf,
  RequestReferenceBodySchema,
  jsonBody,
} from "../schemas.js";

export const registerRoutes = createRouter();
const security = [{ bearer: [] }];
const tags = ["Sổ văn bản"];

const CLASSIFICATIONS = ["thuong", "mat", "toi_mat", "tuyet_mat"] as const;
const URGENCIES = ["thuong", "khan", "thuong_khan", "hoa_toc"] as const;

const FilterShape = z.object({
  from: isoDate.optional().describe("Từ ngày (YYYY-MM-DD): ngày văn bản (sổ đi) / ngày đến (sổ đến)"),
  to: isoDate.optional().describe("Đến hết ngày (YYYY-MM-DD)"),
  type: z
    .string()
    .regex(/^[A-Za-zĐđ]{1,6}$/, "mã loại văn bản, ví dụ CV, KH")
    .optional()
    .describe("Loại văn bản (CV, KH, BC, TB, CTr…)"),
  counterpart: z
    .string()
    .max(40)
    .optional()
    .describe("Mã ủy ban nơi nhận (sổ đi) / cơ quan ban hành (sổ đến)"),
  classification: z.enum(CLASSIFICATIONS).optional(),
  q: z.string().max(200).optional().describe("Tìm trong sổ (không cần dấu)"),
});
const periodInOrder = {
  check: (q: { from?: string | undefined; to?: string | undefined }) => !q.from || !q.to || q.from <= q.to,
  params: { message: "ngày kết thúc phải sau ngày bắt đầu", path: ["to"] },
};
const ListSchema = FilterShape.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).refine(periodInOrder.check, periodInOrder.params);
const ExportSchema = FilterShape.extend({ format: z.enum(["xlsx", "csv"]).default("xlsx") }).refine(
  periodInOrder.check,
  periodInOrder.params,
);

type Filter = z.infer<typeof FilterShape>;

async function filterOf(c: Context<AppEnv>, q: Filter): Promise<Omit<RegisterFilter, "limit" | "after">> {
  const db = c.get("deps").db;
  const counterpart = q.counterpart ? await findCommitteeByCode(db, q.counterpart) : undefined;
  if (q.counterpart && !counterpart) {
    throw new AppError("validation_failed", `Không có ủy ban kiểm tra mã ${q.counterpart}`, [
      { field: "counterpart", message: "mã ủy ban không tồn tại" },
    ]);
  }
  const tsquery = q.q ? tsqueryOf(searchTerms(q.q)) : null;
  return {
    committeeId: c.get("principal").committeeId,
    from: q.from,
    to: q.to,
    typeCode: q.type,
    counterpartId: counterpart?.id,
    classification: q.classification,
    tsquery: tsquery ?? undefined,
  };
}

function afterOf(cursor: string | undefined) {
  const after = registerCursor.decode(cursor);
  if (after === null)
    throw new AppError("validation_failed", "Con trỏ phân trang không hợp lệ", [
      { field: "cursor", message: "không hợp lệ" },
    ]);
  return after;
}

/** One page's filter for either register: one row past the limit tells pageOf whether there is a next page. */
async function pageFilterOf(c: Context<AppEnv>, q: z.infer<typeof ListSchema>): Promise<RegisterFilter> {
  return { ...(await filterOf(c, q)), after: afterOf(q.cursor), limit: q.limit + 1 };
}

function present<R>(columns: RegisterColumn<R>[], row: R) {
  return Object.fromEntries(columns.map((c) => [c.key, c.value(row)]));
}

const presentOutgoing = (r: OutgoingRow) => ({
  ...present(OUTGOING_COLUMNS, r),
  documentId: r.documentId,
  requestId: r.requestId,
  term: r.term,
  typeCode: r.typeCode,
  classification: r.classification,
  urgency: r.urgency,
  delivery: {
    method: r.classification === "thuong" ? "email" : (r.handoverMethod ?? "pending_handover"),
    dispatchStatus: r.dispatchStatus,
    mailStatus: r.mailStatus,
    sentAt: r.sentAt?.toISOString() ?? null,
    deadlineAt: r.deadlineAt?.toISOString() ?? null,
    handover: r.handoverAt
      ? {
          method: r.handoverMethod,
          carriedBy: r.handoverCarriedBy,
          receivedBy: r.handoverReceivedBy,
          handedOverAt: r.handoverAt.toISOString(),
          receiptNumber: r.handoverReceipt,
        }
      : null,
  },
  attachments: r.attachments,
  links: {
    request: `/v1/requests/${r.requestId}`,
    file: r.rendered ? `/v1/documents/${r.documentId}.docx` : null,
  },
});

const presentIncoming = (r: IncomingRow) => ({
  ...present(INCOMING_COLUMNS, r),
  id: r.id,
  number: r.number,
  year: r.year,
  requestId: r.requestId,
  documentId: r.documentId,
  inboundAttachmentId: r.inboundAttachmentId,
  issuerCode: r.issuerCode,
  classification: r.classification,
  urgency: r.urgency,
  links: {
    request: r.requestId ? `/v1/requests/${r.requestId}` : null,
    file: r.documentId ? `/v1/documents/${r.documentId}.docx` : null,
  },
});

/**
 * A register's row: its columns (src/registers/columns.ts, keyed as the printed register and the export name them,
 * text, number or null), the ids and marks behind them, and links to the request and the file.
 */
const RegisterRowSchema = z
  .looseObject({
    links: z.object({ request: z.string().nullable(), file: z.string().nullable() }),
  })
  .openapi("RegisterRow");

/** A row of the incoming register: the number it was given in its year, and what it is linked to. */
const IncomingRowSchema = RegisterRowSchema.extend({
  id: z.uuid(),
  number: z.number().int(),
  year: z.number().int(),
  requestId: z.uuid().nullable(),
  documentId: z.uuid().nullable(),
}).openapi("IncomingRegisterRow");

const Page = jsonContent(
  z.object({ items: z.array(RegisterRowSchema), nextCursor: z.string().nullable() }),
  "Trang sổ",
);

export const outgoingRegisterRoute = createRoute({
  method: "get",
  path: "/outgoing",
  tags,
  summary: "Sổ văn bản đi: mọi văn bản ủy ban mình ban hành, theo số trong từng loại và nhiệm kỳ",
  security,
  request: { query: ListSchema },
  responses: { 200: Page, ...errorResponses(400, 401) },
});

registerRoutes.openapi(outgoingRegisterRoute, async (c) => {
  const q = c.req.valid("query");
  const rows = await listOutgoing(c.get("deps").db, await pageFilterOf(c, q));
  const { page, nextCursor } = pageOf(rows, q.limit, (last) => registerCursor.encode(last));
  return c.json(
    {
      items: page.map(presentOutgoing),
      nextCursor,
    },
    200,
  );
});

export const incomingRegisterRoute = createRoute({
  method: "get",
  path: "/incoming",
  tags,
  summary: "Sổ văn bản đến: số đến, ngày đến, cơ quan ban hành, số và ký hiệu, trích yếu",
  security,
  request: { query: ListSchema },
  responses: { 200: Page, ...errorResponses(400, 401) },
});

registerRoutes.openapi(incomingRegisterRoute, async (c) => {
  const q = c.req.valid("query");
  const rows = await listIncoming(c.get("deps").db, await pageFilterOf(c, q));
  const { page, nextCursor } = pageOf(rows, q.limit, (last) =>
    registerCursor.encode({ term: String(last.year), typeCode: "", number: last.number }),
  );
  return c.json({ items: page.map(presentIncoming), nextCursor }, 200);
});

async function* utf8(lines: AsyncIterable<string>) {
  for await (const line of lines) yield Buffer.from(line, "utf8");
}

const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function exportResponse<R>(
  c: Context<AppEnv>,
  format: "xlsx" | "csv",
  p: { name: string; title: string; columns: RegisterColumn<R>[]; pages: AsyncIterable<R[]> },
) {
  const stream =
    format === "xlsx"
      ? streamXlsx({ title: p.title, sheet: p.title.slice(0, 31), columns: p.columns, pages: p.pages })
      : Readable.from(utf8(csvLines(p.columns, p.pages)));
  return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
    "Content-Type": format === "xlsx" ? XLSX_MIME : "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${p.name}.${format}"`,
  });
}

const exportResponses = {
  200: {
    description: "Tệp .xlsx hoặc .csv (truyền dần, không dựng cả tệp trong bộ nhớ)",
    content: {
      [XLSX_MIME]: { schema: z.string().openapi({ format: "binary" }) },
      "text/csv": { schema: z.string() },
    },
  },
  ...errorResponses(400, 401),
};

registerRoutes.openapi(
  createRoute({
    method: "get",
    path: "/outgoing/export",
    tags,
    summary: "Xuất sổ văn bản đi (.xlsx khổ A4 ngang, hoặc .csv)",
    security,
    request: { query: ExportSchema },
    responses: exportResponses,
  }),
  async (c) => {
    const q = c.req.valid("query");
    const filter = await filterOf(c, q);
    return exportResponse(c, q.format, {
      name: `so-van-ban-di-${c.get("principal").committeeCode}`,
      title: `Sổ văn bản đi — ${c.get("principal").committeeCode}`,
      columns: OUTGOING_COLUMNS,
      pages: outgoingPages(c.get("deps").db, filter),
    });
  },
);

registerRoutes.openapi(
  createRoute({
    method: "get",
    path: "/incoming/export",
    tags,
    summary: "Xuất sổ văn bản đến (.xlsx khổ A4 ngang, hoặc .csv)",
    security,
    request: { query: ExportSchema },
    responses: exportResponses,
  }),
  async (c) => {
    const q = c.req.valid("query");
    const filter = await filterOf(c, q);
    return exportResponse(c, q.format, {
      name: `so-van-ban-den-${c.get("principal").committeeCode}`,
      title: `Sổ văn bản đến — ${c.get("principal").committeeCode}`,
      columns: INCOMING_COLUMNS,
      pages: incomingPages(c.get("deps").db, filter),
    });
  },
);

const mayTriageNewMail = (c: Context<AppEnv>) =>
  c.get("principal").committeeCode === CENTRAL_CODE && c.get("principal").roles.includes("admin");

async function proposalFor(bytes: Buffer, contentType: string, filename: string | null) {
  const format = letterFormatOf(contentType, filename);
  const text = format ? await letterText(bytes, format) : null;
  return { readable: text !== null, ...proposeLetterFields(text) };
}

export const pendingIncomingRoute = createRoute({
  method: "get",
  path: "/incoming/pending",
  tags,
  summary: "Văn bản đến chờ vào sổ: tệp DOCX/PDF kèm thư trả lời (và thư mới, với quản trị UBKT Trung ương)",
  description:
    "Với mỗi tệp, hệ thống đọc nội dung (XML của DOCX; pdftotext với PDF) và đề xuất số và ký hiệu, ngày, cơ quan ban hành, trích yếu để cán bộ xác nhận. PDF không đọc được vẫn vào sổ được: cán bộ tự nhập.",
  security,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) }) },
  responses: {
    200: jsonContent(
      z.object({
        items: z.array(
          z.object({
            attachmentId: z.uuid(),
            inboundId: z.uuid(),
            filename: z.string().nullable(),
            contentType: z.string(),
            size: z.number().int(),
            receivedAt: z.string(),
            from: z.string().nullable(),
            subject: z.string().nullable(),
            requestId: z.uuid().nullable(),
            reference: z.string().nullable(),
            source: z.enum(["reply_attachment", "new_mail"]),
            proposal: z
              .object({
                readable: z.boolean(),
                symbol: z.string().nullable(),
                issuedOn: z.string().nullable(),
                issuerName: z.string().nullable(),
                summary: z.string().nullable(),
              })
              .describe("Đề xuất từ nội dung tệp; cán bộ xác nhận hoặc sửa"),
          }),
        ),
      }),
      "Danh sách",
    ),
    ...errorResponses(400, 401),
  },
});

registerRoutes.openapi(pendingIncomingRoute, async (c) => {
  const { db } = c.get("deps");
  const committeeId = c.get("principal").committeeId;
  const unmatched = mayTriageNewMail(c);
  const pending = await listPendingAttachments(db, {
    committeeId,
    unmatched,
    limit: c.req.valid("query").limit,
  });
  const items = [];
  for (const p of pending) {
    const full = await findPendingAttachment(db, { committeeId, unmatched, attachmentId: p.attachmentId });
    // Registered or triaged by someone else between the two reads: no longer pending, so not listed.
    if (!full) continue;
    items.push({
      attachmentId: p.attachmentId,
      inboundId: p.inboundId,
      filename: p.filename,
      contentType: p.contentType,
      size: p.size,
      receivedAt: p.receivedAt.toISOString(),
      from: p.fromAddress,
      subject: p.subject,
      requestId: p.requestId,
      reference: p.reference,
      source: p.requestId ? ("reply_attachment" as const) : ("new_mail" as const),
      proposal: await proposalFor(full.bytes, p.contentType, p.filename),
    });
  }
  return c.json({ items }, 200);
});

const EntrySchema = z.object({
  attachmentId: z
    .uuid()
    .optional()
    .describe("Tệp kèm thư đến (từ danh sách chờ vào sổ); bỏ trống: văn bản giấy"),
  requestId: z.uuid().optional().describe("Yêu cầu mà văn bản trả lời"),
  symbol: z.string().trim().min(1).max(60).describe("Số và ký hiệu, ví dụ 12-CV/UBKTTU"),
  issuedOn: isoDate.optional().describe("Ngày văn bản"),
  issuerName: z.string().trim().min(1).max(300).describe("Cơ quan ban hành"),
  summary: z.string().trim().max(2000).default("").describe("Trích yếu nội dung"),
  classification: z.enum(CLASSIFICATIONS).default("thuong"),
  urgency: z.enum(URGENCIES).default("thuong"),
  delivery: z.enum(["email", "courier", "by_hand", "post"]).default("email"),
  receivedOn: isoDate.optional().describe("Ngày đến (mặc định: ngày thư đến, hoặc hôm nay)"),
});

export const recordIncomingRoute = createRoute({
  method: "post",
  path: "/incoming",
  tags,
  summary: "Vào sổ văn bản đến (cấp số đến theo thứ tự của ủy ban mình)",
  security,
  ...onlyFor("clerk", "approver"),
  request: { body: jsonBody(EntrySchema) },
  responses: {
    201: jsonContent(IncomingRowSchema, "Đã vào sổ"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

registerRoutes.openapi(recordIncomingRoute, async (c) => {
  const entry = await registerByClerk(c.get("deps"), c.get("principal"), c.req.valid("json"));
  return c.json(presentIncoming(entry), 201);
});

export const linkIncomingRoute = createRoute({
  method: "post",
  path: "/incoming/{id}/link",
  tags,
  summary: "Gắn văn bản đến với yêu cầu mà nó trả lời, hoặc yêu cầu mới lập vì nó",
  security,
  ...onlyFor("clerk", "approver"),
  request: {
    params: IdParamSchema,
    body: jsonBody(RequestReferenceBodySchema),
  },
  responses: {
    200: jsonContent(IncomingRowSchema, "Đã gắn"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

registerRoutes.openapi(linkIncomingRoute, async (c) => {
  const entry = await linkReceived(
    c.get("deps"),
    c.get("principal"),
    c.req.valid("param").id,
    c.req.valid("json").reference,
  );
  return c.json(presentIncoming(entry), 200);
});
