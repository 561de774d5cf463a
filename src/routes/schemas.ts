import { z } from "@hono/zod-openapi";
import { ERROR_CODES } from "../errors.js";

export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      requestId: z.string(),
      details: z
        .array(
          z.object({
            field: z.string().optional(),
            message: z.string(),
            code: z.string().optional().describe("Vấn đề của mẫu: loại vấn đề"),
            location: z.string().optional().describe("Vấn đề của mẫu: vị trí trong gói"),
            tag: z.string().optional(),
            context: z.string().optional().describe("Đoạn văn quanh chỗ có vấn đề"),
          }),
        )
        .optional(),
    }),
  })
  .openapi("Error");

export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: "Lỗi", content: { "application/json": { schema: ErrorEnvelopeSchema } } },
    ]),
  );

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON request body validated by `schema` (`c.req.valid("json")` is its output). */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true as const,
  content: { "application/json": { schema } },
});

/** A UUID as PostgreSQL reads one: a path like `<id>.pdf` is matched with this, never with "36 hex or dashes". */
export const UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/** The largest value of a PostgreSQL `integer` column: integers the API takes stay below it. */
export const PG_INT_MAX = 2_147_483_647;

/** A body naming a request by its reference (attach a message, link a received letter). */
export const RequestReferenceBodySchema = z.object({
  reference: z.string().regex(/^PH-\d{4}-\d{4,}$/, "dạng PH-YYYY-NNNN"),
});

export const IdParamSchema = z.object({
  id: z.uuid("mã không hợp lệ").openapi({ param: { in: "path", name: "id" } }),
});

/**
 * One page of a list read with `limit + 1` rows: the rows shown, and the cursor after the last of them when more
 * exist (null on the last page). The one way a list route builds its page.
 */
export function pageOf<R>(
  rows: readonly R[],
  limit: number,
  cursorOf: (last: R) => string,
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/** Cursors are opaque to clients: base64url of the last row's (createdAt, id). */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): { createdAt: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      typeof createdAt === "string" &&
      typeof id === "string" &&
      z.uuid().safeParse(id).success &&
      !Number.isNaN(Date.parse(createdAt))
    ) {
      return { createdAt, id };
    }
  } catch {}
  return undefined;
}
