import { z } from "@hono/zod-openapi";

/** A rate as the statistics give it: the counts, the fraction (null over nothing) and where the counts come from. */
export const RateFigureSchema = z
  .object({
    numerator: z.number(),
    denominator: z.number(),
    value: z.number().nullable().describe("null khi mẫu số bằng 0"),
    text: z.string().openapi({ example: "92,06%" }),
    fraction: z.string().openapi({ example: "58/63 (92,06%)" }),
    source: z.string(),
  })
  .openapi("RateFigure");

const RequestCountsSchema = z.array(
  z.object({ kind: z.string(), direction: z.enum(["sent", "received", "between"]), count: z.number().int() }),
);

const SubmissionFiguresSchema = z.object({
  periodType: z.string(),
  periods: z.array(z.string()),
  committees: z.number().int(),
  recordedAfterFact: z.number().int(),
  sums: z.record(z.string(), z.object({ total: z.number(), coordinated: z.number() })),
});

export const StatisticsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    committee: z.string().describe("ALL: toàn quốc"),
    requests: RequestCountsSchema,
    answers: z.object({
      dispatched: z.number().int(),
      answeredOnTime: z.number().int(),
      answeredLate: z.number().int(),
      unanswered: z.number().int(),
      awaiting: z.number().int(),
      withheld: z.number().int(),
      deliveryFailed: z.number().int(),
      medianAnswerWorkingDays: z.number().nullable(),
      overdue: z.array(
        z.object({ reference: z.string(), from: z.string(), to: z.string(), deadlineAt: z.string() }),
      ),
    }),
    documents: z.array(z.object({ typeCode: z.string(), count: z.number().int() })),
    submissions: SubmissionFiguresSchema,
    rates: z.record(z.string(), RateFigureSchema),
  })
  .openapi("Statistics");

/** What a publication keeps: the national figures of the period as they were when published. */
export const PublicationFiguresSchema = z.looseObject({
  from: z.string(),
  to: z.string(),
  rates: z.record(z.string(), RateFigureSchema),
});

export const PublicationSchema = z
  .object({
    periodKey: z.string(),
    figures: PublicationFiguresSchema,
    publishedAt: z.string(),
    publishedBy: z.string().nullable().describe("Ủy ban công bố"),
  })
  .openapi("StatisticsPublication");

/** What every view of a báo cáo tổng kết names: the period, whom it is about, its number and its file. */
const SummaryBaseSchema = z.object({
  id: z.uuid(),
  periodKey: z.string(),
  scope: z.string().nullable().describe("Ủy ban mà báo cáo nói về; null: toàn quốc"),
  symbol: z.string(),
  number: z.number().int(),
  issuedOn: z.string(),
  filename: z.string(),
  sha256: z.string(),
});

const SummaryFiguresSchema = z.record(z.string(), z.unknown()).describe("Số liệu của báo cáo, như khi lập");

/** One báo cáo tổng kết as GET /v1/statistics/summaries/{id} gives it. */
export const SummarySchema = SummaryBaseSchema.extend({
  scopeCommitteeId: z.number().int().nullable(),
  issuer: z.string(),
  issuerCommitteeId: z.number().int(),
  figures: SummaryFiguresSchema,
  createdAt: z.string(),
}).openapi("SummaryDocument");

export const SummaryListItemSchema = SummaryBaseSchema.extend({
  scopeCommitteeId: z.number().int().nullable(),
  issuer: z.string(),
  issuerCommitteeId: z.number().int(),
  createdAt: z.string(),
  download: z.string().describe("Tải văn bản .docx"),
}).openapi("SummaryListItem");

export const IssuedSummarySchema = SummaryBaseSchema.extend({
  figures: SummaryFiguresSchema,
  download: z.string().describe("Tải văn bản .docx"),
}).openapi("IssuedSummary");
